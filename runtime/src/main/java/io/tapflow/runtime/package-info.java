/**
 * Runs flows: the embedded stack (KRaft broker, Connect worker, schema registry) and the
 * distributed deployment on an existing cluster. Filled in by the CDC issue.
 */
package io.tapflow.runtime;

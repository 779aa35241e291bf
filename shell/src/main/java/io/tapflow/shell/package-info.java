/**
 * The interactive {@code tap>} shell: use, show, desc, peek, count, start, stop, status.
 * Filled in by the shell issue.
 */
package io.tapflow.shell;

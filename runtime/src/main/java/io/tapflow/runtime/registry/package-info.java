/**
 * The schema registry of the embedded stack: {@link io.tapflow.runtime.registry.SchemaRegistryServer} runs the
 * Apicurio registry as a child process, where the Avro schemas of change events and flow output live.
 */
package io.tapflow.runtime.registry;

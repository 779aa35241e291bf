/**
 * Python and JavaScript functions that run inside a flow's stages, on GraalVM polyglot, sandboxed.
 *
 * <p>{@link io.tapflow.udf.UdfFunction} is a checked, parsed function; {@link io.tapflow.udf.UdfFunction#open}
 * gives each stream task its own {@link io.tapflow.udf.UdfInstance} (a polyglot context on the JVM's one
 * shared engine, {@link io.tapflow.udf.UdfEngine}). How values cross between Java and the guest languages is
 * documented on {@link io.tapflow.udf.UdfInstance}.
 */
package io.tapflow.udf;

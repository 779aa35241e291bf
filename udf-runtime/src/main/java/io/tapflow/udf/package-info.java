/**
 * Python, JavaScript and Java functions that run inside a flow's stages, on GraalVM polyglot.
 * Filled in by the UDF issue; the module exists so the layout is visible from day one.
 */
package io.tapflow.udf;

/**
 * Running flows: {@link io.tapflow.runtime.flow.FlowRunner} starts a saved flow in this process (its
 * table captured by Debezium, its stages as a Kafka Streams application, its target kept by a sink
 * connector) and stops it.
 */
package io.tapflow.runtime.flow;

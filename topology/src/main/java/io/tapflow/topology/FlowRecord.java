package io.tapflow.topology;

import io.tapflow.topology.event.ChangeEvent;

/**
 * A record on its way through a flow's processors: the decoded change, and the source bytes it
 * came from, kept so that a record that fails any stage reaches the dead-letter topic unchanged.
 */
final class FlowRecord {

    final byte[] sourceKey;
    final byte[] sourceValue;
    ChangeEvent event;
    String failedStage;
    Throwable failure;
    /** In a lookup flow, the record as written to the output topic, once encoded. */
    byte[] outputKey;
    byte[] outputValue;

    FlowRecord(byte[] sourceKey, byte[] sourceValue) {
        this.sourceKey = sourceKey;
        this.sourceValue = sourceValue;
    }

    FlowRecord fail(String stage, Throwable error) {
        this.failedStage = stage;
        this.failure = error;
        return this;
    }
}

package io.tapflow.topology;

import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.UndecodableEventException;
import io.tapflow.topology.event.WireFormat;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** The read stage: decodes Debezium change events; what cannot be decoded goes to the dead-letter topic. */
final class DecodeProcessor implements Processor<byte[], byte[], byte[], FlowRecord> {

    private final String stage;
    private final String next;
    private final WireFormat format;
    private ProcessorContext<byte[], FlowRecord> context;

    DecodeProcessor(String stage, String next, WireFormat format) {
        this.stage = stage;
        this.next = next;
        this.format = format;
    }

    @Override
    public void init(ProcessorContext<byte[], FlowRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        FlowRecord flowRecord = decode(format, stage, topic, record.key(), record.value());
        if (flowRecord != null) {
            context.forward(record.withValue(flowRecord), flowRecord.failure == null ? next : FlowTopology.DEAD_LETTER);
        }
    }

    /**
     * A change event read from its topic, as a record of the flow; failed by {@code stage} when the bytes are not a
     * row change, {@code null} for a tombstone (Debezium follows each delete with one; the delete itself already
     * removed the row).
     */
    static FlowRecord decode(WireFormat format, String stage, String topic, byte[] key, byte[] value) {
        FlowRecord flowRecord = new FlowRecord(key, value);
        ChangeEvent event;
        try {
            event = format.decode(topic, key, value);
        } catch (UndecodableEventException e) {
            return flowRecord.fail(stage, e);
        }
        if (event == null) {
            return null;
        }
        flowRecord.event = event;
        return flowRecord;
    }
}

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
        FlowRecord flowRecord = new FlowRecord(record.key(), record.value());
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        ChangeEvent event;
        try {
            event = format.decode(topic, record.key(), record.value());
        } catch (UndecodableEventException e) {
            context.forward(record.withValue(flowRecord.fail(stage, e)), FlowTopology.DEAD_LETTER);
            return;
        }
        // Debezium follows each delete with a tombstone; the delete itself already removed the row.
        if (event == null) {
            return;
        }
        flowRecord.event = event;
        context.forward(record.withValue(flowRecord), next);
    }
}

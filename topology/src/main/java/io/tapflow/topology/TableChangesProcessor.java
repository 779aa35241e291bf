package io.tapflow.topology;

import io.tapflow.topology.event.WireFormat;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * In a lookup flow, reads one table's change events and runs that table's stages (the flow's stages before its
 * first lookup for the flow's own table, a lookup's own stages for a looked-up one), all in one node. It forwards
 * each record that goes on, and each failed one (to be sent to the dead-letter topic); the key stays the change
 * topic's key, so the table built from the records needs no repartitioning.
 */
final class TableChangesProcessor implements FixedKeyProcessor<byte[], byte[], FlowRecord> {

    private final String readStage;
    private final WireFormat format;
    private final StepChain steps;
    private FixedKeyProcessorContext<byte[], FlowRecord> context;

    TableChangesProcessor(String readStage, WireFormat format, List<Supplier<Step>> steps) {
        this.readStage = readStage;
        this.format = format;
        this.steps = new StepChain(steps);
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], FlowRecord> context) {
        this.context = context;
        steps.init(context);
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        FlowRecord flowRecord = DecodeProcessor.decode(format, readStage, topic, record.key(), record.value());
        if (flowRecord == null) {
            return;
        }
        boolean decoded = flowRecord.failure == null;
        if (decoded && !steps.apply(flowRecord) && flowRecord.failure == null) {
            return; // dropped by a stage
        }
        context.forward(record.withValue(flowRecord));
    }

    @Override
    public void close() {
        steps.close();
    }
}

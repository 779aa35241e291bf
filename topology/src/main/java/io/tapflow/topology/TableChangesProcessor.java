package io.tapflow.topology;

import io.tapflow.topology.event.WireFormat;
import java.util.ArrayList;
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
    private final List<Supplier<Step>> stepSuppliers;
    private final List<Step> steps = new ArrayList<>();
    private FixedKeyProcessorContext<byte[], FlowRecord> context;

    TableChangesProcessor(String readStage, WireFormat format, List<Supplier<Step>> steps) {
        this.readStage = readStage;
        this.format = format;
        this.stepSuppliers = steps;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], FlowRecord> context) {
        this.context = context;
        for (Supplier<Step> supplier : stepSuppliers) {
            Step step = supplier.get();
            step.init(context);
            steps.add(step);
        }
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        FlowRecord flowRecord = DecodeProcessor.decode(format, readStage, topic, record.key(), record.value());
        if (flowRecord == null) {
            return;
        }
        if (flowRecord.failure == null) {
            for (Step step : steps) {
                if (!step.apply(flowRecord)) {
                    if (flowRecord.failure == null) {
                        return;
                    }
                    break;
                }
            }
        }
        context.forward(record.withValue(flowRecord));
    }

    @Override
    public void close() {
        steps.forEach(Step::close);
    }
}

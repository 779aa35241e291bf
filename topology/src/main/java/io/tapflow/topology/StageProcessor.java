package io.tapflow.topology;

import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.Operation;
import io.tapflow.topology.stage.RowStage;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Runs one stage on the new image of each row; deletes pass through untouched. */
final class StageProcessor implements Processor<byte[], FlowRecord, byte[], FlowRecord> {

    private final RowStage stage;
    private final String next;
    private ProcessorContext<byte[], FlowRecord> context;

    StageProcessor(RowStage stage, String next) {
        this.stage = stage;
        this.next = next;
    }

    @Override
    public void init(ProcessorContext<byte[], FlowRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], FlowRecord> record) {
        FlowRecord flowRecord = record.value();
        ChangeEvent event = flowRecord.event;
        if (event.op() == Operation.DELETE) {
            context.forward(record, next);
            return;
        }
        boolean keep;
        try {
            keep = stage.apply(event.after());
        } catch (RuntimeException e) {
            context.forward(record.withValue(flowRecord.fail(stage.name(), e)), FlowTopology.DEAD_LETTER);
            return;
        }
        if (keep) {
            context.forward(record, next);
        } else if (event.op() == Operation.UPDATE) {
            // The row may have matched before this update: delete it so the target equals the filtered source.
            flowRecord.event = new ChangeEvent(Operation.DELETE, event.key(), event.before(), null,
                    event.source(), event.tsMs(), event.columnTypes());
            context.forward(record, next);
        }
    }
}

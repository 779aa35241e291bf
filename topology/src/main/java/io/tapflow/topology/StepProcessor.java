package io.tapflow.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Runs one stage as its own topology node: what goes on is forwarded to the next node, failures to the dead-letter node. */
final class StepProcessor implements Processor<byte[], FlowRecord, byte[], FlowRecord> {

    private final Step step;
    private final String next;
    private ProcessorContext<byte[], FlowRecord> context;

    StepProcessor(Step step, String next) {
        this.step = step;
        this.next = next;
    }

    @Override
    public void init(ProcessorContext<byte[], FlowRecord> context) {
        this.context = context;
        step.init(context);
    }

    @Override
    public void process(Record<byte[], FlowRecord> record) {
        FlowRecord flowRecord = record.value();
        if (step.apply(flowRecord)) {
            context.forward(record, next);
        } else if (flowRecord.failure != null) {
            context.forward(record, FlowTopology.DEAD_LETTER);
        }
    }

    @Override
    public void close() {
        step.close();
    }
}

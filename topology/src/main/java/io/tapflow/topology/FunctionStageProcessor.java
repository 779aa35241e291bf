package io.tapflow.topology;

import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.Operation;
import io.tapflow.topology.stage.FunctionStage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Runs a Python, JavaScript or Java function stage. The function's instance (for Python and JavaScript a
 * context of its own) is created in {@link #init} and closed in {@link #close}, so it lives on one stream
 * thread with its task. A record the function fails on goes to the dead-letter topic and is counted in the
 * metric {@code function-errors-total} (group {@code stream-tapflow-stage-metrics}, tag
 * {@code tapflow-stage-id} = the stage name); the flow keeps running.
 */
final class FunctionStageProcessor implements Processor<byte[], FlowRecord, byte[], FlowRecord> {

    /** The metrics scope of TapFlow's stages: the group {@code stream-tapflow-stage-metrics}. */
    static final String METRICS_SCOPE = "tapflow-stage";
    /** Records a function failed on: metrics {@code function-errors-total} and {@code -rate}. */
    static final String ERRORS = "function-errors";
    /** What {@link #apply} returns for a record it sent to the dead-letter topic; compared by identity. */
    private static final Map<String, Object> FAILED = java.util.Collections.unmodifiableMap(new LinkedHashMap<>());

    private final FunctionStage stage;
    private final String next;
    private final Map<String, String> env;
    private ProcessorContext<byte[], FlowRecord> context;
    private FunctionStage.Instance instance;
    private Sensor errors;

    FunctionStageProcessor(FunctionStage stage, String next, Map<String, String> env) {
        this.stage = stage;
        this.next = next;
        this.env = env;
    }

    @Override
    public void init(ProcessorContext<byte[], FlowRecord> context) {
        this.context = context;
        this.errors = context.metrics().addRateTotalSensor(METRICS_SCOPE, stage.name(), ERRORS,
                Sensor.RecordingLevel.INFO, "task-id", context.taskId().toString());
        this.instance = stage.open(env);
    }

    @Override
    public void process(Record<byte[], FlowRecord> record) {
        FlowRecord flowRecord = record.value();
        ChangeEvent event = flowRecord.event;
        if (event.op() == Operation.DELETE) {
            if (!stage.seesDeletes()) {
                context.forward(record, next);
                return;
            }
            Map<String, Object> old = event.before() != null ? event.before() : new LinkedHashMap<>(event.key());
            // The function decides whether the delete goes on; what it returns for a delete is not written.
            Map<String, Object> verdict = apply(record, old, event);
            if (verdict != null && verdict != FAILED) {
                context.forward(record, next);
            }
            return;
        }
        Map<String, Object> result = apply(record, event.after(), event);
        if (result == FAILED) {
            return;
        }
        if (result == null) {
            if (event.op() == Operation.UPDATE) {
                // The row may be in the target from before: delete it, so the target equals what the flow makes.
                flowRecord.event = new ChangeEvent(Operation.DELETE, event.key(), event.before(), null,
                        event.source(), event.tsMs(), event.columnTypes());
                context.forward(record, next);
            }
            return;
        }
        if (result != event.after()) {
            event.after().clear();
            event.after().putAll(result);
        }
        context.forward(record, next);
    }

    /** The function's result; {@link #FAILED} after sending the record to the dead-letter topic. */
    private Map<String, Object> apply(Record<byte[], FlowRecord> record, Map<String, Object> row, ChangeEvent event) {
        try {
            return instance.apply(row, event);
        } catch (RuntimeException e) {
            errors.record();
            context.forward(record.withValue(record.value().fail(stage.name(), e)), FlowTopology.DEAD_LETTER);
            return FAILED;
        }
    }

    @Override
    public void close() {
        if (instance != null) {
            instance.close();
        }
        if (errors != null) {
            context.metrics().removeSensor(errors);
        }
    }
}

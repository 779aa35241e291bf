package io.tapflow.topology;

import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.Operation;
import io.tapflow.topology.stage.FunctionStage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * A Python, JavaScript or Java function stage. The function's instance (for Python and JavaScript a context of
 * its own) is opened in {@link #init} and closed in {@link #close}, so it lives on one stream thread with its
 * task. A record the function fails on is failed (it goes to the dead-letter topic) and counted in the metric
 * {@code function-errors-total} (group {@code stream-tapflow-stage-metrics}, tag {@code tapflow-stage-id} = the
 * stage name); the flow keeps running.
 */
final class FunctionStep implements Step {

    /** The metrics scope of TapFlow's stages: the group {@code stream-tapflow-stage-metrics}. */
    static final String METRICS_SCOPE = "tapflow-stage";
    /** Records a function failed on: metrics {@code function-errors-total} and {@code -rate}. */
    static final String ERRORS = "function-errors";

    private final FunctionStage stage;
    private final String metricsName;
    private final Map<String, String> env;
    private ProcessingContext context;
    private FunctionStage.Instance instance;
    private Sensor errors;

    /**
     * @param metricsName the name the stage's metrics are tagged with (its name; for a lookup's stage,
     *     {@code <lookup>/<stage>})
     */
    FunctionStep(FunctionStage stage, String metricsName, Map<String, String> env) {
        this.stage = stage;
        this.metricsName = metricsName;
        this.env = env;
    }

    @Override
    public void init(ProcessingContext context) {
        this.context = context;
        this.errors = context.metrics().addRateTotalSensor(METRICS_SCOPE, metricsName, ERRORS,
                Sensor.RecordingLevel.INFO, "task-id", context.taskId().toString());
        this.instance = stage.open(env);
    }

    @Override
    public boolean apply(FlowRecord record) {
        ChangeEvent event = record.event;
        if (event.op() == Operation.DELETE) {
            if (!stage.seesDeletes()) {
                return true;
            }
            Map<String, Object> old = event.before() != null ? event.before() : new LinkedHashMap<>(event.key());
            // The function decides whether the delete goes on; what it returns for a delete is not written.
            try {
                return instance.apply(old, event) != null;
            } catch (RuntimeException e) {
                return failed(record, e);
            }
        }
        Map<String, Object> result;
        try {
            result = instance.apply(event.after(), event);
        } catch (RuntimeException e) {
            return failed(record, e);
        }
        if (result == null) {
            if (event.op() == Operation.UPDATE) {
                // The row may be in the target from before: delete it, so the target equals what the flow makes.
                record.event = event.asDelete();
                return true;
            }
            return false;
        }
        if (result != event.after()) {
            event.after().clear();
            event.after().putAll(result);
        }
        return true;
    }

    private boolean failed(FlowRecord record, RuntimeException e) {
        errors.record();
        record.fail(stage.name(), e);
        return false;
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

package io.tapflow.topology.stage;

import io.tapflow.spec.JavaScriptStage;
import io.tapflow.spec.UdfStageSpec;
import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.udf.UdfException;
import io.tapflow.udf.UdfFunction;
import io.tapflow.udf.UdfInstance;
import io.tapflow.udf.UdfLanguage;
import java.time.Duration;
import java.util.Map;

/** {@code py(...)} and {@code js(...)}: a sandboxed function on the shared GraalVM engine, a context per task. */
final class PolyglotStage implements FunctionStage {

    private final UdfFunction function;
    private final boolean deletes;

    PolyglotStage(UdfStageSpec spec) {
        UdfLanguage language = spec instanceof JavaScriptStage ? UdfLanguage.JAVASCRIPT : UdfLanguage.PYTHON;
        Duration limit = spec.timeLimitMs() == null ? null : Duration.ofMillis(spec.timeLimitMs());
        this.function = UdfFunction.of(language, spec.name(), spec.source(), limit);
        this.deletes = spec.deletes();
    }

    @Override
    public String name() {
        return function.name();
    }

    @Override
    public boolean seesDeletes() {
        return deletes;
    }

    @Override
    public Instance open(Map<String, String> env) {
        UdfInstance udf = function.open(env);
        return new Instance() {
            @Override
            public Map<String, Object> apply(Map<String, Object> row, ChangeEvent event) {
                try {
                    return udf.call(row, Changes.udfEvent(event));
                } catch (UdfException e) {
                    throw new StageFailure(e.getMessage(), e.guestStackTrace(), e);
                }
            }

            @Override
            public void close() {
                udf.close();
            }
        };
    }
}

package io.tapflow.topology.stage;

import io.tapflow.RecordFunction;
import io.tapflow.RecordPredicate;
import io.tapflow.Row;
import io.tapflow.spec.JavaFilterStage;
import io.tapflow.spec.JavaStageSpec;
import io.tapflow.spec.MapStage;
import io.tapflow.topology.event.ChangeEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * {@code map(...)} and {@code filter(RecordPredicate)}: Java code, given as an object or loaded by class name
 * (created once per flow and shared by its tasks, as the API's Javadoc says).
 */
final class JavaFunctionStage implements FunctionStage {

    private final String name;
    private final RecordFunction function;
    private final RecordPredicate predicate;

    JavaFunctionStage(JavaStageSpec spec) {
        this.name = spec.name();
        Object instance = spec.instance() != null ? spec.instance() : create(spec);
        this.function = spec instanceof MapStage ? (RecordFunction) instance : null;
        this.predicate = spec instanceof JavaFilterStage ? (RecordPredicate) instance : null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean seesDeletes() {
        return false;
    }

    @Override
    public Instance open(Map<String, String> env) {
        return new Instance() {
            @Override
            public Map<String, Object> apply(Map<String, Object> row, ChangeEvent event) {
                Row in = Row.of(row, Changes.rowChange(event, env));
                try {
                    if (predicate != null) {
                        return predicate.test(in) ? row : null;
                    }
                    Row out = function.apply(in);
                    return out == null ? null : out.fields();
                } catch (RuntimeException e) {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    throw new StageFailure("Java stage '" + name + "' failed on this record: " + e, trace.toString(), e);
                }
            }

            @Override
            public void close() {
                // Java stages hold nothing per task.
            }
        };
    }

    private static Object create(JavaStageSpec spec) {
        Class<?> expected = spec instanceof MapStage ? RecordFunction.class : RecordPredicate.class;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> type = Class.forName(spec.className(), true, loader == null
                    ? JavaFunctionStage.class.getClassLoader() : loader);
            if (!expected.isAssignableFrom(type)) {
                throw new IllegalArgumentException("Stage '" + spec.name() + "': class " + spec.className()
                        + " does not implement " + expected.getName() + ". Fix: implement it, or name another class.");
            }
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException("Stage '" + spec.name() + "': cannot create " + spec.className() + ": "
                    + e + ". Fix: put the class on the class path of the JVM that runs the flow, public, with a public"
                    + " no-argument constructor.", e);
        }
    }
}

package io.tapflow.topology.stage;

import io.tapflow.topology.event.ChangeEvent;
import java.util.Map;

/**
 * A stage that runs user code on each row: a Python or JavaScript function ({@code py}, {@code js}) or a Java
 * one ({@code map}, {@code javaFilter}). Compiled once per flow (sources parsed, classes loaded); every stream
 * task {@link #open opens} its own instance in its processor's {@code init} and closes it with the task, so
 * that a guest-language context is never shared between threads.
 */
public interface FunctionStage {

    /** The stage's user-visible name. */
    String name();

    /** Whether the function sees deletes; otherwise they pass the stage untouched. */
    boolean seesDeletes();

    /**
     * An instance for one stream task, warmed up (context created, source evaluated) before the first record.
     *
     * @param env the values the flow was started with ({@code context.env})
     */
    Instance open(Map<String, String> env);

    /** One task's instance; used by one thread at a time. */
    interface Instance extends AutoCloseable {

        /**
         * Runs the function on one row (the new image, or for a delete the old one).
         *
         * @param row the row; not changed
         * @param event the change the row comes from
         * @return the row to write, or {@code null} to drop it
         * @throws StageFailure if the function failed on this row; the record goes to the dead-letter topic
         */
        Map<String, Object> apply(Map<String, Object> row, ChangeEvent event);

        @Override
        void close();
    }
}

package io.tapflow.spec;

/** A stage that runs a Python or JavaScript function ({@link PythonStage}, {@link JavaScriptStage}). */
public sealed interface UdfStageSpec extends StageSpec permits PythonStage, JavaScriptStage {

    /** The function's source. */
    String source();

    /** Whether the function also sees deletes. */
    boolean deletes();

    /** The time limit per call in milliseconds, or {@code null} for the default. */
    Long timeLimitMs();
}

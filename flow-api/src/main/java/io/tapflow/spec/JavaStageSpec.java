package io.tapflow.spec;

/** A stage that runs Java code ({@link MapStage}, {@link JavaFilterStage}). */
public sealed interface JavaStageSpec extends StageSpec permits MapStage, JavaFilterStage {

    /** The class to load by name, or {@code null} when the stage holds an object. */
    String className();

    /** The function or predicate object, or {@code null} when only the class is named. */
    Object instance();
}

package io.tapflow.topology.stage;

import io.tapflow.spec.AddFieldsStage;
import io.tapflow.spec.ExcludeStage;
import io.tapflow.spec.FilterStage;
import io.tapflow.spec.IncludeStage;
import io.tapflow.spec.JavaStageSpec;
import io.tapflow.spec.LookupStage;
import io.tapflow.spec.RenameStage;
import io.tapflow.spec.StageSpec;
import io.tapflow.spec.UdfStageSpec;

/** Turns stage specs into runnable stages. */
public final class Stages {

    private Stages() {
    }

    /** Whether the stage runs user code: a {@link FunctionStage} rather than a {@link RowStage}. */
    public static boolean isFunction(StageSpec spec) {
        return spec instanceof UdfStageSpec || spec instanceof JavaStageSpec;
    }

    /**
     * The runnable form of a (validated) stage that runs user code: sources parsed and classes loaded once,
     * here; each task then opens its own instance.
     *
     * @throws IllegalArgumentException if a class named by the stage cannot be loaded
     */
    public static FunctionStage function(StageSpec spec) {
        return switch (spec) {
            case UdfStageSpec udf -> new PolyglotStage(udf);
            case JavaStageSpec java -> new JavaFunctionStage(java);
            default -> throw new IllegalArgumentException("stage '" + spec.name() + "' runs no function");
        };
    }

    /** The runnable form of a (validated) stateless stage spec; expressions are parsed once, here. */
    public static RowStage compile(StageSpec spec) {
        return switch (spec) {
            case ExcludeStage exclude -> new ExcludeFields(exclude.name(), exclude.fields());
            case IncludeStage include -> new IncludeFields(include.name(), include.fields());
            case RenameStage rename -> new RenameFields(rename.name(), rename.fields());
            case FilterStage filter -> new FilterRows(filter.name(), filter.expression());
            case AddFieldsStage add -> new AddFields(add.name(), add.fields());
            case UdfStageSpec ignored -> throw notStateless(spec, "runs a function: use Stages.function");
            case JavaStageSpec ignored -> throw notStateless(spec, "runs a function: use Stages.function");
            case LookupStage ignored -> throw notStateless(spec, "is a lookup, which keeps state: see LookupTopology");
        };
    }

    private static IllegalArgumentException notStateless(StageSpec spec, String why) {
        return new IllegalArgumentException("stage '" + spec.name() + "' " + why);
    }
}

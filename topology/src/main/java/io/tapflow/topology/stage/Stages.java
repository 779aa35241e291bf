package io.tapflow.topology.stage;

import io.tapflow.spec.AddFieldsStage;
import io.tapflow.spec.ExcludeStage;
import io.tapflow.spec.FilterStage;
import io.tapflow.spec.IncludeStage;
import io.tapflow.spec.RenameStage;
import io.tapflow.spec.StageSpec;

/** Turns stage specs into runnable stages. */
public final class Stages {

    private Stages() {
    }

    /** The runnable form of a (validated) stage spec; expressions are parsed once, here. */
    public static RowStage compile(StageSpec spec) {
        return switch (spec) {
            case ExcludeStage exclude -> new ExcludeFields(exclude.name(), exclude.fields());
            case IncludeStage include -> new IncludeFields(include.name(), include.fields());
            case RenameStage rename -> new RenameFields(rename.name(), rename.fields());
            case FilterStage filter -> new FilterRows(filter.name(), filter.expression());
            case AddFieldsStage add -> new AddFields(add.name(), add.fields());
        };
    }
}

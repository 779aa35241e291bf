package io.tapflow.topology;

import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.Operation;
import io.tapflow.topology.stage.RowStage;

/** A stateless stage on the new image of each row; deletes pass through untouched. */
final class RowStageStep implements Step {

    private final RowStage stage;

    RowStageStep(RowStage stage) {
        this.stage = stage;
    }

    @Override
    public boolean apply(FlowRecord record) {
        ChangeEvent event = record.event;
        if (event.op() == Operation.DELETE) {
            return true;
        }
        boolean keep;
        try {
            keep = stage.apply(event.after());
        } catch (RuntimeException e) {
            record.fail(stage.name(), e);
            return false;
        }
        if (keep) {
            return true;
        }
        if (event.op() == Operation.UPDATE) {
            // The row may have matched before this update: delete it so the target equals the filtered source.
            record.event = event.asDelete();
            return true;
        }
        return false;
    }
}

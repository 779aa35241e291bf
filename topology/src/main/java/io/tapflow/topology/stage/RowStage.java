package io.tapflow.topology.stage;

import java.util.Map;

/**
 * One stateless stage of a flow, applied to the new image of each inserted, updated or snapshot row.
 * Deletes never reach a stage: a delete removes the row, whatever the stages would do to it.
 */
public interface RowStage {

    /** The stage's user-visible name, used in dead-letter headers, logs and metrics. */
    String name();

    /**
     * Transforms the row in place.
     *
     * @return {@code false} to drop the row (a filter that does not match)
     * @throws StageFailure if the row cannot go through this stage; the record goes to the dead-letter topic
     */
    boolean apply(Map<String, Object> row);
}

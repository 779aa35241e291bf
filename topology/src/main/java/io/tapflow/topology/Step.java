package io.tapflow.topology;

import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * One stage of a flow as the processors run it: it changes a record in place, drops it, or fails it. A
 * {@link StepProcessor} runs one step per topology node (flows without lookups); a lookup flow's table and
 * wide-row processors run a list of them in one node.
 */
interface Step {

    /** Prepares the step for one stream task (a function stage opens its instance here). */
    default void init(ProcessingContext context) {
    }

    /**
     * Applies the step to a record.
     *
     * @return {@code true} if the record goes on; {@code false} if it stops here: dropped, or failed, in which case
     *     {@link FlowRecord#failure} is set and the record belongs on the dead-letter topic
     */
    boolean apply(FlowRecord record);

    /** Releases what {@link #init} opened. */
    default void close() {
    }
}

package io.tapflow.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/** Several stages run in one topology node, in order: a lookup flow's stages of one table or segment. */
final class StepChain {

    private final List<Supplier<Step>> suppliers;
    private final List<Step> steps = new ArrayList<>();

    StepChain(List<Supplier<Step>> suppliers) {
        this.suppliers = suppliers;
    }

    /** Opens every stage for one stream task. */
    void init(ProcessingContext context) {
        for (Supplier<Step> supplier : suppliers) {
            Step step = supplier.get();
            step.init(context);
            steps.add(step);
        }
    }

    /** Whether there are stages at all. */
    boolean isEmpty() {
        return suppliers.isEmpty();
    }

    /**
     * Runs the stages on a record until one stops it.
     *
     * @return {@code true} if the record went through every stage; {@code false} if one dropped it or failed it
     *     ({@link FlowRecord#failure} set)
     */
    boolean apply(FlowRecord record) {
        for (Step step : steps) {
            if (!step.apply(record)) {
                return false;
            }
        }
        return true;
    }

    /** Closes what {@link #init} opened. */
    void close() {
        steps.forEach(Step::close);
        steps.clear();
    }
}

package io.tapflow;

/**
 * A Java condition a flow keeps rows by: {@code .filter(row -> row.get("customer_id") != null)}.
 *
 * <p>Like {@link FlowStageStep#filter(String)}: a row that stops matching after an update is deleted
 * downstream. May be called by several stream threads at once. A lambda lives only in the program that
 * defines the flow: a flow stored in a cluster names a class instead ({@link FlowStageStep#filter(Class)}).
 */
@FunctionalInterface
public interface RecordPredicate {

    /**
     * Whether to keep the row.
     *
     * @throws RuntimeException to send the record to the dead-letter topic; the flow keeps running
     */
    boolean test(Row row);
}

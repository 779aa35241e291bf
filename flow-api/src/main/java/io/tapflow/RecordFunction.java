package io.tapflow;

/**
 * A Java function a flow applies to each row: {@code .map(row -> row.with("source", "crm"))}.
 *
 * <p>Runs on inserted, updated and snapshot rows (deletes pass through). It may be called by several stream
 * threads at once, so keep it stateless or thread-safe. A lambda lives only in the program that defines the
 * flow: a flow stored in a cluster names a class instead ({@link FlowStageStep#map(Class)}).
 */
@FunctionalInterface
public interface RecordFunction {

    /**
     * Transforms one row.
     *
     * @return the row to write, or {@code null} to drop it (an update dropped here deletes the document,
     *     as a {@link FlowStageStep#filter(String) filter} does)
     * @throws RuntimeException to send the record to the dead-letter topic; the flow keeps running
     */
    Row apply(Row row);
}

package io.tapflow;

import java.time.Instant;
import java.util.Map;

/**
 * The change a {@link Row} comes from: what a Java stage knows beyond the row's fields (Python and
 * JavaScript stages see the same as their {@code context}).
 *
 * @param op {@code insert}, {@code update}, {@code delete} or {@code snapshot}
 * @param before the row before the change, or {@code null} (snapshot rows and inserts have none)
 * @param table the source table, {@code <database>.<table>}
 * @param position where the change sits in the source's log (Debezium's {@code source} block)
 * @param eventTime when the change was made in the source database
 * @param env the values the flow was started with
 */
public record RowChange(String op, Map<String, Object> before, String table, Map<String, Object> position,
                        Instant eventTime, Map<String, String> env) {

    /** An insert into no particular table, with no env: for tests of a function. */
    public static RowChange insert() {
        return new RowChange("insert", null, "", Map.of(), Instant.EPOCH, Map.of());
    }
}

package io.tapflow.udf;

import java.time.Instant;
import java.util.Map;

/**
 * What a UDF's {@code context} tells about the change a record comes from.
 *
 * @param op {@code insert}, {@code update}, {@code delete} or {@code snapshot}
 * @param before the row before the change, or {@code null} (snapshot rows and inserts have none)
 * @param table the source table, {@code <database>.<table>}
 * @param position where the change sits in the source's log: Debezium's {@code source} block (binlog
 *     file and position, GTID, server id, snapshot flag, ...)
 * @param eventTime when the change was made in the source database, or when it was captured if the source
 *     does not say
 */
public record UdfEvent(String op, Map<String, Object> before, String table, Map<String, Object> position,
                       Instant eventTime) {
}

package io.tapflow.topology.stage;

import io.tapflow.RowChange;
import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.udf.UdfEvent;
import java.time.Instant;
import java.util.Map;

/** What a function's {@code context} tells about a change event. */
final class Changes {

    private Changes() {
    }

    static UdfEvent udfEvent(ChangeEvent event) {
        return new UdfEvent(op(event), event.before(), table(event), event.source(), eventTime(event));
    }

    static RowChange rowChange(ChangeEvent event, Map<String, String> env) {
        return new RowChange(op(event), event.before(), table(event), event.source(), eventTime(event), env);
    }

    static String op(ChangeEvent event) {
        return switch (event.op()) {
            case SNAPSHOT -> "snapshot";
            case INSERT -> "insert";
            case UPDATE -> "update";
            case DELETE -> "delete";
        };
    }

    private static String table(ChangeEvent event) {
        Map<String, Object> source = event.source();
        if (source == null) {
            return "";
        }
        Object db = source.get("db");
        Object table = source.get("table");
        return db == null ? String.valueOf(table) : db + "." + table;
    }

    /** When the database made the change (Debezium's {@code source.ts_ms}), else when it was captured. */
    private static Instant eventTime(ChangeEvent event) {
        Object ts = event.source() == null ? null : event.source().get("ts_ms");
        return Instant.ofEpochMilli(ts instanceof Number n && n.longValue() > 0 ? n.longValue() : event.tsMs());
    }
}

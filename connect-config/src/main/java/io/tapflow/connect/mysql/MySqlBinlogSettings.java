package io.tapflow.connect.mysql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A server's binlog settings, and what to change so that Debezium can read changes from them:
 * {@code log_bin} on, {@code binlog_format=ROW}, {@code binlog_row_image=FULL} and a non-zero
 * {@code server_id}.
 */
record MySqlBinlogSettings(boolean logBin, String format, String rowImage, long serverId) {

    /**
     * What is wrong and how to fix it, for a server at {@code address}; empty if Debezium can read
     * this binlog. Every setting that is wrong is named, with its {@code my.cnf} line.
     */
    Optional<String> problem(MySqlFlavor flavor, String address) {
        List<String> wrong = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<String> setGlobal = new ArrayList<>();
        if (!logBin) {
            wrong.add("log_bin is OFF");
            lines.add("log_bin = " + flavor.binlogBaseName());
        }
        if (!"ROW".equals(upper(format))) {
            wrong.add("binlog_format is " + format + " (Debezium needs ROW)");
            lines.add("binlog_format = ROW");
            setGlobal.add("SET GLOBAL binlog_format = 'ROW';");
        }
        if (!"FULL".equals(upper(rowImage))) {
            wrong.add("binlog_row_image is " + rowImage + " (Debezium needs FULL)");
            lines.add("binlog_row_image = FULL");
            setGlobal.add("SET GLOBAL binlog_row_image = 'FULL';");
        }
        if (serverId == 0) {
            wrong.add("server_id is 0 (the binlog needs an id other than 0)");
            lines.add("server_id = 1");
            setGlobal.add("SET GLOBAL server_id = 1;");
        }
        if (wrong.isEmpty()) {
            return Optional.empty();
        }
        String myCnf = "\n[mysqld]\n" + String.join("\n", lines) + "\n";
        if (!logBin) {
            return Optional.of("the " + flavor + " server at " + address + " does not write the binlog that Debezium"
                    + " reads changes from: " + String.join(", ", wrong) + ". Fix: add these lines under [mysqld] in"
                    + " the server's my.cnf and restart the server (log_bin cannot be turned on while it runs):" + myCnf);
        }
        return Optional.of("the " + flavor + " server at " + address + " writes a binlog that Debezium cannot read"
                + " changes from: " + String.join(", ", wrong) + ". Fix: add these lines under [mysqld] in the server's"
                + " my.cnf, so that they survive a restart:" + myCnf + "and apply them now, as an administrator: "
                + String.join(" ", setGlobal) + " (sessions that are already open keep the old setting until they"
                + " reconnect).");
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }
}

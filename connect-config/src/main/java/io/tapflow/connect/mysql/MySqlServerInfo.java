package io.tapflow.connect.mysql;

import java.util.Objects;

/**
 * The server behind a {@code mysql} data source, as {@link MySqlSourceCheck} found it.
 *
 * @param flavor MariaDB or MySQL, which decides the Debezium connector ({@link #connectorClass()})
 * @param version the server's version number, for example {@code 11.4.5} or {@code 8.0.36}
 * @param serverId the server's {@code server_id}
 */
public record MySqlServerInfo(MySqlFlavor flavor, String version, long serverId) {

    /** Checks that flavor and version are given. */
    public MySqlServerInfo {
        Objects.requireNonNull(flavor, "flavor");
        Objects.requireNonNull(version, "version");
    }

    /** The Debezium source connector class that reads this server; see {@link MySqlFlavor#connectorClass()}. */
    public String connectorClass() {
        return flavor.connectorClass();
    }

    /** Whether this is at least the given version, for example {@code atLeast(10, 5, 2)}. */
    boolean atLeast(int... required) {
        String[] parts = version.split("\\.");
        for (int i = 0; i < required.length; i++) {
            int actual = i < parts.length ? leadingNumber(parts[i]) : 0;
            if (actual != required[i]) {
                return actual > required[i];
            }
        }
        return true;
    }

    private static int leadingNumber(String part) {
        int end = 0;
        while (end < part.length() && Character.isDigit(part.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(part.substring(0, end));
    }
}

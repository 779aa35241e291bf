package io.tapflow.connect.mysql;

/**
 * Which server a {@code mysql} data source turned out to be. The two need different Debezium
 * connectors: the MySQL connector against MariaDB silently loses changes made while it was stopped.
 */
public enum MySqlFlavor {
    /** MariaDB, read by Debezium's MariaDB connector. */
    MARIADB("MariaDB", "io.debezium.connector.mariadb.MariaDbConnector", "mariadb-bin"),
    /** MySQL (and servers that call themselves MySQL), read by Debezium's MySQL connector. */
    MYSQL("MySQL", "io.debezium.connector.mysql.MySqlConnector", "mysql-bin");

    private final String displayName;
    private final String connectorClass;
    private final String binlogBaseName;

    MySqlFlavor(String displayName, String connectorClass, String binlogBaseName) {
        this.displayName = displayName;
        this.connectorClass = connectorClass;
        this.binlogBaseName = binlogBaseName;
    }

    /** The Debezium source connector class for this server, as Kafka Connect's {@code connector.class}. */
    public String connectorClass() {
        return connectorClass;
    }

    /** The binlog file name prefix this server's own documentation uses, for {@code log_bin = ...}. */
    String binlogBaseName() {
        return binlogBaseName;
    }

    /** {@code MariaDB} or {@code MySQL}. */
    @Override
    public String toString() {
        return displayName;
    }
}

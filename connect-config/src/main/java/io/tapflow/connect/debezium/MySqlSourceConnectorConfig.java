package io.tapflow.connect.debezium;

import io.tapflow.DataSource;
import io.tapflow.DataSourceKind;
import io.tapflow.connect.mysql.MySqlServerInfo;
import io.tapflow.connect.mysql.MySqlSourceCheck;
import io.tapflow.topology.FlowTopics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Debezium source connector config for a MySQL or MariaDB data source: one connector per data
 * source, shared by every flow that reads it, capturing the tables those flows read.
 *
 * <p>Every name is derived from the data source's name, so a reader who knows one data source can
 * find everything of another: connector {@code tapflow-source-<name>}, change topics
 * {@code tapflow.<name>.<database>.<table>}, schema history {@code tapflow.<name>.schema-history},
 * signals {@code tapflow.<name>.signal}, notifications {@code tapflow.<name>.notifications}.
 */
public final class MySqlSourceConnectorConfig {

    /**
     * The header of a notification record that holds Debezium's {@code aggregate_type}, e.g.
     * {@code Initial Snapshot} (also for a snapshot asked for by a blocking {@code execute-snapshot} signal).
     */
    public static final String NOTIFICATION_AGGREGATE_TYPE_HEADER = "tapflow.notification.aggregate_type";
    /** The header of a notification record that holds Debezium's {@code type}, e.g. {@code COMPLETED}. */
    public static final String NOTIFICATION_TYPE_HEADER = "tapflow.notification.type";
    /**
     * The header of a notification record that holds Debezium's {@code additional_data}, a map such as
     * {@code {"scanned_collection":"ECommerceData.orders","status":"SUCCEEDED",...}}.
     */
    public static final String NOTIFICATION_DATA_HEADER = "tapflow.notification.additional_data";

    private MySqlSourceConnectorConfig() {
    }

    /** The connector's name for a data source. */
    public static String connectorName(String dataSource) {
        return "tapflow-source-" + dataSource;
    }

    /** Debezium's {@code topic.prefix} for a data source; change topics are {@code <prefix>.<database>.<table>}. */
    public static String topicPrefix(String dataSource) {
        return FlowTopics.PREFIX + dataSource;
    }

    /** The topic Debezium records the tables' schema history in. */
    public static String schemaHistoryTopic(String dataSource) {
        return topicPrefix(dataSource) + ".schema-history";
    }

    /** The topic Debezium reads signals from (for example: snapshot this table now). */
    public static String signalTopic(String dataSource) {
        return topicPrefix(dataSource) + ".signal";
    }

    /**
     * The topic Debezium writes its notifications to (for example: the snapshot of a table is completed).
     * Its records are written with the connector's converters, so their fields are copied into headers
     * ({@link #NOTIFICATION_TYPE_HEADER} and the others), which a reader can decode without knowing them.
     */
    public static String notificationTopic(String dataSource) {
        return topicPrefix(dataSource) + ".notifications";
    }

    /**
     * The connector config.
     *
     * @param source a mysql data source
     * @param server the server behind the data source, as {@link MySqlSourceCheck} found it: its flavor
     *     decides the connector class (Debezium's MySQL connector loses changes against MariaDB)
     * @param tables the tables to capture, by name, in the data source's database
     * @param password how the Connect worker reads the password, e.g. a config provider reference such
     *     as {@code ${file:/path/secrets.properties:MySQL_ECommerce.password}}; never the password itself
     * @param bootstrapServers the Kafka cluster, for the schema history and signal topics
     * @param converters the key and value converter settings, e.g. Avro through the schema registry
     */
    public static Map<String, String> of(DataSource source, MySqlServerInfo server, Collection<String> tables,
                                         String password, String bootstrapServers, Map<String, String> converters) {
        if (source.kind() != DataSourceKind.MYSQL) {
            throw new IllegalArgumentException("data source '" + source.name() + "' is " + source.kind()
                    + ", not mysql");
        }
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("data source '" + source.name() + "': no table to capture");
        }
        String name = source.name();
        String database = String.valueOf(source.setting("database"));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", connectorName(name));
        config.put("connector.class", server.connectorClass());
        // Binlog events are read in order by one task; parallelism comes after, from the topics' partitions.
        config.put("tasks.max", "1");
        config.put("database.hostname", String.valueOf(source.setting("host")));
        config.put("database.port", String.valueOf(source.setting("port")));
        config.put("database.user", String.valueOf(source.setting("username")));
        config.put("database.password", password);
        config.put("database.server.id", Long.toString(serverId(name)));
        config.put("topic.prefix", topicPrefix(name));
        config.put("database.include.list", regexLiteral(database));
        config.put("table.include.list", new TreeSet<>(tables).stream()
                .map(table -> regexLiteral(database + "." + table)).collect(Collectors.joining(",")));
        config.put("schema.history.internal.kafka.bootstrap.servers", bootstrapServers);
        config.put("schema.history.internal.kafka.topic", schemaHistoryTopic(name));
        config.put("include.schema.changes", "false");
        // TINYINT(1) is MySQL's BOOLEAN: capture it as a boolean, not a number.
        config.put("converters", "boolean");
        config.put("boolean.type", "io.debezium.connector.binlog.converters.TinyIntOneToBooleanConverter");
        config.put("decimal.handling.mode", "precise");
        // Heartbeats keep the binlog position moving on quiet tables, so a restart does not replay much.
        // Debezium waits this long for more binlog events before handing a batch to Connect (500 ms by default,
        // which a change then spends waiting when the source is quiet).
        config.put("poll.interval.ms", "50");
        config.put("heartbeat.interval.ms", "10000");
        config.put("topic.heartbeat.prefix", FlowTopics.PREFIX + "heartbeat");
        config.put("signal.enabled.channels", "source,kafka");
        config.put("signal.kafka.topic", signalTopic(name));
        config.put("signal.kafka.bootstrap.servers", bootstrapServers);
        config.put("signal.kafka.groupId", signalGroup(name, tables));
        // Debezium reads signals every 5 s by default; a flow waiting for its table's snapshot should not.
        config.put("signal.poll.interval.ms", "1000");
        // Debezium polls the signal topic without waiting by default; a consumer group new to the topic
        // then needs several polls, seconds apart, before it reads anything.
        config.put("signal.kafka.poll.timeout.ms", "500");
        // Debezium 3.5 writes a new connector's first notification (snapshot STARTED) with an empty source
        // offset: a task stopped before a snapshot record follows it then fails on restart ("Source offset
        // 'file' parameter is missing") until its offsets are removed. ChangeCapture changes no config in
        // that window, as it waits for the snapshot, and recovers a connector a Connect crash left there.
        config.put("notification.enabled.channels", "sink");
        config.put("notification.sink.topic.name", notificationTopic(name));
        // The converters may be Avro through a registry the reader cannot reach: copy what a reader of
        // notifications needs into headers, written by the plain header converter, on that topic only.
        config.put("transforms", "notificationHeaders");
        config.put("transforms.notificationHeaders.type", "org.apache.kafka.connect.transforms.HeaderFrom$Value");
        config.put("transforms.notificationHeaders.fields", "aggregate_type,type,additional_data");
        config.put("transforms.notificationHeaders.headers", String.join(",", NOTIFICATION_AGGREGATE_TYPE_HEADER,
                NOTIFICATION_TYPE_HEADER, NOTIFICATION_DATA_HEADER));
        config.put("transforms.notificationHeaders.operation", "copy");
        config.put("transforms.notificationHeaders.predicate", "isNotification");
        config.put("predicates", "isNotification");
        config.put("predicates.isNotification.type",
                "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        config.put("predicates.isNotification.pattern", Pattern.quote(notificationTopic(name)));
        config.put("header.converter", "org.apache.kafka.connect.storage.SimpleHeaderConverter");
        config.put("tombstones.on.delete", "true");
        Object timezone = source.setting("timezone");
        if (timezone != null && !timezone.toString().isBlank()) {
            config.put("driver.connectionTimeZone", timezone.toString());
        }
        for (String parameter : parameters(source.setting("additionalString"))) {
            int equals = parameter.indexOf('=');
            config.put("driver." + parameter.substring(0, equals), parameter.substring(equals + 1));
        }
        config.putAll(converters);
        return config;
    }

    /**
     * The tables a connector config captures, by name: the inverse of the {@code tables} given to
     * {@link #of}. Empty when the config has no {@code table.include.list}.
     */
    public static Set<String> capturedTables(Map<String, String> config) {
        String includeList = config.get("table.include.list");
        if (includeList == null || includeList.isBlank()) {
            return Set.of();
        }
        Set<String> tables = new TreeSet<>();
        for (String entry : includeList.split(",")) {
            String table = entry.strip().replace("\\.", ".");
            int dot = table.indexOf('.');
            tables.add(dot < 0 ? table : table.substring(dot + 1));
        }
        return Collections.unmodifiableSet(tables);
    }

    /**
     * The consumer group the connector reads its signal topic with: one per set of captured tables.
     * The task of a config that captures one more table then reads the signal topic from where that
     * group was started (the snapshot signal for the new table), not from where the previous task
     * stopped: the previous task, still running while the config changes, may read that signal first
     * and ignore it, as it does not capture the table. A restarted task with the same tables resumes
     * where it committed, so it does not act on a signal again.
     */
    public static String signalGroup(String dataSource, Collection<String> tables) {
        String tableSet = String.join(",", new TreeSet<>(tables));
        return connectorName(dataSource) + ".signal." + Integer.toHexString(tableSet.hashCode());
    }

    /**
     * A replication client id the server has not seen from another TapFlow data source: stable for a
     * data source, so a restarted connector is the same client.
     */
    static long serverId(String dataSource) {
        return 5400 + Math.floorMod(dataSource.hashCode(), 1_000_000_000L);
    }

    private static List<String> parameters(Object additionalString) {
        List<String> parameters = new ArrayList<>();
        if (additionalString != null && !additionalString.toString().isBlank()) {
            for (String pair : additionalString.toString().split("&")) {
                parameters.add(pair);
            }
        }
        return parameters;
    }

    /** Debezium's include lists are regular expressions; names are matched literally. */
    private static String regexLiteral(String name) {
        return name.replace(".", "\\.");
    }
}

package io.tapflow.runtime.capture;

import io.tapflow.DataSource;
import io.tapflow.connect.debezium.MySqlSourceConnectorConfig;
import io.tapflow.connect.mysql.MySqlServerInfo;
import io.tapflow.connect.rest.ConnectRestClient;
import io.tapflow.connect.rest.ConnectRestException;
import io.tapflow.connect.rest.ConnectorOffset;
import io.tapflow.connect.rest.ConnectorState;
import io.tapflow.connect.rest.ConnectorStatus;
import io.tapflow.connect.rest.TaskStatus;
import io.tapflow.topology.FlowTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures the tables flows read: one Debezium connector per source data source, shared by every flow
 * that reads it ({@link MySqlSourceConnectorConfig#connectorName}).
 *
 * <p>{@link #capture} is the only operation that changes anything. The first table of a data source
 * creates its connector, which snapshots that table and then streams its changes. A later table is added
 * to the running connector's {@code table.include.list}, and Debezium is asked, through the data source's
 * Kafka signal topic, to snapshot that table alone; the tables captured before are not read again.
 * {@link #capture} returns only once Debezium reports, on the data source's notification topic, that the
 * snapshot of the table is completed, so the next table's config change cannot stop the task before it
 * acted on this table's signal. Nothing is created in the user's database.
 *
 * <p><b>A crash in a new connector's first seconds.</b> Debezium 3.5 sends its first notification (snapshot
 * STARTED) with an empty source offset, and Connect commits it like any other. If the Connect worker dies
 * before a record with a real position (a binlog file and position) is committed after it, the connector's
 * saved position stays empty, and its task then fails at every start ("Source offset 'file' parameter is
 * missing"). Avoiding that offset would mean giving up the notifications {@link #capture} waits on (or
 * turning them on only after the first snapshot, a config change that restarts the task mid-snapshot), so
 * {@link #capture} recovers instead: when the connector's task fails that way and every position Connect
 * holds for it is empty, it stops the connector, deletes its offsets and resumes it (Connect REST, KIP-875,
 * Kafka 3.5 and later), waits for the snapshot of its tables to complete again, and reports
 * {@link Outcome#RECOVERED}. That is sound because an empty position means no row was ever committed as
 * read: the connector starts as the new connector it was. Rows read before the crash may arrive twice, as
 * snapshot records, which keyed consumers absorb. A position that lacks the binlog file but is not empty is
 * not touched; the error gives the REST calls. A worker that died leaves its task's RUNNING status behind,
 * so for a connector that may have run before, an empty saved position is not taken as running until the
 * task has failed, the position is real, or the running timeout passed.
 *
 * <p>The connector's config in Connect is the only record of what is captured ({@link #capturedTables});
 * this class keeps no state besides a Kafka producer and admin client for the signal topic. Calls on one
 * instance are serialized; two processes capturing tables of the same data source at the same moment are
 * not coordinated (the later config wins).
 *
 * <pre>{@code
 * try (ChangeCapture capture = ChangeCapture.builder(connect, bootstrapServers)
 *         .converters(jsonConverters)
 *         .passwordReference(name -> "${file:/etc/tapflow/secrets.properties:" + name + ".password}")
 *         .build()) {
 *     capture.capture(crm, server, "ecom_orders");     // STARTED: connector created, orders snapshotted
 *     capture.capture(crm, server, "ecom_customers");  // ADDED: customers alone snapshotted
 *     capture.topicFor(crm, "ecom_customers");         // tapflow.MySQL_ECommerce.ECommerceData.ecom_customers
 * }
 * }</pre>
 */
public final class ChangeCapture implements AutoCloseable {

    /** How long {@link #capture} waits for the connector and its task to run when nothing is set: 60 s. */
    public static final Duration DEFAULT_RUNNING_TIMEOUT = Duration.ofSeconds(60);

    /**
     * How long {@link #capture} waits, when nothing is set, for Debezium to report the snapshot of a new
     * table as completed: 30 minutes, room for a table of some millions of rows.
     */
    public static final Duration DEFAULT_SNAPSHOT_TIMEOUT = Duration.ofMinutes(30);

    /** How a Debezium MySQL/MariaDB task fails on a saved position without a binlog file. */
    private static final String EMPTY_POSITION_FAILURE = "Source offset 'file' parameter is missing";

    /** Debezium's {@code aggregate_type} for the snapshot of a new connector and for a blocking snapshot. */
    private static final String SNAPSHOT_NOTIFICATION = "Initial Snapshot";

    private static final Logger log = LoggerFactory.getLogger(ChangeCapture.class);
    private static final long POLL_MS = 200;

    private final ConnectRestClient connect;
    private final String bootstrapServers;
    private final Map<String, String> converters;
    private final Function<String, String> passwordReference;
    private final Duration runningTimeout;
    private final Duration snapshotTimeout;
    private final Admin admin;
    private final KafkaProducer<String, String> signals;

    private ChangeCapture(Builder builder) {
        this.connect = builder.connect;
        this.bootstrapServers = builder.bootstrapServers;
        this.converters = Map.copyOf(builder.converters);
        this.passwordReference = builder.passwordReference;
        this.runningTimeout = builder.runningTimeout;
        this.snapshotTimeout = builder.snapshotTimeout;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.signals = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
    }

    /**
     * Settings for capturing through the Connect cluster {@code connect}, whose connectors write to the
     * Kafka cluster at {@code bootstrapServers}.
     */
    public static Builder builder(ConnectRestClient connect, String bootstrapServers) {
        return new Builder(connect, bootstrapServers);
    }

    /** What {@link #capture} did. */
    public enum Outcome {
        /** The data source had no connector: it was created, has snapshotted the table, and streams. */
        STARTED,
        /** The connector now captures the table too, and has snapshotted that table alone. */
        ADDED,
        /** The connector already captured the table; nothing changed. */
        ALREADY_CAPTURED,
        /**
         * The connector had failed on the empty saved position a worker crash can leave a new connector
         * (see the class description): its offsets were cleared, and it has snapshotted all its tables
         * again, this one included, and streams.
         */
        RECOVERED
    }

    /**
     * Makes sure the data source's connector exists, captures {@code table}, and runs.
     *
     * <p>Creates the connector if there is none (initial snapshot of the table, then streaming). If the
     * connector exists without the table, adds the table to its config and sends Debezium a blocking
     * {@code execute-snapshot} signal for that table only: its existing rows then arrive as snapshot
     * records ({@code op = r}), the other tables are not read again, and their changes made meanwhile
     * stream once the snapshot is done.
     *
     * <p>A connector that cannot start from the empty saved position a Connect worker that died in its first
     * seconds left it is started over, with a new snapshot of its tables, and {@link Outcome#RECOVERED} is
     * returned (see the class description).
     *
     * <p>When a table is new, returns only after Debezium reported its snapshot as completed on the data
     * source's notification topic ({@link MySqlSourceConnectorConfig#notificationTopic}): every existing
     * row of the table has then been read and handed to Connect, ahead of the notification. Changing the
     * connector's config again (capturing the next table) restarts its task, and a task stopped before it
     * acted on a snapshot signal never acts on it; waiting here is what keeps that from happening. When the
     * table was already captured, returns once the connector and its task run, after giving it its current
     * config if that changed (the data source was saved again with another host, say). Calls are serialized, so a
     * second table waits for the first one's snapshot.
     *
     * @param source a mysql data source
     * @param server the server behind it, as {@code MySqlSourceCheck} found it (decides the connector class)
     * @param table a table of the data source's database
     * @throws ChangeCaptureException if Connect refuses the config, the connector or its task fails, they
     *     do not run within the running timeout, Debezium aborts or skips the table's snapshot, or does not
     *     report it completed within the snapshot timeout; the message has the cause and what to do
     */
    public synchronized Outcome capture(DataSource source, MySqlServerInfo server, String table) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(server, "server");
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("data source '" + source.name() + "': the table to capture must be named."
                    + " Fix: pass a table of the data source's database, as in capture(source, server, \"ecom_orders\").");
        }
        String connector = MySqlSourceConnectorConfig.connectorName(source.name());
        Set<String> captured = capturedTables(source);
        if (captured.contains(table)) {
            // The data source may have been saved again since (another host, port or user), or this version of
            // TapFlow configures connectors differently: the connector then takes the new config, and resumes.
            Map<String, String> config = MySqlSourceConnectorConfig.of(source, server, captured,
                    passwordReference.apply(source.name()), bootstrapServers, converters);
            if (!config.equals(connect.config(connector))) {
                reconfigure(source, connector, config, table);
            }
            return awaitRunning(source, connector, table, true, true) ? Outcome.RECOVERED : Outcome.ALREADY_CAPTURED;
        }
        String signalTopic = MySqlSourceConnectorConfig.signalTopic(source.name());
        ensureTopic(source, signalTopic, "signal");
        String notificationTopic = MySqlSourceConnectorConfig.notificationTopic(source.name());
        ensureTopic(source, notificationTopic, "notification");
        Set<String> tables = new TreeSet<>(captured);
        tables.add(table);
        Map<String, String> config = MySqlSourceConnectorConfig.of(source, server, tables,
                passwordReference.apply(source.name()), bootstrapServers, converters);
        // Each set of tables reads signals with a consumer group of its own, started here, at the end of
        // the topic: the running task may read the signal sent below too, and ignore it (it does not
        // capture the table), and a data source created again must not act on the old one's signals.
        startSignalGroupAtEnd(source, signalTopic, config.get("signal.kafka.groupId"));
        long notificationsFrom = endOffset(source, notificationTopic);
        long begin = System.nanoTime();
        if (captured.isEmpty()) {
            update(source, connector, config, table);
            awaitRunning(source, connector, table, false, true);
            awaitSnapshot(source, connector, table, notificationTopic, notificationsFrom, false);
            log.info("Data source '{}': connector '{}' created, table '{}' snapshotted in {} ms, streaming",
                    source.name(), connector, table, (System.nanoTime() - begin) / 1_000_000);
            return Outcome.STARTED;
        }
        update(source, connector, config, table);
        boolean recovered;
        try {
            long signal = sendSnapshotSignal(source, signalTopic, table);
            recovered = awaitRunning(source, connector, table, true, true);
            awaitSnapshot(source, connector, table, notificationTopic, notificationsFrom, true);
            moveSignalGroup(source, signalTopic, config.get("signal.kafka.groupId"), signal + 1);
        } catch (ChangeCaptureException e) {
            throw withoutTable(source, server, connector, captured, table, e);
        }
        if (recovered) {
            return Outcome.RECOVERED;
        }
        log.info("Data source '{}': connector '{}' now captures {}; table '{}' snapshotted alone in {} ms",
                source.name(), connector, tables, table, (System.nanoTime() - begin) / 1_000_000);
        return Outcome.ADDED;
    }

    /**
     * The tables the data source's connector captures, read from its config in Connect; empty when the
     * data source has no connector.
     */
    public Set<String> capturedTables(DataSource source) {
        String connector = MySqlSourceConnectorConfig.connectorName(source.name());
        if (!connect.connectors().contains(connector)) {
            return Set.of();
        }
        return MySqlSourceConnectorConfig.capturedTables(connect.config(connector));
    }

    /** The topic the changes of {@code table} arrive on: {@code tapflow.<datasource>.<database>.<table>}. */
    public static String topicFor(DataSource source, String table) {
        return FlowTopics.changeTopic(source.name(), String.valueOf(source.setting("database")), table);
    }

    /** Closes the signal producer and the admin client; the connectors keep running. */
    @Override
    public void close() {
        try {
            signals.close(Duration.ofSeconds(5));
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public String toString() {
        return "ChangeCapture[" + connect.baseUrl() + ", kafka " + bootstrapServers + "]";
    }

    /**
     * Takes a table whose snapshot did not complete out of the connector again, so that calling
     * {@link #capture} once more adds it and snapshots it, instead of finding it captured already.
     */
    private ChangeCaptureException withoutTable(DataSource source, MySqlServerInfo server, String connector,
                                                Set<String> captured, String table, ChangeCaptureException failure) {
        try {
            connect.createOrUpdate(connector, MySqlSourceConnectorConfig.of(source, server, captured,
                    passwordReference.apply(source.name()), bootstrapServers, converters));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            return failure;
        }
        return new ChangeCaptureException(failure.getMessage() + " Table '" + table + "' was taken out of connector '"
                + connector + "' again, so capturing it again retries its snapshot.", failure);
    }

    /**
     * What to do about a failed connector. The empty saved position a crash leaves (see the class
     * description) is recovered by {@link #capture} itself; this says so when the failure shows elsewhere,
     * and gives the REST calls for a connector whose saved position lacks the binlog file for another
     * reason (say, edited by hand), which is left alone.
     */
    private static String fixFor(String connector, String trace) {
        if (trace.contains(EMPTY_POSITION_FAILURE)) {
            return "The connector's saved position has no binlog file. If it is the empty position a worker stopped"
                    + " in a new connector's first seconds leaves, capturing the table again clears it and snapshots"
                    + " again. Otherwise clear it yourself, after which the connector snapshots its tables again"
                    + " (Connect REST: PUT /connectors/" + connector + "/stop, DELETE /connectors/" + connector
                    + "/offsets, PUT /connectors/" + connector + "/resume).";
        }
        return "Fix the cause, then restart the connector (Connect REST: POST /connectors/" + connector
                + "/restart?includeTasks=true&onlyFailed=true).";
    }

    private void update(DataSource source, String connector, Map<String, String> config, String table) {
        try {
            connect.createOrUpdate(connector, config);
        } catch (ConnectRestException e) {
            throw new ChangeCaptureException("Data source '" + source.name() + "', table '" + table
                    + "': Connect refused the config of connector '" + connector + "': " + e.getMessage(), e);
        }
    }

    /**
     * The signal and notification topics have one partition: Debezium reads signals from partition 0 only,
     * and both must keep their order.
     */
    private void ensureTopic(DataSource source, String topic, String kind) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) -1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw kafkaFailure(source, "cannot create the " + kind + " topic '" + topic + "'", e.getCause());
            }
        } catch (TimeoutException e) {
            throw kafkaFailure(source, "no answer creating the " + kind + " topic '" + topic + "' within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw kafkaFailure(source, "interrupted while creating the " + kind + " topic '" + topic + "'", e);
        }
    }

    private void startSignalGroupAtEnd(DataSource source, String topic, String group) {
        moveSignalGroup(source, topic, group, endOffset(source, topic));
    }

    /**
     * Sets where the signal group reads next. Debezium's signal consumer is assigned its partition (it joins
     * no group) and commits its position only when its task closes cleanly: a task that does not, at a worker
     * crash or a slow stop, would read an acted-on signal again at its next start, and snapshot its table a
     * second time. So once a table's snapshot completed, the group is moved past its signal here.
     */
    private void moveSignalGroup(DataSource source, String topic, String group, long offset) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try {
            admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(offset)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw kafkaFailure(source, "cannot set where group '" + group + "' starts reading '" + topic + "'",
                    e.getCause());
        } catch (TimeoutException e) {
            throw kafkaFailure(source, "no answer from Kafka within 30 s preparing the signal group '" + group + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw kafkaFailure(source, "interrupted while preparing the signal group '" + group + "'", e);
        }
    }

    /** The offset the next record of the topic's only partition will get. */
    private long endOffset(DataSource source, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        // A topic created a moment ago may not be in every metadata cache yet: retry that for a while.
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            while (true) {
                try {
                    return admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                            .partitionResult(partition).get(30, TimeUnit.SECONDS).offset();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > giveUpAt) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        } catch (ExecutionException e) {
            throw kafkaFailure(source, "cannot read the end offset of '" + topic + "'", e.getCause());
        } catch (TimeoutException e) {
            throw kafkaFailure(source, "no answer from Kafka within 30 s reading the end offset of '" + topic + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw kafkaFailure(source, "interrupted while reading the end offset of '" + topic + "'", e);
        }
    }

    /**
     * A blocking snapshot: Debezium pauses streaming, reads the table as its initial snapshot does
     * ({@code op = r}), then resumes streaming where it paused. An incremental snapshot would not pause
     * streaming, but Debezium 3.5's MariaDB connector runs one only with a signaling table in the user's
     * database (for its watermarks) or, in {@code read.only} mode, driven by binlog traffic: on a quiet
     * database it never reads the first chunk.
     *
     * @return the signal's offset on the signal topic
     */
    private long sendSnapshotSignal(DataSource source, String topic, String table) {
        String collection = source.setting("database") + "." + table;
        String signal = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"execute-snapshot\",\"data\":"
                + "{\"data-collections\":[\"" + jsonText(collection) + "\"],\"type\":\"blocking\"}}";
        // Debezium only acts on signals whose key is the connector's topic.prefix.
        String key = MySqlSourceConnectorConfig.topicPrefix(source.name());
        try {
            return signals.send(new ProducerRecord<>(topic, 0, key, signal)).get(30, TimeUnit.SECONDS).offset();
        } catch (ExecutionException e) {
            throw kafkaFailure(source, "cannot send the snapshot signal for table '" + table + "' to '" + topic + "'",
                    e.getCause());
        } catch (TimeoutException e) {
            throw kafkaFailure(source, "no answer sending the snapshot signal for table '" + table + "' within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw kafkaFailure(source, "interrupted while sending the snapshot signal for table '" + table + "'", e);
        }
    }

    /**
     * Reads the notification topic from {@code from} until Debezium reports the table's snapshot done: a
     * {@code TABLE_SCAN_COMPLETED} naming the table, then {@code COMPLETED}. Debezium 3.5 reports a blocking
     * snapshot with the same notifications as a new connector's snapshot ({@value #SNAPSHOT_NOTIFICATION});
     * they carry no id of the signal, hence the table's name. Calls being serialized, no other snapshot of
     * the connector runs meanwhile.
     *
     * @param signalled whether a signal to a running connector asked for the snapshot: the task restarted
     *     for the new config first reports a snapshot of its own ({@code STARTED}, {@code COMPLETED}) that
     *     reads no table's rows, which says nothing of this table
     */
    private void awaitSnapshot(DataSource source, String connector, String table, String topic, long from,
                               boolean signalled) {
        String collection = source.setting("database") + "." + table;
        String where = "Data source '" + source.name() + "', table '" + table + "': ";
        long deadline = System.nanoTime() + snapshotTimeout.toNanos();
        long nextStatusCheck = System.nanoTime();
        boolean scanned = false;
        String last = "none";
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> notifications = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            notifications.assign(List.of(partition));
            notifications.seek(partition, from);
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : notifications.poll(Duration.ofMillis(POLL_MS))) {
                    String aggregate = header(record, MySqlSourceConnectorConfig.NOTIFICATION_AGGREGATE_TYPE_HEADER);
                    if (!SNAPSHOT_NOTIFICATION.equals(aggregate)) {
                        continue;
                    }
                    String type = String.valueOf(header(record, MySqlSourceConnectorConfig.NOTIFICATION_TYPE_HEADER));
                    Map<?, ?> data = additionalData(record);
                    last = type + " " + data + " at offset " + record.offset();
                    switch (type) {
                        case "TABLE_SCAN_COMPLETED" -> {
                            if (collection.equals(data.get("scanned_collection"))) {
                                if (!"SUCCEEDED".equals(data.get("status"))) {
                                    throw new ChangeCaptureException(where + "Debezium could not read the table"
                                            + " (notification " + last + "). Check the Connect worker's log, fix the"
                                            + " cause, and capture the table again after removing it from connector '"
                                            + connector + "'.");
                                }
                                scanned = true;
                            }
                        }
                        case "COMPLETED", "SKIPPED" -> {
                            if (scanned) {
                                return;
                            }
                            if (!signalled) {
                                throw new ChangeCaptureException(where + "Connect still holds the offsets of an"
                                        + " earlier connector named '" + connector + "', so Debezium did not"
                                        + " snapshot the table and its existing rows were not read (notification "
                                        + last + "). Remove them (Connect REST: PUT /connectors/" + connector
                                        + "/stop, DELETE /connectors/" + connector + "/offsets, DELETE /connectors/"
                                        + connector + "), then capture the table again.");
                            }
                            // The restarted task's own start: it reads no table's rows, the signal comes after.
                        }
                        case "ABORTED" -> throw new ChangeCaptureException(where + "connector '" + connector
                                + "' aborted the snapshot of the table (notification " + last + "): its existing"
                                + " rows may be missing. Check the Connect worker's log.");
                        default -> {
                            // STARTED, IN_PROGRESS and other tables' scans tell nothing more.
                        }
                    }
                }
                if (System.nanoTime() > nextStatusCheck) {
                    nextStatusCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    failedTask(connector).ifPresent(trace -> {
                        throw new ChangeCaptureException(where + "connector '" + connector + "' failed before"
                                + " the table's snapshot completed: " + trace + "\n" + fixFor(connector, trace));
                    });
                }
                if (System.nanoTime() > deadline) {
                    throw new ChangeCaptureException(where + "connector '" + connector + "' runs, but Debezium"
                            + " did not report the table's snapshot completed within " + snapshotTimeout.toSeconds()
                            + " s (notifications on '" + topic + "' from offset " + from + "; last: " + last
                            + "). A large table may still be being read: watch that topic for a COMPLETED"
                            + " notification, or raise ChangeCapture's snapshotTimeout.");
                }
            }
        } catch (KafkaException e) {
            throw kafkaFailure(source, "cannot read the notification topic '" + topic + "' while waiting for the"
                    + " snapshot of table '" + table + "'", e);
        }
    }

    private Optional<String> failedTask(String connector) {
        try {
            return failure(connect.status(connector));
        } catch (ConnectRestException e) {
            // A rebalance makes Connect answer errors for a moment; the next check will tell.
            return Optional.empty();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Debezium's {@code additional_data}, written as a map by Connect's plain header converter. */
    private static Map<?, ?> additionalData(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(MySqlSourceConnectorConfig.NOTIFICATION_DATA_HEADER);
        if (header == null || header.value() == null) {
            return Map.of();
        }
        try (SimpleHeaderConverter converter = new SimpleHeaderConverter()) {
            converter.configure(Map.of());
            Object value = converter.toConnectHeader(record.topic(), header.key(), header.value()).value();
            return value instanceof Map<?, ?> map ? map : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the connector and its task run; a connector stuck on an empty saved position is started
     * over ({@link #startOver}) once.
     *
     * @param existing whether the connector may have run before this call: then a RUNNING status may be one
     *     a worker that died left behind, so while the saved position is empty it is not taken as running
     *     until the position is real, the task fails, or the running timeout passes
     * @param mayStartOver false once it was started over: failing again is then reported, not retried
     * @return whether the connector was started over
     */
    private boolean awaitRunning(DataSource source, String connector, String table, boolean existing,
                                 boolean mayStartOver) {
        long deadline = System.nanoTime() + runningTimeout.toNanos();
        Object last = "no status yet";
        while (true) {
            try {
                ConnectorStatus status = connect.status(connector);
                Optional<String> failure = failure(status);
                if (failure.isPresent()) {
                    String trace = failure.get();
                    if (mayStartOver && trace.contains(EMPTY_POSITION_FAILURE) && savedPositionIsEmpty(connector)) {
                        startOver(source, connector, table);
                        return true;
                    }
                    throw new ChangeCaptureException("Data source '" + source.name() + "', table '" + table
                            + "': connector '" + connector + "' failed: " + trace + "\n" + fixFor(connector, trace));
                }
                if (status.isRunning() && (!existing || !savedPositionIsEmpty(connector)
                        || System.nanoTime() > deadline)) {
                    return false;
                }
                last = status;
            } catch (ConnectRestException e) {
                // Connect answers 404 for the status of a connector created a moment ago.
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new ChangeCaptureException("Data source '" + source.name() + "', table '" + table
                        + "': connector '" + connector + "' did not run within " + runningTimeout.toSeconds()
                        + " s; last status: " + last + ". Check the Connect worker's log.");
            }
            pause("waiting for connector '" + connector + "' to run");
        }
    }

    /**
     * Whether every position Connect holds for the connector is empty: Debezium's first notification
     * committed one and nothing after it did. A real position always names a binlog file. False when the
     * connector has no position at all, or Connect cannot list them (before Kafka 3.5).
     */
    private boolean savedPositionIsEmpty(String connector) {
        try {
            List<ConnectorOffset> offsets = connect.offsets(connector);
            return !offsets.isEmpty() && offsets.stream().allMatch(offset -> offset.offset().isEmpty());
        } catch (ConnectRestException e) {
            return false;
        }
    }

    /**
     * Starts a connector stuck on an empty saved position over: stops it, deletes its offsets, resumes it,
     * and waits until it has snapshotted its tables (this one included) again. Nothing is lost: an empty
     * position means no row was ever committed as read, so the connector starts as the new connector it
     * was meant to be. Rows it read before the crash may arrive twice, as snapshot records.
     */
    private void startOver(DataSource source, String connector, String table) {
        String where = "Data source '" + source.name() + "', table '" + table + "': ";
        String notificationTopic = MySqlSourceConnectorConfig.notificationTopic(source.name());
        log.warn("{}connector '{}' cannot start from the empty position a Connect worker that stopped in its first"
                + " seconds left it; clearing its offsets so it snapshots its tables again", where, connector);
        try {
            connect.stop(connector);
            awaitStopped(where, connector);
            long notificationsFrom = endOffset(source, notificationTopic);
            connect.deleteOffsets(connector);
            connect.resume(connector);
            awaitRunning(source, connector, table, false, false);
            awaitSnapshot(source, connector, table, notificationTopic, notificationsFrom, false);
        } catch (ConnectRestException e) {
            throw new ChangeCaptureException(where + "connector '" + connector + "' cannot start from the empty"
                    + " position a Connect worker that stopped in its first seconds left it, and clearing it failed: "
                    + e.getMessage() + "\n" + fixFor(connector, EMPTY_POSITION_FAILURE), e);
        }
        log.info("{}connector '{}' started over: its tables were snapshotted again, and it streams", where, connector);
    }

    /**
     * Gives a running connector a new config. Stopped first, so that no task keeps the old one (a task that
     * failed on it, because the server moved, would stay failed), then resumed from its saved position.
     */
    private void reconfigure(DataSource source, String connector, Map<String, String> config, String table) {
        String where = "Data source '" + source.name() + "', table '" + table + "': ";
        log.info("{}connector '{}' takes its changed config, and resumes where it was", where, connector);
        try {
            connect.stop(connector);
            awaitStopped(where, connector);
            update(source, connector, config, table);
            connect.resume(connector);
        } catch (ConnectRestException e) {
            throw new ChangeCaptureException(where + "giving connector '" + connector + "' its changed config failed: "
                    + e.getMessage() + "\n" + fixFor(connector, ""), e);
        }
    }

    private void awaitStopped(String where, String connector) {
        long deadline = System.nanoTime() + runningTimeout.toNanos();
        ConnectorStatus status = connect.status(connector);
        while (status.state() != ConnectorState.STOPPED || !status.tasks().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new ChangeCaptureException(where + "connector '" + connector + "' did not stop within "
                        + runningTimeout.toSeconds() + " s; last status: " + status + ". Check the Connect worker's"
                        + " log.");
            }
            pause("waiting for connector '" + connector + "' to stop");
            status = connect.status(connector);
        }
    }

    private static void pause(String what) {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChangeCaptureException("interrupted while " + what, e);
        }
    }

    private static Optional<String> failure(ConnectorStatus status) {
        if (status.state() == ConnectorState.FAILED) {
            return Optional.of(String.valueOf(status.trace()));
        }
        return status.failedTasks().stream().findFirst().map(TaskStatus::trace).map(String::valueOf)
                .map(trace -> "task failed: " + trace);
    }

    private ChangeCaptureException kafkaFailure(DataSource source, String what, Throwable cause) {
        return new ChangeCaptureException("Data source '" + source.name() + "': " + what + ": " + cause.getMessage()
                + ". Fix: check that Kafka at " + bootstrapServers + " runs and lets TapFlow create, read and write"
                + " topics, then capture the table again.", cause);
    }

    private static String jsonText(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Settings of a {@link ChangeCapture}; {@link #build()} makes it. */
    public static final class Builder {

        private final ConnectRestClient connect;
        private final String bootstrapServers;
        private final Map<String, String> converters = new LinkedHashMap<>();
        private Function<String, String> passwordReference;
        private Duration runningTimeout = DEFAULT_RUNNING_TIMEOUT;
        private Duration snapshotTimeout = DEFAULT_SNAPSHOT_TIMEOUT;

        private Builder(ConnectRestClient connect, String bootstrapServers) {
            this.connect = Objects.requireNonNull(connect, "connect");
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrap servers must be given, for example 127.0.0.1:9092");
            }
            this.bootstrapServers = bootstrapServers;
        }

        /**
         * The connectors' key and value converter settings ({@code key.converter}, {@code value.converter}
         * and theirs); default: none, the Connect worker's own.
         */
        public Builder converters(Map<String, String> settings) {
            converters.putAll(settings);
            return this;
        }

        /**
         * How a connector finds its data source's password: given the data source's name, a reference
         * the Connect worker resolves, such as {@code ${file:/path/secrets.properties:<name>.password}}.
         * Required; never the password itself, which would be stored in Connect's config topic.
         */
        public Builder passwordReference(Function<String, String> byDataSourceName) {
            this.passwordReference = Objects.requireNonNull(byDataSourceName, "passwordReference");
            return this;
        }

        /** How long {@link #capture} waits for the connector and its task to run; default 60 s. */
        public Builder runningTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "runningTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("runningTimeout must be positive, got " + timeout);
            }
            this.runningTimeout = timeout;
            return this;
        }

        /**
         * How long {@link #capture} waits for Debezium to report the snapshot of a new table completed,
         * counted from when the connector runs with the table; default 30 minutes.
         */
        public Builder snapshotTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "snapshotTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("snapshotTimeout must be positive, got " + timeout);
            }
            this.snapshotTimeout = timeout;
            return this;
        }

        /** The change capture; close it when done. */
        public ChangeCapture build() {
            if (passwordReference == null) {
                throw new IllegalStateException("passwordReference(...) must be set: connectors read the"
                        + " password through a reference the Connect worker resolves");
            }
            return new ChangeCapture(this);
        }
    }
}

package io.tapflow.runtime.capture;

import io.tapflow.DataSource;
import io.tapflow.connect.debezium.MySqlSourceConnectorConfig;
import io.tapflow.connect.mysql.MySqlServerInfo;
import io.tapflow.connect.rest.ConnectRestClient;
import io.tapflow.connect.rest.ConnectRestException;
import io.tapflow.connect.rest.ConnectorState;
import io.tapflow.connect.rest.ConnectorStatus;
import io.tapflow.connect.rest.TaskStatus;
import io.tapflow.topology.FlowTopics;
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
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * Nothing is created in the user's database.
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
 *     capture.capture(crm, server, "ecom_customers");  // SNAPSHOT_REQUESTED: customers alone snapshotted
 *     capture.topicFor(crm, "ecom_customers");         // tapflow.MySQL_ECommerce.ECommerceData.ecom_customers
 * }
 * }</pre>
 */
public final class ChangeCapture implements AutoCloseable {

    /** How long {@link #capture} waits for the connector and its task to run when nothing is set: 60 s. */
    public static final Duration DEFAULT_RUNNING_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(ChangeCapture.class);
    private static final long POLL_MS = 200;

    private final ConnectRestClient connect;
    private final String bootstrapServers;
    private final Map<String, String> converters;
    private final Function<String, String> passwordReference;
    private final Duration runningTimeout;
    private final Admin admin;
    private final KafkaProducer<String, String> signals;

    private ChangeCapture(Builder builder) {
        this.connect = builder.connect;
        this.bootstrapServers = builder.bootstrapServers;
        this.converters = Map.copyOf(builder.converters);
        this.passwordReference = builder.passwordReference;
        this.runningTimeout = builder.runningTimeout;
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
        /** The data source had no connector: it was created, and snapshots the table before streaming. */
        STARTED,
        /** The connector now captures the table too, and was asked to snapshot that table alone. */
        SNAPSHOT_REQUESTED,
        /** The connector already captured the table; nothing changed. */
        ALREADY_CAPTURED
    }

    /**
     * Makes sure the data source's connector exists, captures {@code table}, and runs.
     *
     * <p>Creates the connector if there is none (initial snapshot of the table, then streaming). If the
     * connector exists without the table, adds the table to its config and sends Debezium an
     * {@code execute-snapshot} signal for that table only: its existing rows then arrive as snapshot
     * records ({@code op = r}) while the other tables keep streaming and are not read again. Returns once
     * the connector and its task run; the snapshot itself goes on in the background.
     *
     * @param source a mysql data source
     * @param server the server behind it, as {@code MySqlSourceCheck} found it (decides the connector class)
     * @param table a table of the data source's database
     * @throws ChangeCaptureException if Connect refuses the config, the connector or its task fails, or
     *     they do not run within the timeout; the message has the task's error
     */
    public synchronized Outcome capture(DataSource source, MySqlServerInfo server, String table) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(server, "server");
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("data source '" + source.name() + "': the table to capture must be named");
        }
        String connector = MySqlSourceConnectorConfig.connectorName(source.name());
        Set<String> captured = capturedTables(source);
        if (captured.contains(table)) {
            awaitRunning(source, connector, table);
            return Outcome.ALREADY_CAPTURED;
        }
        String signalTopic = MySqlSourceConnectorConfig.signalTopic(source.name());
        ensureSignalTopic(source, signalTopic);
        Set<String> tables = new TreeSet<>(captured);
        tables.add(table);
        Map<String, String> config = MySqlSourceConnectorConfig.of(source, server, tables,
                passwordReference.apply(source.name()), bootstrapServers, converters);
        // Each set of tables reads signals with a consumer group of its own, started here, at the end of
        // the topic: the running task may read the signal sent below too, and ignore it (it does not
        // capture the table), and a data source created again must not act on the old one's signals.
        startSignalGroupAtEnd(source, signalTopic, config.get("signal.kafka.groupId"));
        if (captured.isEmpty()) {
            update(source, connector, config, table);
            awaitRunning(source, connector, table);
            log.info("Data source '{}': connector '{}' created, snapshotting table '{}' then streaming",
                    source.name(), connector, table);
            return Outcome.STARTED;
        }
        update(source, connector, config, table);
        sendSnapshotSignal(source, signalTopic, table);
        awaitRunning(source, connector, table);
        log.info("Data source '{}': connector '{}' now captures {}; snapshot of table '{}' alone requested",
                source.name(), connector, tables, table);
        return Outcome.SNAPSHOT_REQUESTED;
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

    private void update(DataSource source, String connector, Map<String, String> config, String table) {
        try {
            connect.createOrUpdate(connector, config);
        } catch (ConnectRestException e) {
            throw new ChangeCaptureException("Data source '" + source.name() + "', table '" + table
                    + "': Connect refused the config of connector '" + connector + "': " + e.getMessage(), e);
        }
    }

    /** The signal topic has one partition: Debezium reads partition 0 only, and signals must keep their order. */
    private void ensureSignalTopic(DataSource source, String topic) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) -1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw kafkaFailure(source, "cannot create the signal topic '" + topic + "'", e.getCause());
            }
        } catch (TimeoutException e) {
            throw kafkaFailure(source, "no answer creating the signal topic '" + topic + "' within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw kafkaFailure(source, "interrupted while creating the signal topic '" + topic + "'", e);
        }
    }

    private void startSignalGroupAtEnd(DataSource source, String topic, String group) {
        TopicPartition partition = new TopicPartition(topic, 0);
        // A topic created a moment ago may not be in every metadata cache yet: retry that for a while.
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            while (true) {
                try {
                    long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                            .partitionResult(partition).get(30, TimeUnit.SECONDS).offset();
                    admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(end)))
                            .all().get(30, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > giveUpAt) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
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

    /**
     * A blocking snapshot: Debezium pauses streaming, reads the table as its initial snapshot does
     * ({@code op = r}), then resumes streaming where it paused. An incremental snapshot would not pause
     * streaming, but Debezium 3.5's MariaDB connector runs one only with a signaling table in the user's
     * database (for its watermarks) or, in {@code read.only} mode, driven by binlog traffic: on a quiet
     * database it never reads the first chunk.
     */
    private void sendSnapshotSignal(DataSource source, String topic, String table) {
        String collection = source.setting("database") + "." + table;
        String signal = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"execute-snapshot\",\"data\":"
                + "{\"data-collections\":[\"" + jsonText(collection) + "\"],\"type\":\"blocking\"}}";
        // Debezium only acts on signals whose key is the connector's topic.prefix.
        String key = MySqlSourceConnectorConfig.topicPrefix(source.name());
        try {
            signals.send(new ProducerRecord<>(topic, 0, key, signal)).get(30, TimeUnit.SECONDS);
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

    private void awaitRunning(DataSource source, String connector, String table) {
        long deadline = System.nanoTime() + runningTimeout.toNanos();
        Object last = "no status yet";
        while (true) {
            try {
                ConnectorStatus status = connect.status(connector);
                if (status.isRunning()) {
                    return;
                }
                failure(status).ifPresent(trace -> {
                    throw new ChangeCaptureException("Data source '" + source.name() + "', table '" + table
                            + "': connector '" + connector + "' failed: " + trace
                            + "\nFix the cause, then restart the connector (Connect REST: POST /connectors/"
                            + connector + "/restart?includeTasks=true&onlyFailed=true).");
                });
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
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChangeCaptureException("interrupted while waiting for connector '" + connector + "' to run", e);
            }
        }
    }

    private static Optional<String> failure(ConnectorStatus status) {
        if (status.state() == ConnectorState.FAILED) {
            return Optional.of(String.valueOf(status.trace()));
        }
        return status.failedTasks().stream().findFirst().map(TaskStatus::trace).map(String::valueOf)
                .map(trace -> "task failed: " + trace);
    }

    private static ChangeCaptureException kafkaFailure(DataSource source, String what, Throwable cause) {
        return new ChangeCaptureException("Data source '" + source.name() + "': " + what + ": " + cause.getMessage(),
                cause);
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

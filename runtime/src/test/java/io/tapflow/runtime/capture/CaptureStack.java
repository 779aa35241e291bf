package io.tapflow.runtime.capture;

import io.tapflow.DataSource;
import io.tapflow.connect.mysql.MySqlServerInfo;
import io.tapflow.connect.mysql.MySqlSourceCheck;
import io.tapflow.connect.rest.ConnectRestClient;
import io.tapflow.runtime.connect.EmbeddedConnectWorker;
import io.tapflow.testing.Await;
import io.tapflow.testing.InProcessKafka;
import io.tapflow.testing.mariadb.MariaDbServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a capture test runs on: a real MariaDB with a database {@value #DATABASE} and a source user, an
 * in-process broker, and Connect workers started on demand (close one and start another with the same
 * cluster name: it resumes the connectors). Closing the stack stops whatever is still running.
 */
final class CaptureStack implements AutoCloseable {

    static final String DATA_SOURCE = "MySQL_ECommerce";
    static final String DATABASE = "ECommerceData";
    static final Duration WAIT = Duration.ofSeconds(45);

    private static final String PASSWORD = "capture-Pw-5521";
    private static final String CLUSTER = "capture-it";
    /** JSON with schemas: {@code WireFormat.json(true)} reads it back with the columns' types. */
    static final Map<String, String> JSON = Map.of(
            "key.converter", "org.apache.kafka.connect.json.JsonConverter",
            "value.converter", "org.apache.kafka.connect.json.JsonConverter");

    private final MariaDbServer mariadb;
    private final InProcessKafka kafka;
    private final Path secrets;
    private final DataSource source;
    private final MySqlServerInfo server;
    private EmbeddedConnectWorker worker;
    private ConnectRestClient connect;
    private ChangeCapture capture;

    private CaptureStack(MariaDbServer mariadb, InProcessKafka kafka, Path secrets) {
        this.mariadb = mariadb;
        this.kafka = kafka;
        this.secrets = secrets;
        this.source = DataSource.mysql(DATA_SOURCE).host(mariadb.host()).port(mariadb.port())
                .database(DATABASE).username("tapflow").password(PASSWORD).asSource();
        this.server = MySqlSourceCheck.check(source);
    }

    /** Starts MariaDB (with the given tables and rows, as SQL) and the broker; no Connect worker yet. */
    static CaptureStack start(Path work, String... setupSql) {
        MariaDbServer mariadb = MariaDbServer.start();
        InProcessKafka kafka = null;
        try {
            mariadb.createDatabase(DATABASE);
            mariadb.execute(setupSql);
            mariadb.createUser("tapflow", PASSWORD,
                    "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR, LOCK TABLES");
            kafka = InProcessKafka.start();
            Path secrets = work.resolve("secrets.properties");
            Files.writeString(secrets, DATA_SOURCE + ".password=" + PASSWORD + "\n");
            return new CaptureStack(mariadb, kafka, secrets);
        } catch (IOException | RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            mariadb.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Starts a Connect worker of the stack's Connect cluster, and a change capture driving it. */
    ChangeCapture startConnect() {
        return startConnect(Map.of());
    }

    /** {@link #startConnect()} with these worker settings too (e.g. {@code offset.flush.interval.ms}). */
    ChangeCapture startConnect(Map<String, String> workerConfig) {
        EmbeddedConnectWorker.Builder builder = EmbeddedConnectWorker.builder(kafka.bootstrapServers(), CLUSTER);
        workerSettings(workerConfig).forEach(builder::workerConfig);
        worker = builder.start();
        connect = ConnectRestClient.of(worker.restUrl());
        capture = ChangeCapture.builder(connect, kafka.bootstrapServers())
                .converters(JSON)
                .passwordReference(name -> "${file:" + secrets + ":" + name + ".password}")
                .build();
        return capture;
    }

    /**
     * Starts a worker of the stack's Connect cluster in a JVM of its own, which the test can kill as a
     * crash would; drive it with {@link #captureBuilder(ConnectRestClient)}.
     */
    ConnectWorkerProcess startConnectProcess(Path work, Map<String, String> workerConfig) {
        return ConnectWorkerProcess.start(work, kafka.bootstrapServers(), CLUSTER, workerSettings(workerConfig));
    }

    /** The workers read the data source's password from the secrets file. */
    private static Map<String, String> workerSettings(Map<String, String> extra) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("config.providers", "file");
        settings.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        settings.putAll(extra);
        return settings;
    }

    /** Stops the Connect worker as an operator would (its task commits its offsets); the broker keeps running. */
    void stopConnect() {
        if (capture != null) {
            capture.close();
            connect.close();
            worker.close();
            capture = null;
        }
    }

    ConnectRestClient connect() {
        return connect;
    }

    /** Another change capture over the same worker, with its own settings (e.g. a short snapshot timeout). */
    ChangeCapture.Builder captureBuilder() {
        return captureBuilder(connect);
    }

    /** A change capture over the worker {@code connect} talks to. */
    ChangeCapture.Builder captureBuilder(ConnectRestClient connect) {
        return ChangeCapture.builder(connect, kafka.bootstrapServers())
                .converters(JSON)
                .passwordReference(name -> "${file:" + secrets + ":" + name + ".password}");
    }

    DataSource source() {
        return source;
    }

    MySqlServerInfo server() {
        return server;
    }

    MariaDbServer mariadb() {
        return mariadb;
    }

    ChangeTopicReader read(String table) {
        return new ChangeTopicReader(kafka.bootstrapServers(), ChangeCapture.topicFor(source, table));
    }

    @Override
    public void close() {
        try {
            stopConnect();
        } finally {
            try {
                kafka.close();
            } finally {
                mariadb.close();
            }
        }
    }

    /** The first value {@code read} gives that satisfies {@code condition}; fails after {@link #WAIT}. */
    static <T> T await(String what, Supplier<T> read, Predicate<T> condition) {
        return Await.until(what, WAIT, read, condition);
    }
}

package io.tapflow.runtime;

import io.tapflow.runtime.catalog.FileSecretStore;
import io.tapflow.runtime.connect.EmbeddedConnectWorker;
import io.tapflow.runtime.kafka.EmbeddedKafkaBroker;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything TapFlow needs on one machine, in this JVM, on loopback: a KRaft Kafka broker and a Kafka
 * Connect worker with Debezium and the MongoDB sink, keeping their data under one directory so that a
 * second start resumes where the first stopped.
 *
 * <p>Layout of the directory: {@code kafka/} (the broker's logs and ports), {@code secrets.properties}
 * (secret values, readable by their owner only; see {@link FileSecretStore}).
 */
public final class EmbeddedStack implements AutoCloseable {

    /** The Connect cluster name: it names the worker's group and internal topics. */
    static final String CONNECT_CLUSTER = "tapflow";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedConnectWorker connect;
    private final FileSecretStore secrets;

    private EmbeddedStack(Path directory, EmbeddedKafkaBroker broker, EmbeddedConnectWorker connect,
                          FileSecretStore secrets) {
        this.directory = directory;
        this.broker = broker;
        this.connect = connect;
        this.secrets = secrets;
    }

    /**
     * Starts the stack over {@code directory}; stops what it started if a later part fails.
     *
     * @throws IllegalStateException naming the part that did not start
     */
    public static EmbeddedStack start(Path directory) {
        Path home = directory.toAbsolutePath();
        FileSecretStore secrets = new FileSecretStore(home.resolve("secrets.properties"));
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(home.resolve("kafka"), START_TIMEOUT);
        try {
            EmbeddedConnectWorker connect = EmbeddedConnectWorker.builder(broker.bootstrapServers(), CONNECT_CLUSTER)
                    .startTimeout(START_TIMEOUT)
                    // Connectors read secrets from the store, so their configs hold references only.
                    .workerConfig("config.providers", FileSecretStore.CONFIG_PROVIDER)
                    .workerConfig("config.providers." + FileSecretStore.CONFIG_PROVIDER + ".class",
                            "org.apache.kafka.common.config.provider.FileConfigProvider")
                    .start();
            return new EmbeddedStack(home, broker, connect, secrets);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** The directory the stack keeps its data in. */
    public Path directory() {
        return directory;
    }

    /** {@code host:port} of the Kafka broker. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The Connect worker's REST API. */
    public URI connectUrl() {
        return connect.restUrl();
    }

    /** Where the stack keeps secret values. */
    public FileSecretStore secrets() {
        return secrets;
    }

    /** Stops the Connect worker, then the broker; their data stays for the next start. */
    @Override
    public void close() {
        try {
            connect.close();
        } finally {
            broker.close();
        }
    }
}

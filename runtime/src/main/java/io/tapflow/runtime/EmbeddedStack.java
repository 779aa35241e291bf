package io.tapflow.runtime;

import io.tapflow.runtime.catalog.FileSecretStore;
import io.tapflow.runtime.connect.EmbeddedConnectWorker;
import io.tapflow.runtime.kafka.EmbeddedKafkaBroker;
import io.tapflow.runtime.mongodb.EmbeddedMongoServer;
import io.tapflow.runtime.net.LoopbackPorts;
import io.tapflow.runtime.registry.SchemaRegistryServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Everything TapFlow needs on one machine, on loopback: a KRaft Kafka broker, a Kafka Connect worker
 * with Debezium and the MongoDB sink, and a MongoDB wire-protocol server ({@link EmbeddedMongoServer}, not
 * MongoDB itself) in this JVM, and an Apicurio schema registry in a child process, keeping their data under
 * one directory so that a second start resumes where the first stopped.
 *
 * <p>Layout of the directory: {@code kafka/} (the broker's logs and ports), {@code registry/} (the
 * schemas, whose ids the records on Kafka refer to, and the registry's log), {@code mongodb/} (the
 * embedded MongoDB's documents, in an H2 file), {@code stack.properties} (the registry's and the
 * MongoDB server's ports, reused while free), {@code secrets.properties} (secret values, readable by
 * their owner only; see {@link FileSecretStore}).
 */
public final class EmbeddedStack implements AutoCloseable {

    /** The Connect cluster name: it names the worker's group and internal topics. */
    static final String CONNECT_CLUSTER = "tapflow";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedConnectWorker connect;
    private final SchemaRegistryServer registry;
    private final EmbeddedMongoServer mongo;
    private final FileSecretStore secrets;

    private EmbeddedStack(Path directory, EmbeddedKafkaBroker broker, EmbeddedConnectWorker connect,
                          SchemaRegistryServer registry, EmbeddedMongoServer mongo, FileSecretStore secrets) {
        this.directory = directory;
        this.broker = broker;
        this.connect = connect;
        this.registry = registry;
        this.mongo = mongo;
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
        StackState state = StackState.load(home);
        // The MongoDB server listens at once, so the registry's port cannot be the same.
        EmbeddedMongoServer mongo = EmbeddedMongoServer.start(home.resolve("mongodb"),
                LoopbackPorts.reuseOrPick(state.get("mongodb.port")));
        try {
            int registryPort = LoopbackPorts.reuseOrPick(state.get("registry.port"));
            state.put("registry.port", Integer.toString(registryPort));
            state.put("mongodb.port", Integer.toString(mongo.port()));
            state.save();
            return startWith(home, secrets, registryPort, mongo);
        } catch (RuntimeException e) {
            mongo.close();
            throw e;
        }
    }

    private static EmbeddedStack startWith(Path home, FileSecretStore secrets, int registryPort,
                                           EmbeddedMongoServer mongo) {
        // The registry is a separate process: it starts while the broker does.
        CompletableFuture<SchemaRegistryServer> registry = CompletableFuture.supplyAsync(() -> SchemaRegistryServer.builder()
                .dataDir(home.resolve("registry")).port(registryPort).startTimeout(START_TIMEOUT).start());
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(home.resolve("kafka"), START_TIMEOUT);
        } catch (RuntimeException e) {
            registry.thenAccept(SchemaRegistryServer::close);
            throw e;
        }
        SchemaRegistryServer registryServer;
        try {
            // The worker resumes its connectors as soon as it starts, and their first record needs the registry.
            registryServer = registry.join();
        } catch (CompletionException e) {
            broker.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        try {
            EmbeddedConnectWorker connect = EmbeddedConnectWorker.builder(broker.bootstrapServers(), CONNECT_CLUSTER)
                    .startTimeout(START_TIMEOUT)
                    // Connectors read secrets from the store, so their configs hold references only.
                    .workerConfig("config.providers", FileSecretStore.CONFIG_PROVIDER)
                    .workerConfig("config.providers." + FileSecretStore.CONFIG_PROVIDER + ".class",
                            "org.apache.kafka.common.config.provider.FileConfigProvider")
                    .start();
            return new EmbeddedStack(home, broker, connect, registryServer, mongo, secrets);
        } catch (RuntimeException e) {
            broker.close();
            registryServer.close();
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

    /** The schema registry's Apicurio v2 API, for converters ({@code WireFormat.avro}). */
    public String registryUrl() {
        return registry.apicurioV2Url();
    }

    /** The schema registry's Confluent-compatible API, for any Kafka consumer's Avro deserializer. */
    public String confluentCompatibleRegistryUrl() {
        return registry.confluentCompatibleUrl();
    }

    /**
     * The embedded MongoDB, {@code mongodb://127.0.0.1:<port>} (no database): the server of every mongodb
     * data source that names none. A MongoDB wire-protocol server, not MongoDB itself; see
     * {@link EmbeddedMongoServer}.
     */
    public String mongoUri() {
        return mongo.uri();
    }

    /** Where the stack keeps secret values. */
    public FileSecretStore secrets() {
        return secrets;
    }

    /**
     * Stops the Connect worker, then the MongoDB server (committing its documents to its file), the broker
     * and the registry; their data stays for the next start.
     */
    @Override
    public void close() {
        try {
            connect.close();
        } finally {
            try {
                mongo.close();
            } finally {
                try {
                    broker.close();
                } finally {
                    registry.close();
                }
            }
        }
    }
}

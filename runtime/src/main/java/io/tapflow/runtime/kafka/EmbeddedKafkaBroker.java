package io.tapflow.runtime.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import io.tapflow.runtime.net.LoopbackPorts;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft Kafka broker (combined controller and broker) inside this JVM, on loopback,
 * keeping its data under a directory so that a second start resumes where the first stopped.
 *
 * <p>The directory holds {@code data/} (the logs, formatted on first start) and
 * {@code broker.properties} (the ports chosen on first start, reused while they are free, so
 * clients that remember the address keep working).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String LISTENER = "PLAINTEXT";
    private static final String CONTROLLER = "CONTROLLER";
    private static final String LOOPBACK = LoopbackPorts.LOOPBACK;

    private final Path directory;
    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafkaBroker(Path directory, KafkaRaftServer server, String bootstrapServers) {
        this.directory = directory;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts the broker over {@code directory} (created and formatted if new) and waits until it
     * accepts clients.
     *
     * @param startTimeout how long to wait for the broker to answer
     * @throws IllegalStateException naming what failed, for example a directory formatted by another cluster
     */
    public static EmbeddedKafkaBroker start(Path directory, Duration startTimeout) {
        try {
            Files.createDirectories(directory);
            Properties state = loadState(directory);
            int port = LoopbackPorts.reuseOrPick(state.getProperty("port"));
            int controllerPort = LoopbackPorts.reuseOrPick(state.getProperty("controller.port"));
            String clusterId = state.getProperty("cluster.id", Uuid.randomUuid().toString());
            state.setProperty("port", Integer.toString(port));
            state.setProperty("controller.port", Integer.toString(controllerPort));
            state.setProperty("cluster.id", clusterId);
            Path data = directory.resolve("data");
            KafkaConfig config = new KafkaConfig(settings(data, port, controllerPort), false);
            if (!Files.exists(data.resolve("meta.properties"))) {
                format(data, clusterId);
            }
            saveState(directory, state);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = LOOPBACK + ":" + port;
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(directory, server, bootstrap);
            broker.awaitReady(startTimeout);
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker in " + directory + ": "
                    + e.getMessage() + ". Fix: make the directory writable, or give TapFlow another one.", e);
        }
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The directory the broker keeps its data in. */
    public Path directory() {
        return directory;
    }

    /** Stops the broker; its data stays for the next start. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Map<String, Object> settings(Path data, int port, int controllerPort) {
        return Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", Integer.toString(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort),
                Map.entry("listeners", LISTENER + "://" + LOOPBACK + ":" + port + "," + CONTROLLER + "://" + LOOPBACK + ":" + controllerPort),
                Map.entry("advertised.listeners", LISTENER + "://" + LOOPBACK + ":" + port),
                Map.entry("controller.listener.names", CONTROLLER),
                Map.entry("inter.broker.listener.name", LISTENER),
                Map.entry("listener.security.protocol.map", LISTENER + ":PLAINTEXT," + CONTROLLER + ":PLAINTEXT"),
                Map.entry("log.dirs", data.toString()),
                // One broker: every internal topic has one replica.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // The cleaner's default 128 MiB dedupe buffer would take most of a small heap.
                Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024)),
                Map.entry("num.partitions", "1"));
    }

    private static void format(Path data, String clusterId) throws IOException {
        Files.createDirectories(data);
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(data.toString()))
                    .setMetadataLogDirectory(data.toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setControllerListenerName(CONTROLLER)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the embedded Kafka broker's directory " + data + ": "
                    + e.getMessage() + ". Fix: give TapFlow an empty or earlier TapFlow directory.", e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(1, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        close();
                        throw new IllegalStateException("the embedded Kafka broker did not answer on " + bootstrapServers
                                + " within " + timeout.toSeconds() + " s. Fix: see the broker's log above; if another"
                                + " TapFlow uses " + directory + ", stop it or give this one another directory.");
                    }
                    sleepBriefly();
                }
            }
        }
    }

    /** A failed request can come back at once; do not spin while the broker starts. */
    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded Kafka broker", e);
        }
    }

    private static Properties loadState(Path directory) throws IOException {
        Properties state = new Properties();
        Path file = directory.resolve("broker.properties");
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                state.load(in);
            }
        }
        return state;
    }

    private static void saveState(Path directory, Properties state) throws IOException {
        try (OutputStream out = Files.newOutputStream(directory.resolve("broker.properties"))) {
            state.store(out, "TapFlow embedded Kafka broker: ports and cluster id, reused by the next start");
        }
    }
}

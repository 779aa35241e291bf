package io.tapflow.runtime.connect;

import io.tapflow.runtime.RuntimeLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.ConnectRestServer;
import org.apache.kafka.connect.runtime.rest.RestClient;
import org.apache.kafka.connect.runtime.rest.RestServer;
import org.apache.kafka.connect.runtime.rest.RestServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Connect worker in this JVM, in distributed mode: the embedded stack's Connect, driven through
 * its REST API ({@link #restUrl()}) exactly like an existing Connect cluster.
 *
 * <p>Its state lives in Kafka, in three internal topics named after the cluster name
 * ({@code <cluster>.connect-configs}, {@code -offsets}, {@code -status}; one replica, one partition), and it
 * joins the group {@code <cluster>.connect}. A worker started again with the same cluster name against the
 * same broker therefore resumes: same connectors, same offsets. The REST API listens on 127.0.0.1 on a
 * port the system picks. Plugins come from {@link RuntimeLayout#connectPlugins()}, found through their
 * ServiceLoader manifests ({@code plugin.discovery=service_load}).
 *
 * <p>Two things differ from Connect's own command line: a failure of the worker's main loop ends the worker,
 * not the JVM (Connect would call {@code System.exit}), and no shutdown hook is added: close the worker.
 * On Kafka 4.3 every start logs one ERROR from {@code org.apache.kafka.connect.runtime.isolation.PluginScanner}
 * about Debezium's {@code CloudEventsConverter}, which cannot initialise there; nothing uses it, and that
 * logger can be silenced.
 *
 * <pre>{@code
 * try (EmbeddedConnectWorker connect = EmbeddedConnectWorker.builder(bootstrapServers, "tapflow").start()) {
 *     ConnectRestClient rest = ConnectRestClient.of(connect.restUrl());
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedConnectWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedConnectWorker.class);
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,200}");
    private static final long HEALTH_POLL_MS = 100;

    private final String clusterName;
    private final ConnectRestServer restServer;
    private final DistributedHerder herder;
    private final URI restUrl;
    private final String herderThreadPrefix;
    private volatile boolean closed;

    private EmbeddedConnectWorker(String clusterName, ConnectRestServer restServer, DistributedHerder herder,
            URI restUrl, String herderThreadPrefix) {
        this.clusterName = clusterName;
        this.restServer = restServer;
        this.herder = herder;
        this.restUrl = restUrl;
        this.herderThreadPrefix = herderThreadPrefix;
    }

    /**
     * Settings for a worker of the Connect cluster {@code clusterName} on the Kafka cluster at
     * {@code bootstrapServers}.
     *
     * @param clusterName names the internal topics and the group: letters, digits, {@code _} and {@code -}
     */
    public static Builder builder(String bootstrapServers, String clusterName) {
        return new Builder(bootstrapServers, clusterName);
    }

    /** The worker's REST API, for example {@code http://127.0.0.1:40123}. */
    public URI restUrl() {
        return restUrl;
    }

    /** The Connect cluster name this worker was started with. */
    public String clusterName() {
        return clusterName;
    }

    /** The topic holding connector configs: {@code <cluster>.connect-configs}. */
    public String configTopic() {
        return configTopic(clusterName);
    }

    /** The topic holding source connector offsets: {@code <cluster>.connect-offsets}. */
    public String offsetTopic() {
        return offsetTopic(clusterName);
    }

    /** The topic holding connector and task states: {@code <cluster>.connect-status}. */
    public String statusTopic() {
        return statusTopic(clusterName);
    }

    /** The Connect group the worker joins: {@code <cluster>.connect}. */
    public String groupId() {
        return groupId(clusterName);
    }

    /**
     * Whether the worker is running: started, not closed, and its herder thread (the loop that runs
     * connectors and answers the REST API) has not died.
     */
    public boolean isRunning() {
        Future<?> herderTask = herder.herderTask();
        return !closed && herderTask != null && !herderTask.isDone();
    }

    /**
     * Stops the REST API, then the connectors and tasks (each gets {@code task.shutdown.graceful.timeout.ms},
     * 5 s by default, to commit its offsets) and leaves the group, so that a worker started again with the
     * same cluster name takes over at once. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long begin = System.nanoTime();
        try {
            restServer.stop();
        } finally {
            herder.stop();
            HerderExitGuard.release(herderThreadPrefix);
        }
        log.info("Connect worker of cluster '{}' at {} stopped in {} ms", clusterName, restUrl,
                (System.nanoTime() - begin) / 1_000_000);
    }

    @Override
    public String toString() {
        return "EmbeddedConnectWorker[" + clusterName + " at " + restUrl + (closed ? ", closed" : "") + "]";
    }

    static String configTopic(String clusterName) {
        return clusterName + ".connect-configs";
    }

    static String offsetTopic(String clusterName) {
        return clusterName + ".connect-offsets";
    }

    static String statusTopic(String clusterName) {
        return clusterName + ".connect-status";
    }

    static String groupId(String clusterName) {
        return clusterName + ".connect";
    }

    /** Settings of an {@link EmbeddedConnectWorker}; {@link #start()} starts it. */
    public static final class Builder {

        private final String bootstrapServers;
        private final String clusterName;
        private Path pluginPath;
        private Duration startTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder(String bootstrapServers, String clusterName) {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrap servers must be given, for example 127.0.0.1:9092");
            }
            if (clusterName == null || !CLUSTER_NAME.matcher(clusterName).matches()) {
                throw new IllegalArgumentException("Connect cluster name '" + clusterName + "' must be 1 to 200"
                        + " letters, digits, '_' or '-': it names Kafka topics, for example \"tapflow\"");
            }
            this.bootstrapServers = bootstrapServers;
            this.clusterName = clusterName;
        }

        /**
         * The folder whose subfolders are the Connect plugins; default {@link RuntimeLayout#connectPlugins()}.
         */
        public Builder pluginPath(Path folder) {
            this.pluginPath = Objects.requireNonNull(folder, "pluginPath");
            return this;
        }

        /** How long {@link #start()} waits for the REST API to report the worker healthy; default 60 s. */
        public Builder startTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "startTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, got " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Sets one Connect worker setting (as in {@code connect-distributed.properties}) over TapFlow's
         * defaults, for example {@code offset.flush.interval.ms}.
         */
        public Builder workerConfig(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Starts the worker and waits until its REST API reports it healthy (it has joined the group and
         * read the internal topics, creating them if needed).
         *
         * @throws IllegalStateException if it cannot start or is not healthy within the start timeout; nothing
         *     is left running then
         */
        public EmbeddedConnectWorker start() {
            long begin = System.nanoTime();
            Map<String, String> props = workerProps();
            awaitKafka(props, begin);
            EmbeddedConnectWorker worker = launch(props);
            try {
                awaitHealthy(worker, begin);
            } catch (RuntimeException e) {
                worker.close();
                throw e;
            }
            log.info("Connect worker of cluster '{}' started in {} ms at {} (plugins from {})", clusterName,
                    (System.nanoTime() - begin) / 1_000_000, worker.restUrl,
                    props.get(WorkerConfig.PLUGIN_PATH_CONFIG));
            return worker;
        }

        private Map<String, String> workerProps() {
            Path plugins = pluginPath != null ? pluginPath : RuntimeLayout.connectPlugins();
            Map<String, String> props = new LinkedHashMap<>();
            props.put(WorkerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(DistributedConfig.GROUP_ID_CONFIG, groupId(clusterName));
            props.put(DistributedConfig.CONFIG_TOPIC_CONFIG, configTopic(clusterName));
            props.put(DistributedConfig.OFFSET_STORAGE_TOPIC_CONFIG, offsetTopic(clusterName));
            props.put(DistributedConfig.STATUS_STORAGE_TOPIC_CONFIG, statusTopic(clusterName));
            // The embedded stack has one broker: one replica; one partition is plenty for its few connectors.
            props.put(DistributedConfig.CONFIG_STORAGE_REPLICATION_FACTOR_CONFIG, "1");
            props.put(DistributedConfig.OFFSET_STORAGE_REPLICATION_FACTOR_CONFIG, "1");
            props.put(DistributedConfig.STATUS_STORAGE_REPLICATION_FACTOR_CONFIG, "1");
            props.put(DistributedConfig.OFFSET_STORAGE_PARTITIONS_CONFIG, "1");
            props.put(DistributedConfig.STATUS_STORAGE_PARTITIONS_CONFIG, "1");
            // Connectors choose their own converters (TapFlow's use the Apicurio Avro converter).
            props.put(WorkerConfig.KEY_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.json.JsonConverter");
            props.put(WorkerConfig.VALUE_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.json.JsonConverter");
            props.put(WorkerConfig.PLUGIN_PATH_CONFIG, plugins.toString());
            // Scanning every jar takes ~8 s; the plugin folders carry ServiceLoader manifests instead.
            props.put(WorkerConfig.PLUGIN_DISCOVERY_CONFIG, "service_load");
            // Loopback only, on a port the system picks: no clash between workers, no race for a free port.
            props.put(RestServerConfig.LISTENERS_CONFIG, "http://127.0.0.1:0");
            props.put(RestServerConfig.REST_ADVERTISED_HOST_NAME_CONFIG, "127.0.0.1");
            props.putAll(overrides);
            return props;
        }

        /**
         * Connect looks the Kafka cluster up with no deadline of its own (a minute, then a vague message):
         * check here, within the start timeout, that the brokers answer.
         */
        private void awaitKafka(Map<String, String> props, long begin) {
            long remainingMs = Math.max(1, startTimeout.toMillis() - (System.nanoTime() - begin) / 1_000_000);
            try (Admin admin = Admin.create(new HashMap<>(props))) {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) Math.min(remainingMs,
                        Integer.MAX_VALUE))).clusterId().get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Cannot start the Connect worker of cluster '" + clusterName + "': no"
                        + " answer from Kafka at " + bootstrapServers + " within " + startTimeout.toSeconds() + " s ("
                        + e.getCause().getMessage() + "). Check that the broker runs, that the bootstrap servers are"
                        + " right, and any security settings given with workerConfig(...).", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while reaching Kafka at " + bootstrapServers, e);
            }
        }

        private EmbeddedConnectWorker launch(Map<String, String> props) {
            HerderFactory factory = new HerderFactory();
            Thread thread = Thread.currentThread();
            ClassLoader callersLoader = thread.getContextClassLoader();
            ConnectRestServer restServer = null;
            DistributedHerder herder = null;
            String herderThreadPrefix = null;
            try {
                Plugins plugins = new Plugins(props);
                // Config classes named in the worker config resolve through the plugin loader, and the
                // threads started below inherit it as their context class loader.
                plugins.compareAndSwapWithDelegatingLoader();
                DistributedConfig config = factory.config(props);
                RestClient restClient = new RestClient(config);
                restServer = new ConnectRestServer(config.rebalanceTimeout(), restClient, config.originals());
                restServer.initializeServer();
                URI advertised = restServer.advertisedUrl();
                String workerId = advertised.getHost() + ":" + advertised.getPort();
                URI restUrl = URI.create(advertised.getScheme() + "://" + workerId);
                herderThreadPrefix = HerderExitGuard.claim(workerId);
                // newPlugins, not newPlugin: newPlugin's overloads name a Maven class the compiler would need.
                ConnectorClientConfigOverridePolicy policy = plugins.newPlugins(
                        List.of(config.getString(WorkerConfig.CONNECTOR_CLIENT_POLICY_CLASS_CONFIG)), config,
                        ConnectorClientConfigOverridePolicy.class).getFirst();
                herder = factory.herder(config, workerId, plugins, policy, restServer, restClient);
                herder.start();
                restServer.initializeResources(herder);
                return new EmbeddedConnectWorker(clusterName, restServer, herder, restUrl, herderThreadPrefix);
            } catch (RuntimeException e) {
                stopQuietly(restServer, herder, herderThreadPrefix);
                throw new IllegalStateException("Cannot start the Connect worker of cluster '" + clusterName
                        + "' on Kafka at " + bootstrapServers + ": " + e.getMessage(), e);
            } finally {
                thread.setContextClassLoader(callersLoader);
            }
        }

        private void awaitHealthy(EmbeddedConnectWorker worker, long begin) {
            long deadline = begin + startTimeout.toNanos();
            URI health = URI.create(worker.restUrl + "/health");
            String lastAnswer = "no answer yet";
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
                while (System.nanoTime() < deadline) {
                    Future<?> herderTask = worker.herder.herderTask();
                    if (herderTask != null && herderTask.isDone()) {
                        throw new IllegalStateException("The Connect worker of cluster '" + clusterName + "' stopped"
                                + " while starting: " + HerderExitGuard.failureOf(herderTask) + ". Check that Kafka"
                                + " at " + bootstrapServers + " is reachable and lets it create its topics "
                                + configTopic(clusterName) + ", " + offsetTopic(clusterName) + ", "
                                + statusTopic(clusterName) + ".");
                    }
                    try {
                        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(health)
                                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() == 200) {
                            return;
                        }
                        lastAnswer = "HTTP " + answer.statusCode() + " " + answer.body();
                    } catch (IOException e) {
                        lastAnswer = e.toString();
                    }
                    Thread.sleep(HEALTH_POLL_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting the Connect worker of cluster '"
                        + clusterName + "'", e);
            }
            throw new IllegalStateException("The Connect worker of cluster '" + clusterName + "' was not healthy"
                    + " within " + startTimeout.toSeconds() + " s (" + worker.restUrl + "/health: " + lastAnswer
                    + "). Check that Kafka at " + bootstrapServers + " is reachable, or raise the start timeout.");
        }

        private static void stopQuietly(RestServer restServer, DistributedHerder herder, String herderThreadPrefix) {
            try {
                if (restServer != null) {
                    restServer.stop();
                }
            } catch (RuntimeException e) {
                log.warn("Cannot stop the REST server of a Connect worker that failed to start", e);
            }
            if (herder != null) {
                herder.stop();
            }
            if (herderThreadPrefix != null) {
                HerderExitGuard.release(herderThreadPrefix);
            }
        }
    }

    /** Reaches the herder construction of Connect's distributed command line, which wires the backing stores. */
    private static final class HerderFactory extends ConnectDistributed {

        DistributedConfig config(Map<String, String> props) {
            return createConfig(props);
        }

        DistributedHerder herder(DistributedConfig config, String workerId, Plugins plugins,
                ConnectorClientConfigOverridePolicy policy, RestServer restServer, RestClient restClient) {
            return createHerder(config, workerId, plugins, policy, restServer, restClient);
        }
    }
}

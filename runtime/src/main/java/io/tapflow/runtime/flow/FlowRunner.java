package io.tapflow.runtime.flow;

import io.tapflow.DataSource;
import io.tapflow.FlowStatus;
import io.tapflow.FlowStatus.State;
import io.tapflow.connect.mongodb.MongoSinkConnectorConfig;
import io.tapflow.connect.mongodb.MongoSinkOptions;
import io.tapflow.connect.mysql.MySqlServerInfo;
import io.tapflow.connect.mysql.MySqlSourceCheck;
import io.tapflow.connect.mysql.MySqlTable;
import io.tapflow.connect.rest.ConnectRestClient;
import io.tapflow.connect.rest.ConnectRestException;
import io.tapflow.connect.rest.ConnectorState;
import io.tapflow.connect.rest.ConnectorStatus;
import io.tapflow.runtime.capture.ChangeCapture;
import io.tapflow.spec.FlowSpec;
import io.tapflow.spec.LookupStage;
import io.tapflow.topology.FlowStreamsConfig;
import io.tapflow.topology.FlowTopics;
import io.tapflow.topology.FlowTopology;
import io.tapflow.topology.event.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs saved flows inside this process, against the cluster it is connected to. Starting a flow:
 * <ol>
 *   <li>checks its source table and every looked-up table (each exists and has a primary key, which keys every
 *       row);</li>
 *   <li>creates its topics: the change topic of each table it reads, the flow's output and dead-letter topics;</li>
 *   <li>starts its stages as a Kafka Streams application ({@link FlowTopology}), exactly-once, under the
 *       application id {@code tapflow-flow-<name>}, so a later start resumes from its committed position and, for
 *       a flow with lookups, from its state (refused when the lookups changed since: see {@link #start});</li>
 *   <li>creates (or updates) its MongoDB sink connector, which keeps the target collection equal to the
 *       output topic;</li>
 *   <li>captures every table it reads ({@link ChangeCapture}), looked-up tables first: the first time, Debezium
 *       copies the rows each table holds, then streams every change; later, nothing is copied again.</li>
 * </ol>
 * The stages run here; capture and sink run in the Kafka Connect cluster, so they keep their position on
 * their own. Stopping a flow stops its stages; the sink connector stays and idles.
 *
 * <p>Thread-safe: starts and stops are serialized.
 */
public final class FlowRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FlowRunner.class);
    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final ConnectRestClient connect;
    private final ChangeCapture capture;
    private final Supplier<WireFormat> wireFormats;
    private final Map<String, String> connectorConverters;
    private final Function<DataSource, SinkTarget> sinkTargets;
    private final Path stateDirectory;
    private final Admin admin;
    private final Map<String, RunningFlow> flows = new LinkedHashMap<>();

    /**
     * @param bootstrapServers the Kafka cluster
     * @param connect the Kafka Connect cluster, writing to the same Kafka cluster
     * @param capture drives the source connectors in {@code connect}
     * @param wireFormats a new wire format for each flow (Avro keeps one converter per topic)
     * @param connectorConverters the sink connectors' converters, matching the wire format
     * @param sinkTargets the MongoDB target as the sink connector must reach it, with how the sink reads its URI
     * @param stateDirectory where Kafka Streams keeps its local files
     */
    public FlowRunner(String bootstrapServers, ConnectRestClient connect, ChangeCapture capture,
                      Supplier<WireFormat> wireFormats, Map<String, String> connectorConverters,
                      Function<DataSource, SinkTarget> sinkTargets, Path stateDirectory) {
        this.bootstrapServers = bootstrapServers;
        this.connect = connect;
        this.capture = capture;
        this.wireFormats = wireFormats;
        this.connectorConverters = Map.copyOf(connectorConverters);
        this.sinkTargets = sinkTargets;
        this.stateDirectory = stateDirectory;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * A MongoDB target as the sink connector reaches it.
     *
     * @param dataSource the target, with a {@code uri} the Connect workers can reach
     * @param uriReference a config provider reference to the URI when it holds a password, else {@code null}
     */
    public record SinkTarget(DataSource dataSource, String uriReference) {
    }

    /**
     * Starts a flow, or does nothing if it runs here already. Returns once its stages run, its sink connector
     * runs and every table it reads is captured (the first start waits until Debezium has read every existing
     * row of each; the target may still be catching up).
     *
     * <p>A flow with lookups reads the looked-up tables too: each one's change topic is created with the flow's
     * topics, and each table is captured by its own data source's connector, the looked-up ones first, so that
     * the flow's own rows, copied last, find their children already there (each document is then written once
     * during the copy rather than once per table). Kafka Streams creates the lookups' internal topics (the
     * changelogs of their tables, the repartition and subscription topics of the joins) itself, and keeps their
     * state under the state directory, so a restart resumes from it. A flow that ran before with other lookups
     * (its state stores are not the ones this definition needs) is refused: resuming its positions over that
     * state would leave the rows it already read out of the new lookups.
     *
     * @param spec the saved flow
     * @param source its source data source (a saved mysql source)
     * @param target its target data source (a saved mongodb target)
     * @param lookupSources the data sources of its lookups, by name (saved mysql sources); may include {@code source}
     * @param env values the flow's functions read as their context's env
     * @throws FlowStartException saying which step failed, why and what to do; the flow's stages are stopped
     *     then (a sink connector already created stays, idle, and a later start reuses it)
     */
    public synchronized void start(FlowSpec spec, DataSource source, DataSource target,
                                   Map<String, DataSource> lookupSources, Map<String, String> env) {
        RunningFlow running = flows.get(spec.name());
        if (running != null && running.isAlive()) {
            return;
        }
        RunningFlow flow = new RunningFlow(spec);
        flows.put(spec.name(), flow);
        String tableName = spec.source().tableName();
        try {
            Map<String, MySqlServerInfo> servers = new LinkedHashMap<>();
            servers.put(source.name(), MySqlSourceCheck.check(source));
            MySqlTable table = MySqlSourceCheck.table(source, tableName);
            FlowTopics topics = FlowTopics.of(spec, ChangeCapture.topicFor(source, tableName));
            // The tables to capture, looked-up ones first: data source and table, in start order.
            Map<String, Map.Entry<DataSource, String>> reads = new LinkedHashMap<>();
            for (LookupStage lookup : spec.lookups()) {
                DataSource child = lookupSource(spec, lookup, source, lookupSources);
                if (!servers.containsKey(child.name())) {
                    servers.put(child.name(), MySqlSourceCheck.check(child));
                }
                MySqlSourceCheck.table(child, lookup.tableName());
                topics = topics.withLookup(lookup.table(), ChangeCapture.topicFor(child, lookup.tableName()));
                reads.putIfAbsent(lookup.table(), Map.entry(child, lookup.tableName()));
            }
            reads.remove(spec.source().table());
            reads.put(spec.source().table(), Map.entry(source, tableName));
            Topology topology = FlowTopology.build(spec, topics, wireFormats.get(), env);
            requireStateFits(spec, topology);
            createTopics(spec, topics);
            flow.streams = startStages(spec, topology, flow);
            startSink(spec, target, topics, table);
            boolean copied = false;
            for (Map.Entry<DataSource, String> read : reads.values()) {
                DataSource dataSource = read.getKey();
                flow.detail("capturing " + dataSource.name() + "." + read.getValue());
                ChangeCapture.Outcome outcome = capture.capture(dataSource, servers.get(dataSource.name()),
                        read.getValue());
                copied |= outcome != ChangeCapture.Outcome.ALREADY_CAPTURED;
            }
            String read = spec.source().table();
            List<String> lookedUp = reads.keySet().stream().filter(name -> !name.equals(read)).toList();
            String withLookups = lookedUp.isEmpty() ? "" : " and looked-up " + String.join(", ", lookedUp);
            flow.running(copied
                    ? "copied " + read + withLookups + "; " + (lookedUp.isEmpty() ? "its" : "their") + " changes reach "
                            + spec.target().table()
                    : "resumed: changes of " + read + withLookups + " reach " + spec.target().table());
            log.info("Flow '{}': {}", spec.name(), flow.status().detail());
        } catch (RuntimeException e) {
            flow.failed(e.getMessage());
            flow.close();
            throw e instanceof FlowStartException start ? start
                    : new FlowStartException(spec.name(), e.getMessage(), e);
        }
    }

    private static DataSource lookupSource(FlowSpec spec, LookupStage lookup, DataSource source,
                                           Map<String, DataSource> lookupSources) {
        DataSource child = lookupSources.get(lookup.dataSource());
        if (child == null && source.name().equals(lookup.dataSource())) {
            child = source;
        }
        if (child == null) {
            throw new FlowStartException(spec.name(), "lookup '" + lookup.name() + "' reads data source '"
                    + lookup.dataSource() + "', which was not given. Fix: start the flow with flow.start(), which"
                    + " finds its saved data sources.", null);
        }
        return child;
    }

    /** Stops the flow's stages if they run here; their position is committed for the next start. */
    public synchronized void stop(String flowName) {
        RunningFlow flow = flows.get(flowName);
        if (flow != null && flow.isAlive()) {
            flow.close();
            flow.stopped();
        }
    }

    /** The flow's status in this process, if it was started here. */
    public synchronized Optional<FlowStatus> status(String flowName) {
        return Optional.ofNullable(flows.get(flowName)).map(RunningFlow::status);
    }

    /** Stops every flow that runs here. */
    @Override
    public synchronized void close() {
        try {
            for (String name : new ArrayList<>(flows.keySet())) {
                stop(name);
            }
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    private void createTopics(FlowSpec spec, FlowTopics topics) {
        // One partition keeps every change of the table in commit order; the change topic is made here
        // (if Debezium has not made it yet) because Kafka Streams stops when a source topic is missing.
        List<NewTopic> wanted = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(topics.source(), topics.output(), topics.deadLetter()),
                        topics.lookups().values().stream())
                .distinct().map(name -> new NewTopic(name, Optional.of(1), Optional.empty())).toList();
        admin.createTopics(wanted).values().forEach((name, future) -> {
            try {
                future.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new FlowStartException(spec.name(), "Kafka at " + bootstrapServers + " did not create topic "
                        + name + " within 30 s. Fix: check that the broker runs, then start the flow again.", e);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new FlowStartException(spec.name(), "cannot create topic " + name + ": "
                            + e.getCause().getMessage() + ". Fix: check that Kafka at " + bootstrapServers
                            + " runs and lets TapFlow create topics, or create it yourself (1 partition).", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FlowStartException(spec.name(), "interrupted while creating topic " + name, e);
            }
        });
    }

    /**
     * Refuses to start a flow over the state another definition of it left. A flow with lookups keeps its tables
     * in state stores, each backed by a changelog topic {@code tapflow-flow-<name>-<store>-changelog}; its
     * committed positions in the change topics are only right together with that state. A flow that ran before
     * (it has committed positions) and whose stores are not the ones it had (a lookup added, removed or changed)
     * would resume from those positions over missing or unrelated state: the rows already read would never be
     * joined, or documents would keep fields no lookup refreshes any more.
     */
    private void requireStateFits(FlowSpec spec, Topology topology) {
        String applicationId = FlowStreamsConfig.applicationId(spec.name());
        Set<String> wanted = new TreeSet<>();
        for (TopologyDescription.Subtopology part : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : part.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> wanted.add(applicationId + "-" + store + "-changelog"));
                }
            }
        }
        try {
            boolean ranBefore = !admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).isEmpty();
            if (!ranBefore) {
                return;
            }
            Set<String> existing = new TreeSet<>();
            for (String topic : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                if (isStoreChangelog(applicationId, topic)) {
                    existing.add(topic);
                }
            }
            if (!existing.equals(wanted)) {
                throw new FlowStartException(spec.name(), "it ran before with other lookups (its Kafka Streams state"
                        + " has " + (existing.isEmpty() ? "no tables" : "the tables of " + existing) + ", this"
                        + " definition needs " + (wanted.isEmpty() ? "none" : wanted) + "), and resuming from where"
                        + " that one stopped would leave the rows it already read out of the new lookups. Fix: save the"
                        + " changed flow under a new name (it then copies its tables afresh into its own collection),"
                        + " or save the definition it ran with again.", null);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new FlowStartException(spec.name(), "cannot read its Kafka Streams state from Kafka at "
                    + bootstrapServers + ": " + e.getMessage() + ". Fix: check that the broker runs, then start the"
                    + " flow again.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlowStartException(spec.name(), "interrupted while reading its Kafka Streams state", e);
        }
    }

    /**
     * Whether a topic is the changelog of one of the lookup stores of the flow with this application id. Another
     * flow's application id can start with this one's (flow {@code orders-v2}, flow {@code orders}), but its topics
     * then do not go on with one of our store names.
     */
    static boolean isStoreChangelog(String applicationId, String topic) {
        return topic.startsWith(applicationId + "-") && STORE_CHANGELOG.matcher(
                topic.substring(applicationId.length() + 1)).matches();
    }

    /** A changelog of the stores LookupTopology names. */
    private static final java.util.regex.Pattern STORE_CHANGELOG = java.util.regex.Pattern.compile(
            "tapflow-(root|segment-[0-9]+|lookup-[0-9]+-[A-Za-z0-9._-]+)-(table|groups|joined|join-subscription-store)"
                    + "-changelog");

    private KafkaStreams startStages(FlowSpec spec, Topology topology, RunningFlow flow) {
        Properties props = FlowStreamsConfig.of(spec.name(), bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toAbsolutePath().toString());
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(error -> {
            log.error("Flow '{}' stopped: {}", spec.name(), error.toString());
            flow.failed("its stages stopped: " + rootMessage(error) + ". Fix: see the log for the record and stage,"
                    + " then start the flow again.");
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        long deadline = System.nanoTime() + RUNNING_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING
                    || System.nanoTime() > deadline) {
                KafkaStreams.State state = streams.state();
                streams.close(Duration.ofSeconds(10));
                throw new FlowStartException(spec.name(), "its stages did not start (Kafka Streams is " + state
                        + " after " + RUNNING_TIMEOUT.toSeconds() + " s). Fix: check that Kafka at " + bootstrapServers
                        + " runs; the log says more.", null);
            }
            sleep();
        }
        return streams;
    }

    private void startSink(FlowSpec spec, DataSource target, FlowTopics topics, MySqlTable table) {
        SinkTarget sink = sinkTargets.apply(target);
        Map<String, String> config = MongoSinkConnectorConfig.of(spec, sink.dataSource(), topics, connectorConverters,
                sink.uriReference(), MongoSinkOptions.defaults().keyColumns(
                        spec.target().pk().isEmpty() ? table.primaryKey() : spec.target().pk()));
        String name = config.get("name");
        connect.createOrUpdate(name, config);
        long deadline = System.nanoTime() + RUNNING_TIMEOUT.toNanos();
        while (true) {
            ConnectorStatus status;
            try {
                status = connect.status(name);
            } catch (ConnectRestException e) {
                // Connect answers 404 for the status of a connector created a moment ago.
                if (e.httpStatus() != 404 || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep();
                continue;
            }
            if (status.isRunning()) {
                return;
            }
            if (status.state() == ConnectorState.FAILED || !status.failedTasks().isEmpty()
                    || System.nanoTime() > deadline) {
                throw new FlowStartException(spec.name(), "its sink connector " + name + " does not run: "
                        + status + ". Fix: check that MongoDB at data source '" + target.name()
                        + "' is reachable from the Connect workers, then start the flow again.", null);
            }
            sleep();
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a flow", e);
        }
    }

    /** A flow started in this process: its Kafka Streams application and what it is doing. */
    private static final class RunningFlow {

        private final FlowSpec spec;
        private volatile KafkaStreams streams;
        private volatile State state = State.STARTING;
        private volatile String detail = "starting";

        RunningFlow(FlowSpec spec) {
            this.spec = spec;
        }

        boolean isAlive() {
            return state == State.STARTING || state == State.RUNNING;
        }

        void detail(String detail) {
            this.detail = detail;
        }

        void running(String detail) {
            if (state == State.STARTING) {
                this.detail = detail;
                this.state = State.RUNNING;
            }
        }

        void stopped() {
            state = State.STOPPED;
            detail = "stopped; start() resumes it";
        }

        void failed(String reason) {
            state = State.FAILED;
            detail = reason;
        }

        FlowStatus status() {
            return new FlowStatus(spec.name(), state, detail);
        }

        void close() {
            KafkaStreams current = streams;
            if (current != null) {
                // Leaving the group lets the next start take the partitions at once, instead of after the
                // old member's session timeout (45 s).
                current.close(CloseOptions.timeout(Duration.ofSeconds(30))
                        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            }
        }
    }
}

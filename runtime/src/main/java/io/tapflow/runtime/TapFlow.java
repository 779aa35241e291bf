package io.tapflow.runtime;

import io.tapflow.DataSource;
import io.tapflow.DataSource.Role;
import io.tapflow.DataSourceKind;
import io.tapflow.Flow;
import io.tapflow.FlowDefinitionException;
import io.tapflow.FlowStatus;
import io.tapflow.Secret;
import io.tapflow.SecretStore;
import io.tapflow.TapFlowCluster;
import io.tapflow.connect.SourceCheckException;
import io.tapflow.connect.mongodb.MongoSinkConnectorConfig;
import io.tapflow.connect.mysql.MySqlSourceCheck;
import io.tapflow.connect.mysql.MySqlTable;
import io.tapflow.connect.rest.ConnectRestClient;
import io.tapflow.runtime.capture.ChangeCapture;
import io.tapflow.runtime.catalog.Catalog;
import io.tapflow.runtime.flow.FlowRunner;
import io.tapflow.runtime.flow.FlowRunner.SinkTarget;
import io.tapflow.runtime.flow.LookupTablesCheck;
import io.tapflow.spec.FlowSpec;
import io.tapflow.spec.LookupStage;
import io.tapflow.spec.RenameStage;
import io.tapflow.spec.StageSpec;
import io.tapflow.runtime.inspect.Peek;
import io.tapflow.runtime.inspect.TableReader;
import io.tapflow.topology.event.WireFormat;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * A connection to where TapFlow keeps its definitions and runs its flows: the embedded stack on this
 * machine ({@link #embedded(Path)}) or an existing Kafka and Kafka Connect cluster
 * ({@link #connect(String, URI, String, Encoding, SecretStore)}). Both go through the same code: a catalog topic,
 * the Connect REST API, a schema registry and a secret store. Opening one makes it the {@linkplain TapFlowCluster#current()
 * current cluster}, so {@code DataSource...save()} saves to it.
 */
public final class TapFlow implements TapFlowCluster, AutoCloseable {

    private final EmbeddedStack stack;
    private final String bootstrapServers;
    private final URI connectUrl;
    private final String registryUrl;
    private final Encoding encoding;
    private final SecretStore secrets;
    private final Catalog catalog;
    private final ConnectRestClient connect;
    private final ChangeCapture capture;
    private final FlowRunner flows;

    private TapFlow(EmbeddedStack stack, String bootstrapServers, URI connectUrl, String registryUrl,
                    Encoding encoding, SecretStore secrets) {
        this.stack = stack;
        this.encoding = encoding;
        this.bootstrapServers = bootstrapServers;
        this.connectUrl = connectUrl;
        this.registryUrl = registryUrl;
        this.secrets = secrets;
        this.catalog = Catalog.open(bootstrapServers);
        this.connect = ConnectRestClient.of(connectUrl);
        this.capture = ChangeCapture.builder(connect, bootstrapServers)
                .converters(connectorConverters())
                .passwordReference(name -> secrets.connectReference(name + ".password"))
                .build();
        Path streamsState = stack != null ? stack.directory().resolve("streams")
                : Path.of(System.getProperty("java.io.tmpdir"), "tapflow-streams-" + System.getProperty("user.name"));
        this.flows = new FlowRunner(bootstrapServers, connect, capture, this::wireFormat, connectorConverters(),
                this::sinkTarget, streamsState);
        TapFlowCluster.use(this);
    }

    /** Starts (or resumes) the embedded stack over {@code directory} and connects to it; records are Avro. */
    public static TapFlow embedded(Path directory) {
        return embedded(directory, Encoding.AVRO);
    }

    /** Starts (or resumes) the embedded stack over {@code directory}, with records in the given encoding. */
    public static TapFlow embedded(Path directory, Encoding encoding) {
        EmbeddedStack stack = EmbeddedStack.start(directory);
        try {
            return new TapFlow(stack, stack.bootstrapServers(), stack.connectUrl(), stack.registryUrl(), encoding,
                    stack.secrets());
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /**
     * Connects to an existing cluster.
     *
     * @param bootstrapServers the Kafka cluster
     * @param connectUrl the Kafka Connect REST API
     * @param registryUrl the schema registry's Apicurio v2 API ({@code http://host:port/apis/registry/v2})
     * @param encoding how records are written on the cluster's topics
     * @param secrets where secret values go; its references must be readable by the Connect workers
     */
    public static TapFlow connect(String bootstrapServers, URI connectUrl, String registryUrl, Encoding encoding,
                                  SecretStore secrets) {
        return new TapFlow(null, bootstrapServers, connectUrl, registryUrl, encoding, secrets);
    }

    /**
     * Checks a data source against its server, then stores it: a MySQL source must be reachable, accept
     * the credentials, write a ROW/FULL binlog and grant what Debezium needs. Nothing is stored when a
     * check fails.
     *
     * @throws io.tapflow.connect.SourceCheckException naming what to change on the server or in the definition
     */
    @Override
    public DataSource save(DataSource dataSource) {
        if (dataSource.kind() == DataSourceKind.MYSQL && dataSource.role() != Role.TARGET) {
            MySqlSourceCheck.check(dataSource);
        }
        catalog.put(dataSource.spec(secrets));
        return dataSource;
    }

    /**
     * Checks a flow against the saved data sources and stores it: it must read a table of a saved mysql
     * source (the table must exist and have a primary key) and write to a saved mongodb target. Each lookup must
     * read an existing table with a primary key of a saved mysql source, and fit the tables' columns
     * ({@link LookupTablesCheck}).
     *
     * @throws FlowDefinitionException naming the flow, what is wrong and the fix; nothing is stored then
     */
    @Override
    public Flow save(Flow flow) {
        FlowSpec spec = flow.spec();
        DataSource source = endpoint(spec, spec.source().name(), spec.source().dataSource(), Role.SOURCE);
        endpoint(spec, spec.target().name(), spec.target().dataSource(), Role.TARGET);
        MySqlTable table;
        try {
            table = MySqlSourceCheck.table(source, spec.source().tableName());
        } catch (SourceCheckException e) {
            throw new FlowDefinitionException(spec.name(), spec.source().name(), e.getMessage());
        }
        Map<String, MySqlTable> lookedUp = new LinkedHashMap<>();
        for (LookupStage lookup : spec.lookups()) {
            if (!lookedUp.containsKey(lookup.table())) {
                DataSource child = endpoint(spec, lookup.name(), lookup.dataSource(), Role.SOURCE);
                try {
                    lookedUp.put(lookup.table(), MySqlSourceCheck.describe(child, lookup.tableName()));
                } catch (SourceCheckException e) {
                    throw new FlowDefinitionException(spec.name(), lookup.name(), e.getMessage());
                }
            }
        }
        LookupTablesCheck.check(spec, table, lookedUp);
        for (String field : spec.target().pk()) {
            String column = sourceColumn(spec, field);
            if (!table.columns().contains(column)) {
                throw new FlowDefinitionException(spec.name(), spec.target().name(), "the target is keyed by field '"
                        + field + "', but table '" + table.name() + "' has no column '" + column + "' (its columns: "
                        + String.join(", ", table.columns()) + "). Fix: key by a column of the table, or by its new"
                        + " name after renameFields.");
            }
        }
        catalog.put(spec);
        return flow;
    }

    /**
     * Starts a saved flow in this process (see {@link FlowRunner#start}); it runs until {@link #stop(String)}
     * or until this connection closes.
     *
     * @throws IllegalStateException if the flow is not saved, was saved with another definition, or cannot start
     */
    @Override
    public void start(Flow flow, Map<String, String> env) {
        FlowSpec saved = catalog.flow(flow.name()).orElseThrow(() -> new IllegalStateException("Flow '" + flow.name()
                + "' is not saved. Fix: save it first, as in flow.save().start()."));
        if (!saved.equals(flow.spec())) {
            throw new IllegalStateException("Flow '" + flow.name() + "' was saved with another definition. Fix: save"
                    + " this one (flow.save()) to replace it, then start it.");
        }
        DataSource source = endpoint(saved, saved.source().name(), saved.source().dataSource(), Role.SOURCE);
        DataSource target = endpoint(saved, saved.target().name(), saved.target().dataSource(), Role.TARGET);
        Map<String, DataSource> lookupSources = new LinkedHashMap<>();
        for (LookupStage lookup : saved.lookups()) {
            lookupSources.computeIfAbsent(lookup.dataSource(),
                    name -> endpoint(saved, lookup.name(), name, Role.SOURCE));
        }
        flows.start(saved, source, target, lookupSources, env);
    }

    /** Stops the flow of that name if it runs in this process; a later start resumes where it stopped. */
    @Override
    public void stop(String flowName) {
        flows.stop(flowName);
    }

    /** Where the flow of that name is: as it runs in this process, else saved. */
    @Override
    public FlowStatus status(String flowName) {
        return flows.status(flowName).orElseGet(() -> {
            FlowSpec spec = catalog.flow(flowName).orElseThrow(() -> new IllegalArgumentException("no flow named '"
                    + flowName + "' is saved. Fix: check the name; saved flows: " + flowNames() + "."));
            return new FlowStatus(flowName, FlowStatus.State.SAVED, "reads " + spec.source().table() + ", writes "
                    + spec.target().table() + "; not running in this process");
        });
    }

    /** The flow saved under this name. */
    public Optional<Flow> flow(String name) {
        return catalog.flow(name).map(Flow::of);
    }

    /** Every saved flow. */
    public List<Flow> flows() {
        return catalog.flows().stream().map(Flow::of).toList();
    }

    /** The data source saved under this name. */
    public Optional<DataSource> dataSource(String name) {
        return catalog.dataSource(name).map(spec -> DataSource.fromSpec(spec, secrets));
    }

    /** Every saved data source. */
    public List<DataSource> dataSources() {
        return catalog.dataSources().stream().map(spec -> DataSource.fromSpec(spec, secrets)).toList();
    }

    /** {@code host:port} of the Kafka cluster. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The Kafka Connect REST API. */
    public URI connectUrl() {
        return connectUrl;
    }

    /** How flows read and write records on this deployment's topics. */
    public WireFormat wireFormat() {
        return encoding.wireFormat(registryUrl);
    }

    /** The key and value converter settings of this deployment's connectors. */
    public Map<String, String> connectorConverters() {
        return encoding.connectorConverters(registryUrl);
    }

    /** The schema registry's Apicurio v2 API, for converters. */
    public String registryUrl() {
        return registryUrl;
    }

    /**
     * How a Connect worker reads a secret stored for a data source, e.g. for its password:
     * {@code secretReference("MySQL_ECommerce.password")}.
     */
    public String secretReference(String reference) {
        return secrets.connectReference(reference);
    }

    /**
     * Closes the connection: stops the flows running in this process (their position is kept), then the
     * embedded stack if this connection started it.
     */
    @Override
    public void close() {
        TapFlowCluster.release(this);
        try {
            flows.close();
            capture.close();
            connect.close();
            catalog.close();
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    /** The source column an output field comes from, following the flow's renames back. */
    private static String sourceColumn(FlowSpec spec, String field) {
        String name = field;
        for (StageSpec stage : spec.stages().reversed()) {
            if (stage instanceof RenameStage rename) {
                for (Map.Entry<String, String> renamed : rename.fields().entrySet()) {
                    if (renamed.getValue().equals(name)) {
                        name = renamed.getKey();
                        break;
                    }
                }
            }
        }
        return name;
    }

    private DataSource endpoint(FlowSpec flow, String stage, String name, Role role) {
        DataSource dataSource = dataSource(name).orElseThrow(() -> new FlowDefinitionException(flow.name(), stage,
                (role == Role.TARGET ? "writes to" : stage.equals(flow.source().name()) ? "reads from" : "looks up")
                        + " data source '" + name + "', which is not saved"
                        + " (saved: " + dataSourceNames() + "). Fix: save it first, as in DataSource."
                        + (role == Role.SOURCE ? "mysql" : "mongodb") + "(\"" + name + "\")...save()."));
        DataSourceKind wanted = role == Role.SOURCE ? DataSourceKind.MYSQL : DataSourceKind.MONGODB;
        if (dataSource.kind() != wanted) {
            throw new FlowDefinitionException(flow.name(), stage, "data source '" + name + "' is " + dataSource.kind().id()
                    + ", and flows " + (role == Role.SOURCE ? "read from mysql" : "write to mongodb")
                    + " data sources. Fix: " + (role == Role.SOURCE ? "read from" : "write to") + " a "
                    + wanted.id() + " data source.");
        }
        if (dataSource.role() != role && dataSource.role() != Role.SOURCE_AND_TARGET) {
            throw new FlowDefinitionException(flow.name(), stage, "data source '" + name + "' was saved as a "
                    + dataSource.role().name().toLowerCase(java.util.Locale.ROOT) + ". Fix: save it with .as"
                    + (role == Role.SOURCE ? "Source()" : "Target()") + ".");
        }
        return dataSource;
    }

    /** How the sink connector reaches a MongoDB target; a URI with a password goes to the secret store. */
    private SinkTarget sinkTarget(DataSource target) {
        if (!namesServer(target)) {
            // The embedded MongoDB: no credentials, so its URI can stand in the connector's config.
            return new SinkTarget(DataSource.mongodb(target.name()).uri(mongoConnectionString(target).reveal())
                    .asTarget(), null);
        }
        if (!MongoSinkConnectorConfig.hasPassword(target)) {
            return new SinkTarget(target, null);
        }
        String reference = secrets.put(target.name() + ".uri", MongoSinkConnectorConfig.connectionUri(target));
        return new SinkTarget(target, reference);
    }

    /** Whether a mongodb data source names its server (a uri or a host); if not, it is the embedded one. */
    private static boolean namesServer(DataSource dataSource) {
        return Stream.of("uri", "host")
                .anyMatch(key -> dataSource.setting(key) != null && !dataSource.setting(key).toString().isBlank());
    }

    private List<String> dataSourceNames() {
        return catalog.dataSources().stream().map(spec -> spec.name()).toList();
    }

    private List<String> flowNames() {
        return catalog.flows().stream().map(FlowSpec::name).toList();
    }

    /**
     * The connection string of a mongodb data source, password included (so a {@link Secret}): its {@code uri};
     * or one built from its {@code host} ({@code host[:port]}), {@code database}, credentials,
     * {@code additionalString} and {@code ssl}; or, with neither uri nor host, the embedded stack's MongoDB
     * with the data source's database, such as {@code mongodb://127.0.0.1:27018/ecommerce}.
     *
     * @throws IllegalArgumentException if it is not a mongodb data source
     * @throws IllegalStateException if it names no server and this connection ({@link #connect}) has no
     *     embedded MongoDB
     */
    public Secret mongoConnectionString(DataSource dataSource) {
        if (dataSource.kind() != DataSourceKind.MONGODB) {
            throw new IllegalArgumentException("data source '" + dataSource.name() + "' is a " + dataSource.kind()
                    + " data source, not a mongodb one");
        }
        if (namesServer(dataSource)) {
            return MongoSinkConnectorConfig.connectionUri(dataSource);
        }
        String database = MongoSinkConnectorConfig.database(dataSource);
        if (stack == null) {
            throw new IllegalStateException("data source '" + dataSource.name() + "' names no MongoDB server (no uri,"
                    + " no host), so it is the embedded stack's MongoDB, but this TapFlow is connected to a cluster"
                    + " (TapFlow.connect), which has none. Fix: give it your MongoDB server, as in DataSource.mongodb(\""
                    + dataSource.name() + "\").uri(\"mongodb://<host>:27017/" + database + "\").asTarget().save().");
        }
        return Secret.of(stack.mongoUri() + "/" + database);
    }

    /**
     * How many records a table of a saved data source holds: rows of a MySQL table, documents of a MongoDB
     * collection. The shell's {@code count}.
     *
     * @param table {@code <data source>.<table>}, for example {@code "MongoDB_ECommerce.orders"}
     * @throws IllegalArgumentException naming the fix if no such data source is saved or it has no such table
     *     (the error lists the tables it has)
     * @throws IllegalStateException if the data source's server cannot be read
     * @see #peek(String, int)
     */
    public long count(String table) {
        return readTable(table, TableReader::count);
    }

    /**
     * A table's record count and its first {@code n} records, in key order (primary key, or {@code _id}): the
     * shell's {@code peek}. {@link Peek#toString()} prints them as the original does: {@code table X has N
     * records}, then each record as indented JSON.
     *
     * @param table {@code <data source>.<table>}, for example {@code "MySQL_ECommerce.ecom_orders"}
     * @param n how many records to show
     * @throws IllegalArgumentException as {@link #count(String)} does, or if {@code n} is negative
     * @throws IllegalStateException if the data source's server cannot be read
     */
    public Peek peek(String table, int n) {
        return readTable(table, (reader, name) -> reader.peek(name, n));
    }

    /** {@link #peek(String, int)} of the first 5 records, the original's default. */
    public Peek peek(String table) {
        return peek(table, 5);
    }

    private <T> T readTable(String table, BiFunction<TableReader, String, T> read) {
        int dot = table == null ? -1 : table.indexOf('.');
        if (dot <= 0 || dot == table.length() - 1) {
            throw new IllegalArgumentException("'" + table + "' does not name a table of a data source. Fix: write"
                    + " <data source>.<table>, for example \"MySQL_ECommerce.ecom_orders\".");
        }
        String name = table.substring(0, dot);
        DataSource source = dataSource(name).orElseThrow(() -> {
            List<String> saved = dataSources().stream().map(DataSource::name).toList();
            return new IllegalArgumentException("no data source named '" + name + "' is saved"
                    + (saved.isEmpty() ? "" : " (saved: " + String.join(", ", saved) + ")") + ". Fix: check the"
                    + " name, or define the data source and save() it first.");
        });
        try (TableReader reader = TableReader.open(source, this::mongoConnectionString)) {
            return read.apply(reader, table.substring(dot + 1));
        }
    }
}

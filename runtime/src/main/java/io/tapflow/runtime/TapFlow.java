package io.tapflow.runtime;

import io.tapflow.DataSource;
import io.tapflow.DataSource.Role;
import io.tapflow.DataSourceKind;
import io.tapflow.SecretStore;
import io.tapflow.TapFlowCluster;
import io.tapflow.connect.mysql.MySqlSourceCheck;
import io.tapflow.runtime.catalog.Catalog;
import io.tapflow.topology.event.WireFormat;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    private TapFlow(EmbeddedStack stack, String bootstrapServers, URI connectUrl, String registryUrl,
                    Encoding encoding, SecretStore secrets) {
        this.stack = stack;
        this.encoding = encoding;
        this.bootstrapServers = bootstrapServers;
        this.connectUrl = connectUrl;
        this.registryUrl = registryUrl;
        this.secrets = secrets;
        this.catalog = Catalog.open(bootstrapServers);
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

    /** Closes the connection; stops the embedded stack if this connection started it. */
    @Override
    public void close() {
        TapFlowCluster.release(this);
        catalog.close();
        if (stack != null) {
            stack.close();
        }
    }
}

package io.tapflow.connect.mongodb;

import io.tapflow.DataSource;
import io.tapflow.DataSourceKind;
import io.tapflow.Secret;
import io.tapflow.spec.FlowSpec;
import io.tapflow.topology.FlowTopics;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MongoDB sink connector config for a flow: one connector per flow, writing the flow's output topic
 * into the collection the flow targets.
 *
 * <p>Each output record becomes one document whose {@code _id} is the record's key (the source row's
 * primary key): a single-column key gives that column's value when {@link MongoSinkOptions#keyColumns()}
 * names it, otherwise the key as a sub-document such as {@code {"order_id": "o1", "line": 2}}. A record
 * replaces the document with its {@code _id} (or inserts it); a tombstone deletes it. Types come from the
 * records' schemas: a Connect Decimal is stored as Decimal128, a Date or Timestamp as a BSON date, a struct
 * as a sub-document, an array as an array.
 *
 * <p>A record the sink cannot write (a value it cannot convert, a document MongoDB refuses) does not stop
 * the flow: it goes, unchanged, to the flow's sink dead-letter topic
 * {@code tapflow.flow.<name>.sink-dead-letter} with Connect's {@code __connect.errors.*} headers saying
 * why, and the records after it are written. A document MongoDB refuses sends only itself there; one the
 * driver refuses before sending (a field name starting with {@code $}, with the sink's driver 4.7) sends the
 * whole bulk write it was in (up to {@link MongoSinkOptions#maxBatchSize()} records), as the sink cannot
 * tell which record failed.
 *
 * <p>Names: connector {@code tapflow-sink-<flow>}, dead-letter topic {@link #deadLetterTopic(FlowTopics)}.
 */
public final class MongoSinkConnectorConfig {

    /** The sink connector's class, in the plugin folder the runtime build fills. */
    public static final String CONNECTOR_CLASS = "com.mongodb.kafka.connect.MongoSinkConnector";

    private static final String STRATEGIES = "com.mongodb.kafka.connect.sink.processor.id.strategy.";
    private static final String WRITE_MODELS = "com.mongodb.kafka.connect.sink.writemodel.strategy.";
    private static final String MASK = "******";

    private MongoSinkConnectorConfig() {
    }

    /** The connector's name for a flow. */
    public static String connectorName(String flow) {
        return "tapflow-sink-" + flow;
    }

    /**
     * Where the sink puts records it cannot write: the flow's output topic with {@code .sink-dead-letter}
     * appended, e.g. {@code tapflow.flow.orders.sink-dead-letter}. Apart from the flow's own dead-letter
     * topic, which holds records a stage rejected.
     */
    public static String deadLetterTopic(FlowTopics topics) {
        return topics.output() + ".sink-dead-letter";
    }

    /** The connector config with {@link MongoSinkOptions#defaults()}; see {@link #of(FlowSpec, DataSource, FlowTopics, Map, String, MongoSinkOptions)}. */
    public static Map<String, String> of(FlowSpec flow, DataSource target, FlowTopics topics,
                                         Map<String, String> converters, String uriReference) {
        return of(flow, target, topics, converters, uriReference, MongoSinkOptions.defaults());
    }

    /**
     * The connector config.
     *
     * @param flow the flow whose output is written; its target names the data source and the collection
     * @param target the flow's target, a mongodb data source: its URI (or host) gives the server, its URI's
     *     path (or {@code database} setting) the database. One with neither (the embedded stack's MongoDB) is
     *     refused: pass it with the embedded server's URI instead
     * @param topics the flow's topics: the sink reads {@link FlowTopics#output()}
     * @param converters the key and value converter settings, the same the flow writes its output with
     * @param uriReference how the Connect worker reads the connection URI when it holds a password: a config
     *     provider reference such as {@code ${file:/path/secrets.properties:MongoDB_ECommerce.uri}} that
     *     resolves to {@link #connectionUri(DataSource)}; never the URI itself. Not used, and may be
     *     {@code null}, when the URI has no password: the plain URI is then in the config
     * @param options tasks, dead-letter replication factor, batch size and key columns
     * @throws IllegalArgumentException when the data source is not a mongodb one, is not the flow's target,
     *     the flow names no collection, or a password would be in the config in clear
     */
    public static Map<String, String> of(FlowSpec flow, DataSource target, FlowTopics topics,
                                         Map<String, String> converters, String uriReference,
                                         MongoSinkOptions options) {
        if (target.kind() != DataSourceKind.MONGODB) {
            throw new IllegalArgumentException("flow '" + flow.name() + "': data source '" + target.name() + "' is "
                    + target.kind() + ", not mongodb");
        }
        if (flow.target() == null || !target.name().equals(flow.target().dataSource())) {
            throw new IllegalArgumentException("flow '" + flow.name() + "' writes to "
                    + (flow.target() == null ? "nothing" : "'" + flow.target().table() + "'")
                    + ", not to data source '" + target.name() + "'");
        }
        String collection = flow.target().tableName();
        if (collection.isEmpty()) {
            throw new IllegalArgumentException("flow '" + flow.name() + "' names no collection in '"
                    + target.name() + "'. Fix: write to '" + target.name() + ".<collection>'.");
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", connectorName(flow.name()));
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", Integer.toString(options.tasksMax()));
        config.put("topics", topics.output());
        config.put("connection.uri", connectionUriSetting(flow, target, uriReference));
        config.put("database", database(target));
        config.put("collection", collection);
        putKeyAsId(config, options);
        config.put("document.id.strategy", STRATEGIES + "ProvidedInKeyStrategy");
        // The key is the row's identity: an _id column in the row must not replace it, or deletes would miss.
        config.put("document.id.strategy.overwrite.existing", "true");
        config.put("writemodel.strategy", WRITE_MODELS + "ReplaceOneDefaultStrategy");
        config.put("delete.on.null.values", "true");
        config.put("max.batch.size", Integer.toString(options.maxBatchSize()));
        // Two changes to one row in a batch must be applied in order.
        config.put("bulk.write.ordered", "true");
        // Flows write their output in exactly-once transactions: the sink must not write rows of a transaction
        // that is later aborted (the worker's client override policy must allow it; Kafka's default does).
        config.put("consumer.override.isolation.level", "read_committed");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", deadLetterTopic(topics));
        config.put("errors.deadletterqueue.topic.replication.factor",
                Integer.toString(options.deadLetterReplicationFactor()));
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        // Rows may hold personal data: Connect's log names the topic, partition and offset, not the record,
        // and the sink's own error log, which prints whole records, is off (the dead-letter topic has them).
        config.put("errors.log.enable", "true");
        config.put("errors.log.include.messages", "false");
        config.put("mongo.errors.log.enable", "false");
        config.putAll(converters);
        return config;
    }

    /**
     * The full connection URI of a mongodb data source, password included: what a config provider
     * reference given to {@link #of} must resolve to. Built from {@code host}, {@code username},
     * {@code password}, {@code database}, {@code additionalString} and {@code ssl} when the data source has no
     * {@code uri}.
     */
    public static Secret connectionUri(DataSource target) {
        return Secret.of(uri(target, true));
    }

    /** Whether the connection URI holds a password, so that the config needs a reference to it. */
    public static boolean hasPassword(DataSource target) {
        if (target.setting("uri") instanceof String uri && !uri.isBlank()) {
            String userInfo = userInfo(uri);
            return userInfo != null && userInfo.contains(":");
        }
        return target.setting("password") != null;
    }

    /** The database the data source names: its URI's path, or its {@code database} setting. */
    public static String database(DataSource target) {
        if (target.setting("uri") instanceof String uri && !uri.isBlank()) {
            String rest = uri.substring(uri.indexOf("://") + 3);
            int slash = rest.indexOf('/');
            String database = slash < 0 ? "" : rest.substring(slash + 1).replaceFirst("\\?.*$", "");
            if (!database.isEmpty()) {
                return database;
            }
        }
        Object database = target.setting("database");
        if (database == null || database.toString().isBlank()) {
            throw new IllegalArgumentException("data source '" + target.name() + "' names no database. Fix: add it"
                    + " to the uri, as in mongodb://127.0.0.1:27017/ecommerce.");
        }
        return database.toString();
    }

    private static String connectionUriSetting(FlowSpec flow, DataSource target, String uriReference) {
        if (!hasPassword(target)) {
            return uri(target, false);
        }
        if (uriReference == null || !uriReference.startsWith("${") || !uriReference.endsWith("}")) {
            throw new IllegalArgumentException("flow '" + flow.name() + "': the uri of data source '" + target.name()
                    + "' holds a password, so the sink config needs a config provider reference to it, such as"
                    + " ${file:/path/secrets.properties:" + target.name() + ".uri}, not "
                    + (uriReference == null ? "none" : "'" + mask(uriReference) + "'"));
        }
        return uriReference;
    }

    /**
     * ProvidedInKeyStrategy takes {@code _id} from a field of that name in the key, which the flow's key
     * (the primary-key columns) does not have: move the key into one.
     */
    private static void putKeyAsId(Map<String, String> config, MongoSinkOptions options) {
        if (options.keyColumns().size() == 1) {
            config.put("transforms", "keyColumn,keyAsId");
            config.put("transforms.keyColumn.type", "org.apache.kafka.connect.transforms.ExtractField$Key");
            config.put("transforms.keyColumn.field", options.keyColumns().getFirst());
        } else {
            config.put("transforms", "keyAsId");
        }
        config.put("transforms.keyAsId.type", "org.apache.kafka.connect.transforms.HoistField$Key");
        config.put("transforms.keyAsId.field", "_id");
    }

    private static String uri(DataSource target, boolean withPassword) {
        if (target.setting("uri") instanceof String uri && !uri.isBlank()) {
            return uri;
        }
        Object host = target.setting("host");
        if (host == null || host.toString().isBlank()) {
            throw new IllegalArgumentException("data source '" + target.name() + "' names no server (no uri, no host):"
                    + " it is the embedded stack's MongoDB, whose address only the stack knows. Fix: pass the data"
                    + " source with the embedded server's uri (TapFlow.mongoConnectionString gives it).");
        }
        StringBuilder uri = new StringBuilder("mongodb://");
        Object username = target.setting("username");
        if (username != null && !username.toString().isBlank()) {
            uri.append(encode(username.toString()));
            if (withPassword && target.setting("password") instanceof Secret password) {
                uri.append(':').append(encode(password.reveal()));
            }
            uri.append('@');
        }
        uri.append(target.setting("host")).append('/').append(database(target));
        StringBuilder query = new StringBuilder();
        Object additional = target.setting("additionalString");
        if (additional != null && !additional.toString().isBlank()) {
            query.append(additional.toString().replaceFirst("^\\?", ""));
        }
        if (Boolean.TRUE.equals(target.setting("ssl"))) {
            query.append(query.isEmpty() ? "" : "&").append("tls=true");
        }
        if (!query.isEmpty()) {
            uri.append('?').append(query);
        }
        return uri.toString();
    }

    private static String userInfo(String uri) {
        int scheme = uri.indexOf("://");
        String rest = scheme < 0 ? uri : uri.substring(scheme + 3);
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        int at = hosts.lastIndexOf('@');
        return at < 0 ? null : hosts.substring(0, at);
    }

    /** A wrong reference may be the URI itself: print it without its password. */
    private static String mask(String value) {
        String userInfo = userInfo(value);
        if (userInfo == null || !userInfo.contains(":")) {
            return value;
        }
        return value.replace(userInfo, userInfo.substring(0, userInfo.indexOf(':')) + ":" + MASK);
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

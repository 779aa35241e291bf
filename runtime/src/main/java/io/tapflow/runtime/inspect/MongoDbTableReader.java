package io.tapflow.runtime.inspect;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.tapflow.Secret;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Reads the collections of a mongodb data source with the MongoDB driver: {@code count} is a collection's
 * document count, {@code first} returns its documents by {@code _id}. Values become plain Java values: a
 * Decimal128 a {@link BigDecimal}, a date an {@link java.time.Instant}, an ObjectId its hex string, binary
 * data a {@code byte[]}, a sub-document a {@link Map}.
 */
public final class MongoDbTableReader implements TableReader {

    private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final String dataSource;
    private final String hosts;
    private final String database;
    private final MongoClient client;

    private MongoDbTableReader(String dataSource, String hosts, String database, MongoClient client) {
        this.dataSource = dataSource;
        this.hosts = hosts;
        this.database = database;
        this.client = client;
    }

    /**
     * A reader on {@code database} of the server a connection string names. Connecting is lazy: an unreachable
     * server is reported by the first read, after 10 s.
     *
     * @param dataSource the data source's name, for messages
     * @param connectionString the server's connection string, password included
     * @param database the database whose collections are read
     */
    public static MongoDbTableReader open(String dataSource, Secret connectionString, String database) {
        ConnectionString uri;
        try {
            uri = new ConnectionString(connectionString.reveal());
        } catch (IllegalArgumentException e) {
            // The driver's message may quote the string, password and all.
            throw new IllegalArgumentException("the uri of data source '" + dataSource + "' is not a MongoDB"
                    + " connection string. Fix: give it one such as mongodb://127.0.0.1:27017/ecommerce.");
        }
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(uri)
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(SERVER_TIMEOUT.toMillis(),
                        TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket
                        .connectTimeout((int) SERVER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout((int) READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .build();
        return new MongoDbTableReader(dataSource, String.join(",", uri.getHosts()), database,
                MongoClients.create(settings));
    }

    @Override
    public String dataSource() {
        return dataSource;
    }

    /** The collections of the database, sorted, without MongoDB's own {@code system.*} ones. */
    @Override
    public List<String> tables() {
        return read(() -> db().listCollectionNames().into(new ArrayList<>()).stream()
                .filter(name -> !name.startsWith("system."))
                .sorted()
                .toList());
    }

    /**
     * The collection's document count from its metadata, as the original's {@code count} reads a table's row
     * count: exact on the embedded server, where counting the documents one by one takes seconds for 100k; on
     * MongoDB, off only after an unclean shutdown or for orphaned documents of a sharded cluster.
     */
    @Override
    public long count(String collection) {
        requireCollection(collection);
        return read(() -> db().getCollection(collection).estimatedDocumentCount());
    }

    @Override
    public List<Map<String, Object>> first(String collection, int n) {
        Tables.checkCount(n);
        requireCollection(collection);
        if (n == 0) {
            // limit(0) would mean no limit.
            return List.of();
        }
        return read(() -> db().getCollection(collection).find().sort(Sorts.ascending("_id")).limit(n)
                .map(MongoDbTableReader::plainDocument).into(new ArrayList<>()));
    }

    @Override
    public void close() {
        client.close();
    }

    /** A document with plain Java values, in its field order, for {@link Peek#toJson(Map)}. */
    public static Map<String, Object> plainDocument(Document document) {
        Map<String, Object> plain = new LinkedHashMap<>();
        document.forEach((field, value) -> plain.put(field, plain(value)));
        return plain;
    }

    /** A BSON value as a plain Java value; see the class description. */
    static Object plain(Object value) {
        return switch (value) {
            case null -> null;
            case Document document -> plainDocument(document);
            case List<?> list -> list.stream().map(MongoDbTableReader::plain).toList();
            case Decimal128 decimal -> decimal.isNaN() || decimal.isInfinite()
                    ? Double.valueOf(decimal.toString())
                    // Through the string: bigDecimalValue() refuses a negative zero.
                    : new BigDecimal(decimal.toString());
            case Date date -> date.toInstant();
            case ObjectId id -> id.toHexString();
            case Binary binary -> binary.getData();
            case String text -> text;
            case Boolean bool -> bool;
            case Number number -> number;
            default -> value.toString();
        };
    }

    private MongoDatabase db() {
        return client.getDatabase(database);
    }

    private void requireCollection(String collection) {
        List<String> collections = tables();
        if (!collections.contains(collection)) {
            throw Tables.unknown(dataSource, "collection", collection, database, collections,
                    " (a flow creates its collection when it writes the first document)");
        }
    }

    private <T> T read(Supplier<T> read) {
        try {
            return read.get();
        } catch (MongoTimeoutException e) {
            throw new IllegalStateException("cannot read data source '" + dataSource + "': no MongoDB server answered"
                    + " at " + hosts + " within " + SERVER_TIMEOUT.toSeconds() + " s. Fix: check that the server runs"
                    + " and that the data source's uri or host names it; a data source with neither is the embedded"
                    + " stack's MongoDB, which runs while TapFlow.embedded(...) is open.", e);
        } catch (MongoSecurityException e) {
            throw new IllegalStateException("cannot read data source '" + dataSource + "': the MongoDB server at "
                    + hosts + " refused its credentials. Fix: check the data source's username and password (or"
                    + " the user in its uri) and save it again.", e);
        } catch (MongoException e) {
            throw new IllegalStateException("cannot read data source '" + dataSource + "' from the MongoDB server at "
                    + hosts + ": " + e.getMessage() + ". Fix: check that the data source's user may read database '"
                    + database + "'.", e);
        }
    }
}

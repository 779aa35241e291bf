package io.tapflow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A MongoDB data source being defined; see {@link DataSource#mongodb(String)}.
 *
 * <p>Give either a {@code uri} that names the database ({@code mongodb://host:27017/ecommerce}),
 * or {@code host} ({@code host[:port]}) and {@code database} (with optional {@code username},
 * {@code password}, {@code additionalString} and {@code ssl}), or only a {@code database}: a data
 * source with no {@code uri} and no {@code host} is the embedded stack's MongoDB
 * ({@code DataSource.mongodb("MongoDB_ECommerce").database("ecommerce").asTarget()}), which takes no
 * credentials. TapFlow writes to MongoDB, so it is a target.
 */
public final class MongoDbDataSource extends DataSourceBuilder<MongoDbDataSource> {

    private static final Set<String> KEYS = new LinkedHashSet<>(List.of(
            "uri", "host", "database", "username", "password", "additionalString", "ssl"));

    MongoDbDataSource(String name) {
        super(name, DataSourceKind.MONGODB);
    }

    /** A full connection string that names the database, for example {@code mongodb://127.0.0.1/ecommerce}. */
    public MongoDbDataSource uri(String uri) {
        return set("uri", uri);
    }

    /** Whether to connect with TLS. */
    public MongoDbDataSource ssl(boolean ssl) {
        return set("ssl", ssl);
    }

    @Override
    Set<String> knownKeys() {
        return KEYS;
    }

    @Override
    void put(String key, Object value) {
        switch (key) {
            case "password" -> putSecret(key, value);
            case "ssl" -> settings.put(key, value instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(value)));
            default -> settings.put(key, value == null ? null : value.toString());
        }
    }

    @Override
    void validate(DataSource.Role role) {
        refuseRole(role, DataSource.Role.TARGET, "TapFlow writes to MongoDB through the MongoDB sink connector");
        Object uri = settings.get("uri");
        if (uri != null && !uri.toString().isBlank()) {
            checkUri(uri.toString());
            return;
        }
        Object host = settings.get("host");
        if (host == null || host.toString().isBlank()) {
            checkEmbedded();
        }
        requireText("database", "\"ecommerce\"");
    }

    /** With no uri and no host, this is the embedded stack's MongoDB, which has no users and no TLS. */
    private void checkEmbedded() {
        List<String> serverSettings = new ArrayList<>();
        for (String key : List.of("username", "password", "additionalString")) {
            Object value = settings.get(key);
            if (value != null && !value.toString().isBlank()) {
                serverSettings.add(key);
            }
        }
        if (Boolean.TRUE.equals(settings.get("ssl"))) {
            serverSettings.add("ssl");
        }
        if (!serverSettings.isEmpty()) {
            throw new DataSourceDefinitionException(name, "it names no server (no 'uri', no 'host'), so it is the"
                    + " embedded stack's MongoDB, which takes no " + String.join(", ", serverSettings) + ". Fix: add"
                    + " .uri(\"mongodb://127.0.0.1:27017/ecommerce\") for your own server, or remove "
                    + String.join(", ", serverSettings) + ".");
        }
    }

    private void checkUri(String uri) {
        if (!uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
            throw new DataSourceDefinitionException(name, "uri '" + maskCredentials(uri) + "' is not a MongoDB"
                    + " connection string. Fix: start it with mongodb:// or mongodb+srv://.");
        }
        String rest = uri.substring(uri.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        String database = slash < 0 ? "" : rest.substring(slash + 1).replaceFirst("\\?.*$", "");
        if (database.isEmpty()) {
            throw new DataSourceDefinitionException(name, "uri '" + maskCredentials(uri) + "' names no database,"
                    + " so TapFlow would not know where to write. Fix: add it after the host, as in"
                    + " mongodb://127.0.0.1:27017/ecommerce.");
        }
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        if (hosts.substring(hosts.lastIndexOf('@') + 1).isEmpty()) {
            throw new DataSourceDefinitionException(name, "uri '" + maskCredentials(uri) + "' names no host. Fix:"
                    + " for example mongodb://127.0.0.1:27017/ecommerce.");
        }
    }

    /** The URI with any password replaced by the mask, for printing. */
    static String maskCredentials(String uri) {
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return uri;
        }
        String userInfo = uri.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        return uri.substring(0, scheme + 3) + user + ":" + Secret.mask() + uri.substring(at);
    }
}

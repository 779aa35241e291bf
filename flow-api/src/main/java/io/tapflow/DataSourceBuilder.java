package io.tapflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every data source definition has: a name, settings, and the role it is defined for.
 *
 * @param <B> the concrete builder, so setters chain
 */
public abstract sealed class DataSourceBuilder<B extends DataSourceBuilder<B>>
        permits MySqlDataSource, MongoDbDataSource {

    /** Data source names become parts of Kafka topic and connector names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,100}");

    final String name;
    final DataSourceKind kind;
    final Map<String, Object> settings = new LinkedHashMap<>();

    DataSourceBuilder(String name, DataSourceKind kind) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new DataSourceDefinitionException(null, "data source name '" + name + "' is not allowed: use 1 to"
                    + " 100 letters, digits, '_' or '-' (it is used in topic names). Fix: for example \"MySQL_ECommerce\".");
        }
        this.name = name;
        this.kind = kind;
    }

    /**
     * Sets a setting by its key, as the original's {@code config} dict does ({@code "db"} and
     * {@code "user"} are accepted as aliases of {@code database} and {@code username}).
     *
     * @throws DataSourceDefinitionException if the key is not one this kind knows
     */
    public B set(String key, Object value) {
        String canonical = canonicalKey(key);
        if (!knownKeys().contains(canonical)) {
            throw new DataSourceDefinitionException(name, "unknown " + kind.id() + " setting '" + key
                    + "'. Fix: use one of " + knownKeys() + ".");
        }
        put(canonical, value);
        return self();
    }

    /** The server's host name or address ({@code host[:port]} for MongoDB without a URI). */
    public B host(String host) {
        return set("host", host);
    }

    /** The database flows read tables from, or write collections into. */
    public B database(String database) {
        return set("database", database);
    }

    /** The user TapFlow connects as. */
    public B username(String username) {
        return set("username", username);
    }

    /** The user's password; kept as a {@link Secret}. */
    public B password(String password) {
        return set("password", password);
    }

    /** The user's password. */
    public B password(Secret password) {
        return set("password", password);
    }

    /**
     * Extra connection parameters as {@code key=value} pairs joined by {@code &}: JDBC parameters for
     * MySQL ({@code "useSSL=false&connectTimeout=5000"}), connection-string options for MongoDB
     * ({@code "authSource=admin"}).
     */
    public B additionalString(String parameters) {
        return set("additionalString", parameters);
    }

    /** Checks the definition and returns it as a data source that flows read from. */
    public DataSource asSource() {
        return build(DataSource.Role.SOURCE);
    }

    /** Checks the definition and returns it as a data source that flows write to. */
    public DataSource asTarget() {
        return build(DataSource.Role.TARGET);
    }

    /**
     * Checks the definition and returns it as a data source that flows read from and write to. The
     * original TapFlow's role, kept for its API; today a MySQL data source can only be read and a MongoDB
     * one only written, so both refuse it with the role to use instead.
     */
    public DataSource asSourceAndTarget() {
        return build(DataSource.Role.SOURCE_AND_TARGET);
    }

    /** The keys this kind accepts, in the order {@code desc} prints them. */
    abstract Set<String> knownKeys();

    /** Refuses a missing or malformed setting for the given role. */
    abstract void validate(DataSource.Role role);

    /** Converts a value given through {@link #set(String, Object)} to its stored type. */
    abstract void put(String key, Object value);

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    String canonicalKey(String key) {
        if (key == null) {
            throw new DataSourceDefinitionException(name, "a setting has no key. Fix: name the setting.");
        }
        return switch (key) {
            case "db" -> "database";
            case "user" -> "username";
            case "addtionalString" -> "additionalString";
            default -> key;
        };
    }

    final DataSource build(DataSource.Role role) {
        validate(role);
        return new DataSource(name, kind, role, settings);
    }

    /** Stores a credential as a {@link Secret}, so that it never prints. */
    final void putSecret(String key, Object value) {
        if (value == null) {
            settings.remove(key);
        } else {
            settings.put(key, value instanceof Secret secret ? secret : Secret.of(value.toString()));
        }
    }

    final String requireText(String key, String example) {
        Object value = settings.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new DataSourceDefinitionException(name, "'" + key + "' is required for a " + kind.id()
                    + " data source. Fix: add ." + key + "(" + example + ").");
        }
        return value.toString();
    }

    final void refuseRole(DataSource.Role role, DataSource.Role supported, String why) {
        if (role != supported) {
            throw new DataSourceDefinitionException(name, kind.id() + " data sources can only be "
                    + (supported == DataSource.Role.SOURCE ? "sources" : "targets") + " for now: " + why
                    + ". Fix: use ." + (supported == DataSource.Role.SOURCE ? "asSource()" : "asTarget()") + ".");
        }
    }

    static int toPort(String dataSource, Object value) {
        int port;
        try {
            port = value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new DataSourceDefinitionException(dataSource, "port '" + value + "' is not a number. Fix: for example"
                    + " .port(3306).");
        }
        if (port < 1 || port > 65535) {
            throw new DataSourceDefinitionException(dataSource, "port " + port + " is out of range. Fix: use a port"
                    + " from 1 to 65535.");
        }
        return port;
    }
}

package io.tapflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tapflow.spec.DataSourceSpec;
import io.tapflow.spec.FlowSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A named connection to a database that flows read from ({@code asSource()}) or write to
 * ({@code asTarget()}), defined once and referred to by name in {@code readFrom} and {@code writeTo}:
 * <pre>{@code
 * DataSource.mysql("MySQL_ECommerce").host("127.0.0.1").port(3306).database("ECommerceData")
 *           .username("tapflow").password(System.getenv("MYSQL_PW")).asSource();
 * DataSource.mongodb("MongoDB_ECommerce").uri("mongodb://127.0.0.1:27017/ecommerce").asTarget();
 * }</pre>
 * The setters use the original TapFlow's keys. {@code asSource()}/{@code asTarget()} check the
 * definition and refuse a missing or malformed key with a {@link DataSourceDefinitionException}.
 * Passwords are kept as {@link Secret}s: {@link #toString()} and {@link #desc()} never show them.
 */
public final class DataSource {

    /** What a data source is used for. */
    public enum Role {
        /** Flows read from it. */
        SOURCE,
        /** Flows write to it. */
        TARGET,
        /** Both. */
        SOURCE_AND_TARGET
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String name;
    private final DataSourceKind kind;
    private final Role role;
    private final Map<String, Object> settings;

    DataSource(String name, DataSourceKind kind, Role role, Map<String, Object> settings) {
        this.name = name;
        this.kind = kind;
        this.role = role;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** Starts defining a MySQL or MariaDB data source. */
    public static MySqlDataSource mysql(String name) {
        return new MySqlDataSource(name);
    }

    /** Starts defining a MongoDB data source. */
    public static MongoDbDataSource mongodb(String name) {
        return new MongoDbDataSource(name);
    }

    /**
     * Starts defining a data source of a kind given by name, as the original
     * {@code DataSource("mysql", name)} does; settings then go through
     * {@link DataSourceBuilder#set(String, Object)}.
     *
     * @throws DataSourceDefinitionException if the kind is unknown
     */
    public static DataSourceBuilder<?> of(String kind, String name) {
        return switch (DataSourceKind.of(kind)) {
            case MYSQL -> mysql(name);
            case MONGODB -> mongodb(name);
        };
    }

    /**
     * Checks this data source against the real server and stores it in the current cluster's catalog
     * (see {@link TapFlowCluster#save(DataSource)}).
     *
     * @return this data source
     * @throws IllegalArgumentException naming what is wrong and how to fix it, in the definition or on the
     *     server (unreachable, login refused, binlog settings, privileges)
     * @throws IllegalStateException if no cluster was started or connected to
     */
    public DataSource save() {
        return TapFlowCluster.current().save(this);
    }

    /** The name flows use to refer to this data source. */
    public String name() {
        return name;
    }

    /** What kind of database this is. */
    public DataSourceKind kind() {
        return kind;
    }

    /** Whether flows read from it, write to it, or both. */
    public Role role() {
        return role;
    }

    /**
     * The settings, under the original TapFlow's keys ({@code host}, {@code port}, ...), defaults
     * included. Passwords are {@link Secret}s.
     */
    public Map<String, Object> settings() {
        return settings;
    }

    /** One setting, or {@code null} if it is not set. */
    public Object setting(String key) {
        return settings.get(key);
    }

    /**
     * The data source as data, for a catalog: every secret value goes into {@code secrets} and the spec
     * holds only its reference ({@code {"secret": "<name>.<key>"}}), or the name of the environment
     * variable it is read from ({@code {"env": "MYSQL_PW"}}).
     */
    public DataSourceSpec spec(SecretStore secrets) {
        Map<String, Object> stored = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (value instanceof Secret secret) {
                stored.put(key, secret.environmentVariable()
                        .<Map<String, Object>>map(variable -> Map.of(DataSourceSpec.ENV, variable))
                        .orElseGet(() -> {
                            String reference = name + "." + key;
                            secrets.put(reference, secret);
                            return Map.of(DataSourceSpec.SECRET, reference);
                        }));
            } else {
                stored.put(key, value);
            }
        });
        return new DataSourceSpec(FlowSpec.FORMAT_VERSION, name, kind.id(), role.name().toLowerCase(Locale.ROOT), stored);
    }

    /**
     * The data source a spec describes, checked as its builder would check it; secret references are
     * resolved through {@code secrets}.
     *
     * @throws DataSourceDefinitionException if the spec is invalid
     */
    public static DataSource fromSpec(DataSourceSpec spec, SecretStore secrets) {
        DataSourceBuilder<?> builder = of(spec.kind(), spec.name());
        spec.settings().forEach((key, value) -> {
            if (value instanceof Map<?, ?> reference && reference.get(DataSourceSpec.ENV) instanceof String variable) {
                builder.set(key, Secret.env(variable));
            } else if (value instanceof Map<?, ?> reference && reference.get(DataSourceSpec.SECRET) instanceof String ref) {
                builder.set(key, secrets.get(ref));
            } else {
                builder.set(key, value);
            }
        });
        Role role;
        try {
            role = Role.valueOf(String.valueOf(spec.role()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DataSourceDefinitionException(spec.name(), "unknown role '" + spec.role()
                    + "'. Fix: use source, target or source_and_target.");
        }
        return builder.build(role);
    }

    /** A readable description as JSON, with every secret masked (the shell's {@code desc}). */
    public String desc() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("name", name);
        shown.put("kind", kind.id());
        shown.put("role", role.name().toLowerCase(Locale.ROOT));
        settings.forEach((key, value) -> shown.put(key, printable(key, value)));
        try {
            return JSON.writeValueAsString(shown);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot describe data source " + name, e);
        }
    }

    /** Data sources are equal when name, kind, role and every setting (secrets included) are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof DataSource that && name.equals(that.name) && kind == that.kind && role == that.role
                && settings.equals(that.settings);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, kind, role, settings);
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        settings.forEach((key, value) -> shown.put(key, printable(key, value)));
        return "DataSource[" + name + ", " + kind.id() + ", " + role + ", " + shown + "]";
    }

    private static Object printable(String key, Object value) {
        if (value instanceof Secret) {
            return Secret.mask();
        }
        if ("uri".equals(key) && value instanceof String uri) {
            return MongoDbDataSource.maskCredentials(uri);
        }
        return value;
    }
}

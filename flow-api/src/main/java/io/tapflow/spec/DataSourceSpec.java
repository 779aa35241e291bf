package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A data source as data, the form a stack's catalog stores. It never holds a secret value: a
 * password is written as {@code {"secret": "<datasource>.password"}} (a reference into the stack's
 * secret store) or {@code {"env": "MYSQL_PW"}} (an environment variable).
 *
 * @param formatVersion the version of this format; {@link FlowSpec#FORMAT_VERSION} for specs written now
 * @param name the data source's name
 * @param kind {@code mysql} or {@code mongodb}
 * @param role {@code source}, {@code target} or {@code source_and_target}
 * @param settings the settings under the original TapFlow's keys, secrets as references
 */
@JsonPropertyOrder({"formatVersion", "name", "kind", "role", "settings"})
public record DataSourceSpec(int formatVersion, String name, String kind, String role, Map<String, Object> settings) {

    /** The key of a secret reference into the stack's secret store. */
    public static final String SECRET = "secret";
    /** The key of a secret read from an environment variable. */
    public static final String ENV = "env";

    public DataSourceSpec {
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}

package io.tapflow;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A MySQL or MariaDB data source being defined; see {@link DataSource#mysql(String)}.
 *
 * <p>Required: {@code host}, {@code database}, {@code username}. Defaults: {@code port} 3306.
 * TapFlow reads MySQL through change data capture, so a MySQL data source is a source.
 */
public final class MySqlDataSource extends DataSourceBuilder<MySqlDataSource> {

    /** The MySQL port used when none is set. */
    public static final int DEFAULT_PORT = 3306;

    private static final Set<String> KEYS = new LinkedHashSet<>(List.of(
            "host", "port", "database", "username", "password", "additionalString", "timezone"));
    /** JDBC-style extra parameters: {@code key=value} pairs joined by {@code &}. */
    private static final Pattern PARAMETERS = Pattern.compile("[^=&\\s]+=[^&\\s]*(&[^=&\\s]+=[^&\\s]*)*");

    MySqlDataSource(String name) {
        super(name, DataSourceKind.MYSQL);
        settings.put("port", DEFAULT_PORT);
    }

    /** The server's port; 3306 when not set. */
    public MySqlDataSource port(int port) {
        return set("port", port);
    }

    /** The server's time zone for zone-less values, for example {@code "+08:00"} or {@code "Asia/Shanghai"}. */
    public MySqlDataSource timezone(String timezone) {
        return set("timezone", timezone);
    }

    @Override
    Set<String> knownKeys() {
        return KEYS;
    }

    @Override
    void put(String key, Object value) {
        switch (key) {
            case "port" -> settings.put(key, toPort(name, value));
            case "password" -> putSecret(key, value);
            default -> settings.put(key, value == null ? null : value.toString());
        }
    }

    @Override
    void validate(DataSource.Role role) {
        refuseRole(role, DataSource.Role.SOURCE, "TapFlow reads MySQL through change data capture and writes"
                + " to MongoDB");
        requireText("host", "\"127.0.0.1\"");
        requireText("database", "\"ECommerceData\"");
        requireText("username", "\"tapflow\"");
        Object parameters = settings.get("additionalString");
        if (parameters != null && !parameters.toString().isEmpty()
                && !PARAMETERS.matcher(parameters.toString()).matches()) {
            throw new DataSourceDefinitionException(name, "additionalString '" + parameters + "' is not a list of"
                    + " key=value pairs joined by '&'. Fix: for example \"useSSL=false&connectTimeout=5000\".");
        }
        Object timezone = settings.get("timezone");
        if (timezone != null && !timezone.toString().isEmpty()) {
            checkTimezone(timezone.toString());
        }
    }

    private void checkTimezone(String timezone) {
        try {
            if (timezone.startsWith("+") || timezone.startsWith("-")) {
                ZoneOffset.of(timezone);
            } else {
                ZoneId.of(timezone);
            }
        } catch (DateTimeException e) {
            throw new DataSourceDefinitionException(name, "timezone '" + timezone + "' is not a UTC offset or a"
                    + " zone name. Fix: for example \"+08:00\" or \"Asia/Shanghai\".");
        }
    }
}

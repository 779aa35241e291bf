package io.tapflow.connect.mysql;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's privileges as {@code SHOW GRANTS} lists them, and which of those Debezium needs are missing.
 *
 * <p>Debezium's MySQL and MariaDB connectors need, on {@code *.*}: {@code RELOAD} (a consistent
 * snapshot through {@code FLUSH TABLES WITH READ LOCK}), {@code SHOW DATABASES}, {@code REPLICATION
 * SLAVE} (to stream the binlog) and {@code REPLICATION CLIENT}, which MariaDB 10.5.2 and later calls
 * {@code BINLOG MONITOR} ({@code SHOW MASTER STATUS}, {@code SHOW BINARY LOGS}); and {@code SELECT} on
 * the database read. {@code LOCK TABLES} is not required: Debezium uses it only where the global read
 * lock is refused (hosted servers such as Amazon RDS).
 */
final class MySqlGrants {

    private static final String ALL = "ALL PRIVILEGES";
    private static final String NAME = "(`(?:[^`]|``)*`|\\*|[^\\s.`]+)";
    private static final Pattern GRANT = Pattern.compile(
            "GRANT (.+?) ON (?:(?:PROCEDURE|FUNCTION|PACKAGE|PACKAGE BODY) )?" + NAME + "\\." + NAME + " TO .*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** A privilege Debezium needs on {@code *.*}: its names (the first is what to grant) and why. */
    private record Required(List<String> names, String why) {
    }

    private static final List<Required> GLOBAL = List.of(
            new Required(List.of("RELOAD"), "to lock tables for a consistent snapshot"),
            new Required(List.of("SHOW DATABASES"), "to list the databases"),
            new Required(List.of("REPLICATION SLAVE", "REPLICATION REPLICA"), "to read the binlog"),
            new Required(List.of("REPLICATION CLIENT", "BINLOG MONITOR"), "to find the binlog position"));

    private final Set<String> global = new HashSet<>();
    /** Database-level grants: the database name as a LIKE pattern, and its privileges. */
    private final Map<Pattern, Set<String>> databases = new LinkedHashMap<>();
    /** Databases in which some table grants SELECT. */
    private final Set<String> tableSelects = new HashSet<>();

    private MySqlGrants() {
    }

    /** Reads the lines of {@code SHOW GRANTS}; lines that grant roles, proxies or routines add nothing. */
    static MySqlGrants parse(List<String> showGrants) {
        MySqlGrants grants = new MySqlGrants();
        for (String line : showGrants) {
            Matcher grant = GRANT.matcher(line.strip());
            if (!grant.matches()) {
                continue;
            }
            Set<String> privileges = privileges(grant.group(1));
            String database = unquote(grant.group(2));
            if (grant.group(2).equals("*")) {
                grants.global.addAll(privileges);
            } else if (grant.group(3).equals("*")) {
                grants.databases.computeIfAbsent(likePattern(database), pattern -> new HashSet<>()).addAll(privileges);
            } else if (privileges.contains("SELECT") || privileges.contains(ALL)) {
                grants.tableSelects.add(database.toLowerCase(Locale.ROOT));
            }
        }
        return grants;
    }

    /**
     * The privileges Debezium needs that these grants lack, for reading {@code database} on this
     * server: what to write in a {@code GRANT ... ON *.*}, and why each is needed.
     */
    Map<String, String> missingGlobal(MySqlServerInfo server) {
        Map<String, String> missing = new LinkedHashMap<>();
        if (global.contains(ALL)) {
            return missing;
        }
        for (Required required : GLOBAL) {
            if (required.names().stream().noneMatch(global::contains)) {
                missing.put(grantName(required, server), required.why());
            }
        }
        return missing;
    }

    /** Whether these grants let the user read the tables of {@code database}. */
    boolean canSelect(String database) {
        if (global.contains("SELECT") || global.contains(ALL) || tableSelects.contains(database.toLowerCase(Locale.ROOT))) {
            return true;
        }
        return databases.entrySet().stream().anyMatch(grant -> grant.getKey().matcher(database).matches()
                && (grant.getValue().contains("SELECT") || grant.getValue().contains(ALL)));
    }

    /** MariaDB 10.5.2 renamed REPLICATION CLIENT to BINLOG MONITOR, and lists it under that name. */
    private static String grantName(Required required, MySqlServerInfo server) {
        boolean renamed = required.names().contains("BINLOG MONITOR")
                && server.flavor() == MySqlFlavor.MARIADB && server.atLeast(10, 5, 2);
        return renamed ? "BINLOG MONITOR" : required.names().getFirst();
    }

    /** The privileges of a grant, upper case; column privileges ({@code SELECT (`a`)}) are left out. */
    private static Set<String> privileges(String list) {
        Set<String> privileges = new HashSet<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : (list + ",").toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                String privilege = current.toString().strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
                if (!privilege.contains("(")) {
                    privileges.add(privilege.equals("ALL") ? ALL : privilege);
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        return privileges;
    }

    private static String unquote(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }

    /** A database-level grant's name is a LIKE pattern: {@code %} and {@code _} are wildcards unless escaped. */
    private static Pattern likePattern(String name) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 1 < name.length()) {
                regex.append(Pattern.quote(String.valueOf(name.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }
}

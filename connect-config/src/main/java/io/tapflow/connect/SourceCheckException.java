package io.tapflow.connect;

import java.util.Objects;

/**
 * A data source was refused because the database behind it is not ready for change data capture: it
 * cannot be reached, refuses the login, lacks the database, keeps no usable binlog, or the user lacks
 * privileges. The message starts with {@code Data source '<name>': }, as a
 * {@link io.tapflow.DataSourceDefinitionException}'s does, says what is wrong and ends with the fix.
 * It never contains a password.
 */
public final class SourceCheckException extends IllegalArgumentException {

    /** What kind of problem the check found, in the order the checks run. */
    public enum Problem {
        /** The host is unknown, or nothing answers at host:port in time. */
        UNREACHABLE,
        /** The server refuses the user's login. */
        LOGIN_REFUSED,
        /** The database does not exist, or the user may not use it. */
        UNKNOWN_DATABASE,
        /** The server's binlog settings are not what change data capture needs. */
        BINLOG,
        /** The user lacks privileges that change data capture needs. */
        PRIVILEGES,
        /** A table a flow reads does not exist. */
        UNKNOWN_TABLE,
        /** A table a flow reads has no primary key, which change capture keys rows by. */
        NO_PRIMARY_KEY
    }

    private final String dataSource;
    private final Problem problem;

    /**
     * @param dataSource the data source's name
     * @param problem what kind of problem it is
     * @param details what is wrong and how to fix it, without the data source's name
     * @param cause the error that revealed it, or {@code null}
     */
    public SourceCheckException(String dataSource, Problem problem, String details, Throwable cause) {
        super("Data source '" + dataSource + "': " + details, cause);
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The data source's name. */
    public String dataSource() {
        return dataSource;
    }

    /** What kind of problem the check found. */
    public Problem problem() {
        return problem;
    }
}

package io.tapflow.runtime.inspect;

import java.util.List;

/** What the readers of every kind refuse alike. */
final class Tables {

    /** A database may hold thousands of tables: the error names this many. */
    private static final int LISTED = 20;

    private Tables() {
    }

    /**
     * A table the database does not have, with the tables it has.
     *
     * @param noun {@code table} or {@code collection}
     * @param note why the table may be missing, or {@code ""}
     */
    static IllegalArgumentException unknown(String dataSource, String noun, String table, String database,
                                            List<String> tables, String note) {
        String message = "data source '" + dataSource + "' has no " + noun + " '" + table + "' in database '"
                + database + "'" + note;
        if (tables.isEmpty()) {
            return new IllegalArgumentException(message + ", which has no " + noun + "s yet. Fix: check the " + noun
                    + "'s name and the data source's database.");
        }
        String listed = String.join(", ", tables.subList(0, Math.min(LISTED, tables.size())))
                + (tables.size() > LISTED ? " and " + (tables.size() - LISTED) + " more" : "");
        return new IllegalArgumentException(message + ". Its " + noun + "s: " + listed + ". Fix: use one of them,"
                + " as in \"" + dataSource + "." + tables.getFirst() + "\".");
    }

    static void checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot show " + n + " records. Fix: ask for 0 or more, for example 5.");
        }
    }
}

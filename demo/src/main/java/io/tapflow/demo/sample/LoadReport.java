package io.tapflow.demo.sample;

import java.time.Duration;
import java.util.List;

/**
 * What loading the sample did: for each table, in the order they were loaded, whether it was loaded or
 * kept as it was, and how long it all took.
 *
 * @param tables  one entry for each of the four tables
 * @param elapsed from the first statement to the last commit
 */
public record LoadReport(List<TableReport> tables, Duration elapsed) {

    /** What happened to a table. */
    public enum Outcome {
        /** The table was empty or missing, and now holds the sample's rows. */
        LOADED,
        /** The table already held rows, and was left as it was. */
        KEPT
    }

    /**
     * What happened to one table.
     *
     * @param table   the table's name, such as {@value ECommerceSample#ORDERS}
     * @param outcome whether it was loaded or kept
     * @param rows    the rows it holds now
     */
    public record TableReport(String table, Outcome outcome, long rows) {
    }

    /** Copies the list. */
    public LoadReport {
        tables = List.copyOf(tables);
    }

    /** True if every table already held rows, so that nothing was written. */
    public boolean keptAll() {
        return tables.stream().allMatch(table -> table.outcome() == Outcome.KEPT);
    }

    /** The rows inserted, over all tables. */
    public long rowsLoaded() {
        return tables.stream().filter(table -> table.outcome() == Outcome.LOADED).mapToLong(TableReport::rows).sum();
    }
}

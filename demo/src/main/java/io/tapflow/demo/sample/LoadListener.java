package io.tapflow.demo.sample;

/**
 * Hears how loading the sample goes, so that a demo can show it. Called on the thread that loads, one
 * table after another: {@value ECommerceSample#CUSTOMERS}, {@value ECommerceSample#PRODUCTS},
 * {@value ECommerceSample#ORDERS}, {@value ECommerceSample#ORDER_ITEMS}.
 *
 * @see ECommerceSample#load(java.sql.Connection, LoadListener)
 */
@FunctionalInterface
public interface LoadListener {

    /**
     * Rows were inserted into a table: called after every statement (at most
     * {@value SampleLoader#ROWS_PER_STATEMENT} rows), the last time with {@code rowsLoaded == rowsTotal},
     * before the table's rows are committed.
     */
    void rowsLoaded(String table, long rowsLoaded, long rowsTotal);

    /** A table already held rows, and was left as it was. Does nothing by default. */
    default void tableKept(String table, long rows) {
    }

    /** A listener that ignores everything. */
    static LoadListener silent() {
        return (table, rowsLoaded, rowsTotal) -> { };
    }
}

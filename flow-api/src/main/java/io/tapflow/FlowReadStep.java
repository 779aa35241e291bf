package io.tapflow;

/** The first step of a flow definition: say which table it reads. */
public interface FlowReadStep {

    /**
     * Reads every row of a table: first the rows it holds (snapshot), then every change.
     *
     * @param table {@code <datasource>.<table>}, for example {@code "MySQL_ECommerce.ecom_orders"}
     * @throws FlowDefinitionException if the reference is malformed
     */
    FlowStageStep readFrom(String table);
}

package io.tapflow.testing;

import io.tapflow.topology.event.ColumnType;
import io.tapflow.topology.event.DebeziumTable;

/**
 * Change-event writers for the sample ECommerce database's tables (the columns of the public Olist
 * e-commerce dataset), as Debezium captures them from the data source {@code MySQL_ECommerce}.
 */
public final class SampleTables {

    /** {@code ECommerceData.ecom_orders}, keyed by {@code order_id}; its dates are DATETIME columns. */
    /**
     * The seed's Python function, as a user writes it in a Java text block: empty statuses become 'invalid',
     * 'SendError' becomes 'undeliverable'. One copy for the demo, the UDF benchmark and the tests.
     */
    public static final String STANDARDIZE_STATUS_PY = """
            def process(record, context):
                if not record['order_status']:
                    record['order_status'] = 'invalid'
                if record['order_status'] == 'SendError':
                    record['order_status'] = 'undeliverable'
                return record
            """;

    public static final DebeziumTable ECOM_ORDERS = DebeziumTable.builder("tapflow.MySQL_ECommerce", "ECommerceData", "ecom_orders")
            .column("order_id", ColumnType.varchar())
            .column("customer_id", ColumnType.varchar())
            .column("order_status", ColumnType.varchar())
            .column("order_purchase_timestamp", ColumnType.datetime())
            .column("order_approved_at", ColumnType.datetime())
            .column("order_delivered_carrier_date", ColumnType.datetime())
            .column("order_delivered_customer_date", ColumnType.datetime())
            .column("order_estimated_delivery_date", ColumnType.datetime())
            .primaryKey("order_id")
            .build();

    private SampleTables() {
    }
}

package io.tapflow.testing;

import io.tapflow.Flow;
import io.tapflow.topology.event.DebeziumTable;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Olist-style orders table and the example flow, shared by the tests. */
final class Orders {

    static final DebeziumTable TABLE = SampleTables.ECOM_ORDERS;

    /** The foundation issue's example flow. */
    static final Flow CLEAN = Flow.named("orders_clean")
            .readFrom("MySQL_ECommerce.ecom_orders")
            .exclude("order_delivered_carrier_date", "order_delivered_customer_date")
            .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
            .filter("order_status != 'canceled' and customer_id is not null")
            .addFields("is_late", "order_approved_at > order_estimated_delivery_date")
            .writeTo("MongoDB_ECommerce.orders");

    private Orders() {
    }

    static Map<String, Object> order(String id, String customer, String status, LocalDateTime approved,
                                     LocalDateTime estimated) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("order_id", id);
        row.put("customer_id", customer);
        row.put("order_status", status);
        row.put("order_purchase_timestamp", LocalDateTime.of(2018, 1, 2, 10, 56, 33));
        row.put("order_approved_at", approved);
        row.put("order_delivered_carrier_date", LocalDateTime.of(2018, 1, 5, 8, 0));
        row.put("order_delivered_customer_date", null);
        row.put("order_estimated_delivery_date", estimated);
        return row;
    }

    static Map<String, Object> order(String id, String customer, String status) {
        return order(id, customer, status, LocalDateTime.of(2018, 1, 3, 9, 0), LocalDateTime.of(2018, 1, 20, 0, 0));
    }

    /** The document the example flow writes for an order row. */
    static Map<String, Object> cleaned(Map<String, Object> row) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("order_id", row.get("order_id"));
        doc.put("customer_id", row.get("customer_id"));
        doc.put("order_status", row.get("order_status"));
        doc.put("purchase_timestamp", row.get("order_purchase_timestamp"));
        doc.put("order_approved_at", row.get("order_approved_at"));
        doc.put("order_estimated_delivery_date", row.get("order_estimated_delivery_date"));
        LocalDateTime approved = (LocalDateTime) row.get("order_approved_at");
        LocalDateTime estimated = (LocalDateTime) row.get("order_estimated_delivery_date");
        doc.put("is_late", approved != null && estimated != null && approved.isAfter(estimated));
        return doc;
    }

    static Map<String, Object> key(String id) {
        return Map.of("order_id", id);
    }
}

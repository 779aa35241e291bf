package io.tapflow.runtime.flow;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.Flow;
import io.tapflow.FlowDefinitionException;
import io.tapflow.FlowStageStep;
import io.tapflow.Lookup;
import io.tapflow.connect.mysql.MySqlTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code save()} refuses in a flow's lookups once the tables' columns and keys are known. */
class LookupTablesCheckTest {

    static final MySqlTable ORDERS = new MySqlTable("ecom_orders", List.of("order_id", "customer_id", "order_status",
            "order_purchase_timestamp", "order_delivered_carrier_date", "order_delivered_customer_date"),
            List.of("order_id"));
    static final MySqlTable CUSTOMERS = new MySqlTable("ecom_customers", List.of("customer_id", "customer_unique_id",
            "customer_city", "customer_state"), List.of("customer_id"));
    static final MySqlTable ITEMS = new MySqlTable("ecom_order_items", List.of("order_id", "order_item_id",
            "product_id", "price"), List.of("order_id", "order_item_id"));
    static final MySqlTable PRODUCTS = new MySqlTable("ecom_products", List.of("product_id", "product_category_name"),
            List.of("product_id"));
    static final Map<String, MySqlTable> TABLES = Map.of(
            "MySQL_ECommerce.ecom_customers", CUSTOMERS,
            "MySQL_ECommerce.ecom_order_items", ITEMS,
            "MySQL_ECommerce.ecom_products", PRODUCTS,
            "MySQL_ECommerce.customer_notes", new MySqlTable("customer_notes", List.of("customer_id", "note"), List.of()),
            "MySQL_ECommerce.audit", new MySqlTable("audit", List.of("id", "order_status", "customer_city", "customer_id"),
                    List.of("id")),
            "MySQL_ECommerce.order_reviews", new MySqlTable("order_reviews", List.of("review_id", "order_id",
                    "order_status", "review_score"), List.of("review_id")),
            "CRM.states", new MySqlTable("states", List.of("code", "state_name"), List.of("code")));

    static FlowStageStep orders() {
        return Flow.named("orders_wide").readFrom("MySQL_ECommerce.ecom_orders")
                .exclude("order_delivered_carrier_date", "order_delivered_customer_date")
                .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"));
    }

    static void check(FlowStageStep flow) {
        LookupTablesCheck.check(flow.writeTo("MongoDB_ECommerce.wide_orders").spec(), ORDERS, TABLES);
    }

    @Test
    void theSeedsFlowWithItsCustomerLookupAndTheIssuesNestedLookupsPass() {
        assertThatCode(() -> check(orders()
                .lookup("MySQL_ECommerce.ecom_customers", Lookup.relation("customer_id", "customer_id"))
                .lookup("MySQL_ECommerce.ecom_order_items", Lookup.array("items").relation("order_id", "order_id"))
                .lookup("MySQL_ECommerce.ecom_products", Lookup.object("items.product")
                        .relation("product_id", "product_id"))))
                .doesNotThrowAnyException();
    }

    @Test
    void aLookedUpTableWithoutPrimaryKeyIsRefusedAndArrayKeysDoNotHelp() {
        assertThatThrownBy(() -> check(orders().lookup("MySQL_ECommerce.customer_notes",
                Lookup.array("notes").relation("customer_id", "customer_id").arrayKeys("note"))))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageStartingWith("Flow 'orders_wide', stage 'lookup#1': table MySQL_ECommerce.customer_notes"
                        + " has no primary key (child without primary key)")
                .hasMessageContaining("Fix: add one (ALTER TABLE customer_notes ADD PRIMARY KEY (...))")
                .hasMessageContaining("arrayKeys only order an array's elements: in this build they do not stand in"
                        + " for a primary key");
    }

    @Test
    void aRelationChildFieldTheChildTableLacksIsRefusedWithItsFields() {
        assertThatThrownBy(() -> check(orders().lookup("MySQL_ECommerce.ecom_customers",
                Lookup.relation("customer_id", "cust_id"))))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("stage 'lookup#1': the relation joins on child field 'cust_id', which the rows of"
                        + " MySQL_ECommerce.ecom_customers do not have (their fields: customer_id, customer_unique_id,"
                        + " customer_city, customer_state)")
                .hasMessageContaining("Fix: name one of those fields second in relation(parentField, childField).");
    }

    @Test
    void childFieldsAreTheChildRowsAsTheLookupsStagesLeaveThem() {
        assertThatCode(() -> check(orders().lookup("MySQL_ECommerce.ecom_customers",
                Lookup.object("customer").relation("customer_id", "id")
                        .renameFields(Map.of("customer_id", "id")))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> check(orders().lookup("MySQL_ECommerce.ecom_customers",
                Lookup.object("customer").relation("customer_id", "customer_id").include("customer_id")
                        .exclude("customer_id"))))
                .isInstanceOf(FlowDefinitionException.class);
        assertThatThrownBy(() -> check(orders().lookup("MySQL_ECommerce.ecom_order_items",
                Lookup.array("items").relation("order_id", "order_id").include("order_id", "price")
                        .arrayKeys("order_item_id"))))
                .isInstanceOf(FlowDefinitionException.class);
        // A function may make any field: the child fields are not checked after one.
        assertThatCode(() -> check(orders().lookup("MySQL_ECommerce.ecom_customers",
                Lookup.object("customer").relation("customer_id", "made_by_py").py("""
                        def process(record, context):
                            record['made_by_py'] = record['customer_id']
                            return record
                        """))))
                .doesNotThrowAnyException();
    }

    @Test
    void anArrayKeyTheChildRowsLackIsRefused() {
        assertThatThrownBy(() -> check(orders().lookup("MySQL_ECommerce.ecom_order_items",
                Lookup.array("items").relation("order_id", "order_id").arrayKeys("position"))))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("stage 'lookup#1': array key 'position' is not a field of the rows of"
                        + " MySQL_ECommerce.ecom_order_items (their fields: order_id, order_item_id, product_id, price)")
                .hasMessageContaining("Fix: order the array by some of those fields");
    }

    @Test
    void aRelationParentFieldIsLookedForInTheFlowsRowsAsTheStagesBeforeTheLookupLeaveThem() {
        assertThatThrownBy(() -> check(orders().lookup("MySQL_ECommerce.ecom_customers",
                Lookup.object("customer").relation("buyer_id", "customer_id"))))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("stage 'lookup#1': the relation joins on parent field 'buyer_id', which the rows"
                        + " of MySQL_ECommerce.ecom_orders as the stages before this lookup leave them do not have"
                        + " (their fields: order_id, customer_id, order_status, purchase_timestamp)")
                .hasMessageContaining("Fix: name one of those fields first in relation(parentField, childField).");
        assertThatCode(() -> check(orders().renameFields(Map.of("customer_id", "buyer_id"))
                .lookup("MySQL_ECommerce.ecom_customers", Lookup.object("customer").relation("buyer_id", "customer_id"))))
                .doesNotThrowAnyException();
    }

    @Test
    void fieldsAnEarlierLookupMergedAreParentFieldsOfALaterOneEvenFromAnotherDataSource() {
        assertThatCode(() -> check(orders()
                .lookup("MySQL_ECommerce.ecom_customers", Lookup.relation("customer_id", "customer_id"))
                .lookup("CRM.states", Lookup.object("state").relation("customer_state", "code"))))
                .doesNotThrowAnyException();
    }

    @Test
    void aNestedLookupsParentFieldsAreTheEnclosingLookupsChildRows() {
        assertThatThrownBy(() -> check(orders()
                .lookup("MySQL_ECommerce.ecom_order_items", Lookup.array("items").relation("order_id", "order_id")
                        .exclude("price"))
                .lookup("MySQL_ECommerce.ecom_products", Lookup.object("items.product")
                        .relation("sku", "product_id"))))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("stage 'lookup#2': the relation joins on parent field 'sku', which the"
                        + " rows of lookup 'lookup#1' (MySQL_ECommerce.ecom_order_items) do not have (their fields:"
                        + " order_id, order_item_id, product_id)");
    }

    @Test
    void aPathCollidingWithAColumnOfTheParentRowsIsRefused() {
        assertThatThrownBy(() -> check(orders().lookup("MySQL_ECommerce.ecom_customers",
                Lookup.object("order_status").relation("customer_id", "customer_id"))))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("stage 'lookup#1': lookup path 'order_status' collides with field 'order_status'"
                        + " of the rows of MySQL_ECommerce.ecom_orders as the stages before this lookup leave them")
                .hasMessageContaining("Fix: choose another path, such as 'order_status_doc', or exclude or rename"
                        + " 'order_status' before this lookup.");
        assertThatThrownBy(() -> check(orders()
                .lookup("MySQL_ECommerce.ecom_order_items", Lookup.array("items").relation("order_id", "order_id"))
                .lookup("MySQL_ECommerce.ecom_products", Lookup.object("items.price")
                        .relation("product_id", "product_id"))))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("lookup path 'items.price' collides with field 'price' of the rows of lookup"
                        + " 'lookup#1' (MySQL_ECommerce.ecom_order_items)");
    }

    @Test
    void aRootMergeBringingAFieldTheParentHasIsRefusedUnlessExcludedOrRenamedInTheLookup() {
        assertThatThrownBy(() -> check(orders().lookup("MySQL_ECommerce.order_reviews",
                Lookup.relation("order_id", "order_id"))))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("stage 'lookup#1': merged at the root, the rows of MySQL_ECommerce.order_reviews"
                        + " bring field order_status, which the rows of MySQL_ECommerce.ecom_orders as the stages before"
                        + " this lookup leave them already have: the parent's value would hide the looked-up one.")
                .hasMessageContaining("Fix: exclude it in the lookup (Lookup.relation(...).exclude(\"order_status\")),"
                        + " or rename it there (.renameFields(Map.of(\"order_status\", \"review_order_status\"))).");
        assertThatThrownBy(() -> check(orders().lookup("MySQL_ECommerce.audit", Lookup.relation("order_id", "id"))))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("bring fields order_status, customer_id, which");
        assertThatCode(() -> check(orders().lookup("MySQL_ECommerce.audit", Lookup.relation("order_id", "id")
                .exclude("customer_id").renameFields(Map.of("order_status", "audit_status")))))
                .doesNotThrowAnyException();
    }
}

package io.tapflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.spec.FlowSpecs;
import io.tapflow.spec.LookupStage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lookups as a user defines them: what is accepted, how it reads back, and every refusal with its fix. */
class LookupDefinitionTest {

    private static final String CUSTOMERS = "MySQL_ECommerce.ecom_customers";
    private static final String ITEMS = "MySQL_ECommerce.ecom_order_items";
    private static final String PRODUCTS = "MySQL_ECommerce.ecom_products";

    private static FlowStageStep orders() {
        return Flow.named("orders_wide").readFrom("MySQL_ECommerce.ecom_orders");
    }

    private static Flow wide() {
        return orders()
                .exclude("order_delivered_carrier_date")
                .lookup(CUSTOMERS, Lookup.relation("customer_id", "customer_id").exclude("customer_zip_code_prefix"))
                .lookup(ITEMS, Lookup.array("items").relation("order_id", "order_id")
                        .arrayKeys("order_item_id").filter("price > 0").inner())
                .lookup(PRODUCTS, Lookup.object("items.product").relation("product_id", "id")
                        .renameFields(Map.of("product_id", "id")).and("seller_id", "seller_id"))
                .writeTo("MongoDB_ECommerce.wide_orders");
    }

    @Test
    void theIssuesExampleIsAcceptedWithDefaultNamesAndItsParts() {
        Flow flow = wide();
        assertThat(flow.spec().stages()).extracting(s -> s.name())
                .containsExactly("exclude#1", "lookup#1", "lookup#2", "lookup#3");
        LookupStage items = (LookupStage) flow.spec().stages().get(2);
        assertThat(items.table()).isEqualTo(ITEMS);
        assertThat(items.isArray()).isTrue();
        assertThat(items.path()).isEqualTo("items");
        assertThat(items.relation()).containsExactly(Map.entry("order_id", "order_id"));
        assertThat(items.arrayKeys()).containsExactly("order_item_id");
        assertThat(items.inner()).isTrue();
        assertThat(items.stages()).extracting(s -> s.name()).containsExactly("filter#1");
        LookupStage products = (LookupStage) flow.spec().stages().get(3);
        assertThat(products.parentPath()).isEqualTo("items");
        assertThat(products.field()).isEqualTo("product");
        assertThat(products.relation()).containsExactly(Map.entry("product_id", "id"), Map.entry("seller_id", "seller_id"));
    }

    @Test
    void lookupsReadBackFromJsonYamlAndShow() {
        Flow flow = wide();
        assertThat(Flow.fromJson(flow.toJson()).spec()).isEqualTo(flow.spec());
        assertThat(Flow.fromYaml(flow.toYaml()).spec()).isEqualTo(flow.spec());
        assertThat(flow.toJson()).contains("\"type\" : \"lookup\"", "\"kind\" : \"array\"", "\"inner\" : true");
        assertThat(flow.show()).contains(
                ".lookup(\"MySQL_ECommerce.ecom_customers\", Lookup.relation(\"customer_id\", \"customer_id\")"
                        + ".exclude(\"customer_zip_code_prefix\"))",
                ".lookup(\"MySQL_ECommerce.ecom_order_items\", Lookup.array(\"items\").relation(\"order_id\","
                        + " \"order_id\").arrayKeys(\"order_item_id\").filter(\"price > 0\").inner())",
                ".lookup(\"MySQL_ECommerce.ecom_products\", Lookup.object(\"items.product\").relation(\"product_id\","
                        + " \"id\").and(\"seller_id\", \"seller_id\").renameFields(Map.of(\"product_id\", \"id\")))");
    }

    @Test
    void unnamedChildStagesInAStoredSpecGetTheirDefaultNames() {
        String json = """
                {"formatVersion": 1, "name": "f", "source": {"table": "db.orders"},
                 "stages": [{"type": "lookup", "table": "db.customers", "relation": {"customer_id": "customer_id"},
                             "stages": [{"type": "exclude", "fields": ["zip"]}]}],
                 "target": {"table": "mongo.orders"}}
                """;
        LookupStage lookup = (LookupStage) Flow.fromJson(json).spec().stages().getFirst();
        assertThat(lookup.name()).isEqualTo("lookup#1");
        assertThat(lookup.kind()).isEqualTo(LookupStage.OBJECT);
        assertThat(lookup.stages().getFirst().name()).isEqualTo("exclude#1");
    }

    @Test
    void parentRelationFieldRemovedByAnEarlierStage() {
        assertThatThrownBy(() -> orders().exclude("customer_id")
                .lookup(CUSTOMERS, Lookup.relation("customer_id", "customer_id")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("stage 'lookup#1'")
                .hasMessageContaining("cannot join on parent field 'customer_id': it was removed by stage 'exclude#1'");
    }

    @Test
    void parentRelationFieldRenamedAwayNamesTheNewName() {
        assertThatThrownBy(() -> orders().renameFields(Map.of("customer_id", "cid"))
                .lookup(CUSTOMERS, Lookup.relation("customer_id", "customer_id")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("use its new name 'cid'");
    }

    @Test
    void childRelationFieldRemovedByTheLookupsOwnStages() {
        assertThatThrownBy(() -> orders()
                .lookup(CUSTOMERS, Lookup.relation("customer_id", "customer_id").include("customer_city")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("cannot join on child field 'customer_id'")
                .hasMessageContaining("add 'customer_id' to that include");
    }

    @Test
    void nestedPathWithoutALookupAtItsParentPath() {
        assertThatThrownBy(() -> orders()
                .lookup(ITEMS, Lookup.array("items").relation("order_id", "order_id"))
                .lookup(PRODUCTS, Lookup.object("lines.product").relation("product_id", "product_id")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("nested path 'lines.product' needs a lookup at path 'lines'")
                .hasMessageContaining("lookup paths so far: [items]");
    }

    @Test
    void pathCollidingWithAFieldTheFlowMade() {
        assertThatThrownBy(() -> orders().addFields("customer", "customer_id")
                .lookup(CUSTOMERS, Lookup.object("customer").relation("customer_id", "customer_id")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("lookup path 'customer' collides with field 'customer', which is added by stage"
                        + " 'addFields#1'")
                .hasMessageContaining("Fix: choose another path");
    }

    @Test
    void pathOverwritingTheJoinField() {
        assertThatThrownBy(() -> orders()
                .lookup(CUSTOMERS, Lookup.object("customer_id").relation("customer_id", "customer_id")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("would overwrite 'customer_id', the field it joins on");
    }

    @Test
    void twoLookupsAtOnePath() {
        assertThatThrownBy(() -> orders()
                .lookup(CUSTOMERS, Lookup.object("party").relation("customer_id", "customer_id"))
                .lookup("MySQL_ECommerce.ecom_sellers", Lookup.object("party").relation("seller_id", "seller_id")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("another lookup already embeds at path 'party'");
    }

    @Test
    void arrayWithoutPathAndArrayKeysOnAnObject() {
        assertThatThrownBy(() -> orders().lookup(ITEMS, Lookup.array("").relation("order_id", "order_id")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("an array lookup needs a path");
        assertThatThrownBy(() -> orders().lookup(CUSTOMERS, Lookup.relation("customer_id", "customer_id")
                .arrayKeys("customer_id")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("arrayKeys order the elements of an array lookup; this one is an object");
    }

    @Test
    void arrayKeyTheChildRowsDoNotHave() {
        assertThatThrownBy(() -> orders().lookup(ITEMS, Lookup.array("items").relation("order_id", "order_id")
                .exclude("order_item_id").arrayKeys("order_item_id")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("cannot order the array by field 'order_item_id': it was removed by stage"
                        + " 'exclude#1'");
    }

    @Test
    void badTableKindAndMissingLookup() {
        assertThatThrownBy(() -> orders().lookup("ecom_customers", Lookup.relation("customer_id", "customer_id")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("lookup takes \"<datasource>.<table>\", not 'ecom_customers'");
        assertThatThrownBy(() -> orders().lookup(CUSTOMERS, null))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("lookup needs a Lookup");
        assertThatThrownBy(() -> FlowSpecs.fromJson("""
                {"formatVersion": 1, "name": "f", "source": {"table": "db.orders"},
                 "stages": [{"type": "lookup", "table": "db.customers", "kind": "dict", "relation": {"a": "a"}}],
                 "target": {"table": "mongo.orders"}}
                """))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("lookup kind 'dict' is not one of 'object', 'array'");
        assertThatThrownBy(() -> FlowSpecs.fromJson("""
                {"formatVersion": 1, "name": "f", "source": {"table": "db.orders"},
                 "stages": [{"type": "lookup", "table": "db.customers", "relation": {}}],
                 "target": {"table": "mongo.orders"}}
                """))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("the lookup has no relation");
    }

    @Test
    void aLookupKeepsTheSourcesPrimaryKeyAsTheTargetKey() {
        assertThatThrownBy(() -> orders().lookup(CUSTOMERS, Lookup.relation("customer_id", "customer_id"))
                .writeTo("MongoDB_ECommerce.wide_orders", PrimaryKey.of("order_id")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("a flow with lookups ('lookup#1') writes whole documents keyed by the source's"
                        + " primary key")
                .hasMessageContaining("Fix: drop the PrimaryKey");
    }

    @Test
    void childFunctionWithASyntaxErrorIsRefusedWithItsLine() {
        assertThatThrownBy(() -> orders().lookup(CUSTOMERS, Lookup.relation("customer_id", "customer_id")
                .js("function process(record, context) { return record")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("syntax error at line 1");
    }
}

package io.tapflow;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.spec.FlowSpecs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way a flow definition is refused, and what the refusal says. */
class InvalidFlowDefinitionTest {

    private static FlowStageStep orders() {
        return Flow.named("orders_clean").readFrom("MySQL_ECommerce.ecom_orders");
    }

    @Test
    void emptyFlowName() {
        assertThatThrownBy(() -> Flow.named(" "))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("a flow needs a name")
                .hasMessageContaining("Flow.named(\"orders_to_mongo\")");
    }

    @Test
    void flowNameThatCannotNameATopic() {
        assertThatThrownBy(() -> Flow.named("orders clean/v2"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("flow name 'orders clean/v2' is not allowed")
                .hasMessageContaining("for example 'orders_clean_v2'");
    }

    @Test
    void readFromWithoutDataSource() {
        assertThatThrownBy(() -> Flow.named("f").readFrom("ecom_orders"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageStartingWith("Flow 'f', stage 'read:ecom_orders': readFrom takes \"<datasource>.<table>\"")
                .hasMessageContaining("readFrom(\"MySQL_ECommerce.ecom_orders\")");
    }

    @Test
    void writeToMalformedTarget() {
        assertThatThrownBy(() -> orders().writeTo("orders."))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("writeTo takes \"<datasource>.<table>\", not 'orders.'");
    }

    @Test
    void writeToTheTableItReads() {
        assertThatThrownBy(() -> orders().writeTo("MySQL_ECommerce.ecom_orders"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("the table it reads")
                .hasMessageContaining("Fix: write to another table");
    }

    @Test
    void excludeNothing() {
        assertThatThrownBy(() -> orders().exclude())
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageStartingWith("Flow 'orders_clean', stage 'exclude#1': exclude needs at least one field");
    }

    @Test
    void excludeBlankField() {
        assertThatThrownBy(() -> orders().exclude("order_id", ""))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("exclude has an empty field name");
    }

    @Test
    void includeAndExcludeSameField() {
        assertThatThrownBy(() -> orders().include("order_id", "order_status").exclude("order_status"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageStartingWith("Flow 'orders_clean', stage 'exclude#1': field 'order_status' is both"
                        + " included (stage 'include#1') and excluded");
        assertThatThrownBy(() -> orders().exclude("order_status").include("order_id", "order_status"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("stage 'include#1': field 'order_status' is both excluded");
    }

    @Test
    void fieldRenamedTwice() {
        assertThatThrownBy(() -> orders()
                .renameFields(Map.of("order_purchase_timestamp", "purchased_at"))
                .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessage("Flow 'orders_clean', stage 'rename#2': field 'order_purchase_timestamp' is renamed"
                        + " twice: it was renamed to 'purchased_at' at stage 'rename#1', and to"
                        + " 'purchase_timestamp' here. Fix: rename it once, to its final name.");
    }

    @Test
    void renameOntoAFieldTheFlowAdded() {
        assertThatThrownBy(() -> orders()
                .addFields("status", "order_status")
                .renameFields(Map.of("order_status", "status")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("field 'order_status' is renamed onto 'status', which already exists"
                        + " (added by stage 'addFields#1')");
    }

    @Test
    void twoFieldsRenamedToTheSameName() {
        Map<String, String> renames = new LinkedHashMap<>();
        renames.put("a", "x");
        renames.put("b", "x");
        assertThatThrownBy(() -> orders().renameFields(renames))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("fields 'a' and 'b' are both renamed to 'x'");
    }

    @Test
    void renameToItself() {
        assertThatThrownBy(() -> orders().renameFields(Map.of("a", "a")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("field 'a' is renamed to itself");
    }

    @Test
    void malformedFilterExpressionNamesThePosition() {
        assertThatThrownBy(() -> orders().filter("order_status != 'canceled' and"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageStartingWith("Flow 'orders_clean', stage 'filter#1': the filter expression is malformed:")
                .hasMessageContaining("column");
    }

    @Test
    void malformedAddFieldsExpression() {
        assertThatThrownBy(() -> orders().addFields("is_late", "delivered_at >"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("stage 'addFields#1': the addFields 'is_late' expression is malformed");
    }

    @Test
    void emptyFilter() {
        assertThatThrownBy(() -> orders().filter("  "))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("filter needs an expression");
    }

    @Test
    void expressionUsesAFieldRenamedAway() {
        assertThatThrownBy(() -> orders()
                .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
                .filter("order_purchase_timestamp > '2018-01-01'"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("uses field 'order_purchase_timestamp', which was renamed to"
                        + " 'purchase_timestamp' at stage 'rename#1'. Fix: use its new name 'purchase_timestamp'.");
    }

    @Test
    void expressionUsesAnExcludedField() {
        assertThatThrownBy(() -> orders()
                .exclude("order_delivered_customer_date")
                .addFields("is_late", "order_delivered_customer_date > order_estimated_delivery_date"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("uses field 'order_delivered_customer_date', which was removed by stage"
                        + " 'exclude#1'");
    }

    @Test
    void fieldAddedTwice() {
        assertThatThrownBy(() -> orders().addFields("is_late", "1 > 0").addFields("is_late", "2 > 0"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("field 'is_late' already exists (added by stage 'addFields#1')");
    }

    @Test
    void fieldNotKeptByInclude() {
        assertThatThrownBy(() -> orders().include("order_id").exclude("order_status"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("stage 'include#1' keeps only the fields it lists")
                .hasMessageContaining("Fix: add 'order_status' to that include.");
    }

    @Test
    void duplicateStageNames() {
        assertThatThrownBy(() -> orders().exclude("a").as("clean").exclude("b").as("clean"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("another stage is already named 'clean'");
    }

    @Test
    void emptyStageName() {
        assertThatThrownBy(() -> orders().exclude("a").as(""))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("a stage has an empty name");
    }

    @Test
    void reservedStageName() {
        assertThatThrownBy(() -> orders().exclude("a").as("tapflow:output"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("reserved");
    }

    @Test
    void specWithoutTarget() {
        String json = """
                {"formatVersion": 1, "name": "orders_clean",
                 "source": {"table": "MySQL_ECommerce.ecom_orders"},
                 "stages": [{"type": "exclude", "fields": ["a"]}]}
                """;
        assertThatThrownBy(() -> Flow.fromJson(json))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("Flow 'orders_clean': the flow has no target. Fix: add .writeTo(");
    }

    @Test
    void specWithUnknownStageType() {
        String yaml = """
                formatVersion: 1
                name: orders_clean
                source: {table: MySQL_ECommerce.ecom_orders}
                stages:
                - type: explode
                  fields: [a]
                target: {table: MongoDB_ECommerce.orders}
                """;
        assertThatThrownBy(() -> Flow.fromYaml(yaml))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("unknown stage type 'explode'")
                .hasMessageContaining("line 5")
                .hasMessageContaining("use one of exclude, include, rename, filter, addFields");
    }

    @Test
    void specWithUnknownKey() {
        String yaml = """
                formatVersion: 1
                name: orders_clean
                source: {table: MySQL_ECommerce.ecom_orders}
                stages:
                - type: filter
                  expresion: "a > 1"
                target: {table: MongoDB_ECommerce.orders}
                """;
        assertThatThrownBy(() -> Flow.fromYaml(yaml))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("unknown key 'expresion'")
                .hasMessageContaining("expression");
    }

    @Test
    void specFromTheFuture() {
        String json = """
                {"formatVersion": 2, "name": "orders_clean",
                 "source": {"table": "MySQL_ECommerce.ecom_orders"},
                 "target": {"table": "MongoDB_ECommerce.orders"}}
                """;
        assertThatThrownBy(() -> FlowSpecs.fromJson(json))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("format version 2, and this TapFlow reads version 1");
    }

    @Test
    void specStageRefusedLikeTheFluentApi() {
        String json = """
                {"formatVersion": 1, "name": "orders_clean",
                 "source": {"table": "MySQL_ECommerce.ecom_orders"},
                 "stages": [{"type": "rename", "fields": {"a": "b"}}, {"type": "rename", "fields": {"a": "c"}}],
                 "target": {"table": "MongoDB_ECommerce.orders"}}
                """;
        assertThatThrownBy(() -> Flow.fromJson(json))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("stage 'rename#2': field 'a' is renamed twice");
    }

    @Test
    void messagesFollowARenamedStage() {
        assertThatThrownBy(() -> orders().exclude("a").as("drop_a").filter("a > 1"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("which was removed by stage 'drop_a'");
    }

    @Test
    void targetKeyedByARemovedField() {
        assertThatThrownBy(() -> orders().exclude("customer_id").writeTo("mongo.c", PrimaryKey.of("customer_id")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("stage 'write:c'")
                .hasMessageContaining("cannot key the target by field 'customer_id': it was removed by stage 'exclude#1'");
    }

    @Test
    void targetKeyedByAComputedField() {
        assertThatThrownBy(() -> orders().addFields("code", "customer_id + '-x'")
                .writeTo("mongo.c", PrimaryKey.of("code")))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("cannot key the target by field 'code': it is added by stage 'addFields#1'")
                .hasMessageContaining("Fix: key by source columns");
    }

    @Test
    void sourceWithAKey() {
        assertThatThrownBy(() -> Flow.fromJson("""
                {"formatVersion": 1, "name": "f", "source": {"table": "db.t", "pk": ["a"]}, "stages": [],
                 "target": {"table": "mongo.c"}}"""))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("a source takes no 'pk'");
    }
}

package io.tapflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.spec.AddFieldsStage;
import io.tapflow.spec.ExcludeStage;
import io.tapflow.spec.FilterStage;
import io.tapflow.spec.RenameStage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A flow survives JSON, YAML and {@code show()} unchanged, with stable stage names. */
class FlowSpecRoundTripTest {

    static Flow ordersClean() {
        return Flow.named("orders_clean")
                .readFrom("MySQL_ECommerce.ecom_orders")
                .exclude("order_delivered_carrier_date", "order_delivered_customer_date")
                .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
                .filter("order_status != 'canceled' and customer_id is not null")
                .addFields("is_late", "order_approved_at > order_estimated_delivery_date")
                .writeTo("MongoDB_ECommerce.orders");
    }

    @Test
    void stagesGetStableDefaultNames() {
        Flow flow = ordersClean();
        assertThat(flow.spec().source().name()).isEqualTo("read:ecom_orders");
        assertThat(flow.spec().stages()).containsExactly(
                new ExcludeStage("exclude#1", List.of("order_delivered_carrier_date", "order_delivered_customer_date")),
                new RenameStage("rename#1", Map.of("order_purchase_timestamp", "purchase_timestamp")),
                new FilterStage("filter#1", "order_status != 'canceled' and customer_id is not null"),
                new AddFieldsStage("addFields#1", Map.of("is_late", "order_approved_at > order_estimated_delivery_date")));
        assertThat(flow.spec().target().name()).isEqualTo("write:orders");
    }

    @Test
    void asRenamesTheStageJustAdded() {
        Flow flow = Flow.named("f").readFrom("db.t").as("orders_in")
                .exclude("a").as("drop_a")
                .exclude("b")
                .writeTo("mongo.c");
        assertThat(flow.spec().source().name()).isEqualTo("orders_in");
        assertThat(flow.spec().stages()).extracting(s -> s.name()).containsExactly("drop_a", "exclude#2");
    }

    @Test
    void aTargetKeyedByChosenFieldsKeepsThemInJsonYamlAndShow() {
        Flow flow = Flow.named("customers").readFrom("MySQL_ECommerce.ecom_customers")
                .renameFields(Map.of("customer_unique_id", "person_id"))
                .writeTo("MongoDB_ECommerce.people", PrimaryKey.of("person_id", "customer_state"));
        assertThat(flow.spec().target().pk()).containsExactly("person_id", "customer_state");
        assertThat(flow.toJson()).contains("\"pk\" : [ \"person_id\", \"customer_state\" ]");
        assertThat(Flow.fromJson(flow.toJson())).isEqualTo(flow);
        assertThat(Flow.fromYaml(flow.toYaml())).isEqualTo(flow);
        assertThat(flow.show()).contains(".writeTo(\"MongoDB_ECommerce.people\", PrimaryKey.of(\"person_id\","
                + " \"customer_state\"))");
        assertThat(ordersClean().toJson()).doesNotContain("\"pk\"");
    }

    @Test
    void jsonRoundTrip() {
        Flow flow = ordersClean();
        String json = flow.toJson();
        assertThat(json).contains("\"formatVersion\" : 1", "\"type\" : \"rename\"", "\"name\" : \"filter#1\"");
        assertThat(Flow.fromJson(json)).isEqualTo(flow);
    }

    @Test
    void yamlRoundTripAndReadability() {
        Flow flow = ordersClean();
        String yaml = flow.toYaml();
        assertThat(yaml).startsWith("formatVersion: 1\nname: orders_clean\nsource:\n  name: read:ecom_orders\n"
                + "  table: MySQL_ECommerce.ecom_orders\nstages:\n- type: exclude\n  name: exclude#1\n");
        assertThat(Flow.fromYaml(yaml)).isEqualTo(flow);
    }

    @Test
    void handWrittenYamlGetsDefaultNames() {
        Flow flow = Flow.fromYaml("""
                formatVersion: 1
                name: orders_clean
                source: {table: MySQL_ECommerce.ecom_orders}
                stages:
                - {type: exclude, fields: [a]}
                - {type: exclude, fields: [b], name: drop_b}
                - {type: filter, expression: "c > 1"}
                target: {table: MongoDB_ECommerce.orders}
                """);
        assertThat(flow.spec().stages()).extracting(s -> s.name()).containsExactly("exclude#1", "drop_b", "filter#1");
        assertThat(flow.spec().target().name()).isEqualTo("write:orders");
    }

    @Test
    void showPrintsTheJavaChain() {
        assertThat(ordersClean().show()).isEqualTo("""
                Flow.named("orders_clean")
                    .readFrom("MySQL_ECommerce.ecom_orders")
                    .exclude("order_delivered_carrier_date", "order_delivered_customer_date")
                    .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
                    .filter("order_status != 'canceled' and customer_id is not null")
                    .addFields("is_late", "order_approved_at > order_estimated_delivery_date")
                    .writeTo("MongoDB_ECommerce.orders");""");
    }

    @Test
    void showKeepsCustomNamesAndEscapes() {
        Flow flow = Flow.named("f").readFrom("db.t").as("in")
                .filter("note = \"say \\\"hi\\\"\"").as("only \"hi\"")
                .writeTo("mongo.c");
        assertThat(flow.show()).isEqualTo("""
                Flow.named("f")
                    .readFrom("db.t").as("in")
                    .filter("note = \\"say \\\\\\"hi\\\\\\"\\"").as("only \\"hi\\"")
                    .writeTo("mongo.c");""");
    }
}

package io.tapflow;

import io.tapflow.spec.FlowSpec;
import io.tapflow.spec.FlowSpecs;

/**
 * A complete flow: it reads one table, applies its stages to every row, and writes the result.
 *
 * <p>Start with {@link #named(String)}; the steps offer only the calls that are legal next
 * ({@link FlowReadStep#readFrom(String)}, then stages, then {@link FlowStageStep#writeTo(String)}):
 * <pre>{@code
 * Flow flow = Flow.named("orders_clean")
 *     .readFrom("MySQL_ECommerce.ecom_orders")
 *     .exclude("order_delivered_carrier_date", "order_delivered_customer_date")
 *     .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
 *     .filter("order_status != 'canceled' and customer_id is not null")
 *     .writeTo("MongoDB_ECommerce.orders");
 * }</pre>
 * Each call checks what it adds, so an invalid definition throws {@link FlowDefinitionException}
 * at the call that made it invalid. A flow is an immutable value; {@link #spec()} is the same
 * flow as data.
 */
public interface Flow {

    /**
     * Starts defining a flow.
     *
     * @param name the flow's name: letters, digits, '.', '_' or '-'; it also names the flow's topics
     * @throws FlowDefinitionException if the name is empty or not allowed
     */
    static FlowReadStep named(String name) {
        return new FlowDefinition(name);
    }

    /**
     * The flow a spec describes, after validating it.
     *
     * @throws FlowDefinitionException if the spec is invalid
     */
    static Flow of(FlowSpec spec) {
        return new DefinedFlow(FlowSpecs.validate(spec));
    }

    /** Reads a flow from JSON (see {@link FlowSpecs#fromJson(String)}). */
    static Flow fromJson(String json) {
        return new DefinedFlow(FlowSpecs.fromJson(json));
    }

    /** Reads a flow from YAML (see {@link FlowSpecs#fromYaml(String)}). */
    static Flow fromYaml(String yaml) {
        return new DefinedFlow(FlowSpecs.fromYaml(yaml));
    }

    /** The flow's name. */
    String name();

    /** The flow as data, with every stage's name filled in. */
    FlowSpec spec();

    /** The flow as JSON, to keep in Git. */
    String toJson();

    /** The flow as YAML, to keep in Git. */
    String toYaml();

    /**
     * The flow as the Java chain that builds it, for example
     * {@code Flow.named("f").readFrom("db.t").exclude("a").writeTo("mongo.c")}.
     */
    String show();
}

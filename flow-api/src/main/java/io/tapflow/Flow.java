package io.tapflow;

import java.util.Map;

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

    /**
     * Checks this flow against the current cluster and stores it in the cluster's catalog (see
     * {@link TapFlowCluster#save(Flow)}): its source and target must be saved data sources of the right
     * kinds, and its table must exist. Saving the same flow again changes nothing; saving a changed flow
     * under the same name replaces the definition.
     *
     * @return this flow, to chain {@link #start()}
     * @throws FlowDefinitionException naming the flow, what is wrong and how to fix it; nothing is stored
     * @throws IllegalStateException if no cluster was started or connected to
     */
    default Flow save() {
        return TapFlowCluster.current().save(this);
    }

    /**
     * Starts this saved flow in the current cluster. The first start copies every row the source table
     * holds (the snapshot); then every insert, update and delete reaches the target. A later start, also
     * after a restart of the cluster, resumes where the flow stopped: nothing is copied twice, nothing is
     * lost. Returns once the flow runs and its table is captured; the target may still be catching up.
     *
     * @return this flow
     * @throws IllegalStateException if the flow was not saved, or cannot start (the message says why and
     *     what to do); the flow's stages do not run then
     */
    default Flow start() {
        return start(Map.of());
    }

    /**
     * Starts this saved flow as {@link #start()} does, with values its functions read as {@code context['env']}
     * ({@code context.env} in JavaScript, {@code row.change().env()} in Java): settings of this run, kept in
     * memory only, never in the catalog.
     *
     * @return this flow
     * @throws IllegalStateException as {@link #start()} does
     */
    default Flow start(Map<String, String> env) {
        TapFlowCluster.current().start(this, env);
        return this;
    }

    /**
     * Stops this flow in the current cluster; {@link #start()} resumes it where it stopped. Changes made
     * meanwhile wait in Kafka.
     *
     * @return this flow
     */
    default Flow stop() {
        TapFlowCluster.current().stop(name());
        return this;
    }

    /** Where this flow is in the current cluster: saved, starting, running, stopped or failed, and why. */
    default FlowStatus status() {
        return TapFlowCluster.current().status(name());
    }
}

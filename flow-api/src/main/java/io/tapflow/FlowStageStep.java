package io.tapflow;

import java.nio.file.Path;
import java.util.Map;

/**
 * The middle of a flow definition: stages, applied to each row in the order they are added, and
 * then {@link #writeTo(String)}.
 *
 * <p>Every stage gets a stable name, {@code <type>#<n>} by default ({@code exclude#1},
 * {@code filter#2}); {@link #as(String)} replaces it. The name appears in status, statistics,
 * logs and dead-letter headers. Stages keep no state: each row is transformed on its own.
 */
public interface FlowStageStep {

    /**
     * Removes fields from every row. Fields a row lacks are ignored.
     *
     * @throws FlowDefinitionException if no field is given, or a field was already removed, renamed
     *     away or kept by {@link #include(String...)}
     * @see #include(String...)
     */
    FlowStageStep exclude(String... fields);

    /**
     * Keeps only the listed fields of every row.
     *
     * @throws FlowDefinitionException if no field is given, or a field was excluded or renamed away
     * @see #exclude(String...)
     */
    FlowStageStep include(String... fields);

    /**
     * Renames fields, all at once: {@code Map.of("old_name", "new_name")}. A renamed field keeps its
     * place in the row. A row that already holds a field under the new name goes to the
     * dead-letter topic rather than losing either value.
     *
     * @throws FlowDefinitionException if a field is renamed twice, renamed onto a field the flow
     *     already made, or two fields get the same name
     */
    FlowStageStep renameFields(Map<String, String> renames);

    /**
     * Keeps the rows for which the condition is true, in TapFlow's expression syntax:
     * {@code "order_status != 'canceled' and customer_id is not null"}. Comparisons
     * {@code > >= < <= = !=}, {@code and or not}, parentheses, {@code is null}, string and number
     * literals and field names. A row that stops matching after an update is deleted downstream.
     * A row the condition cannot be evaluated on goes to the dead-letter topic.
     *
     * @throws FlowDefinitionException if the expression is malformed (the message gives the column)
     *     or uses a field an earlier stage removed or renamed
     */
    FlowStageStep filter(String condition);

    /**
     * Adds a field computed from the row, for example
     * {@code addFields("is_late", "order_delivered_customer_date > order_estimated_delivery_date")}.
     * Same syntax as {@link #filter(String)}, plus {@code + - * / %}.
     *
     * @throws FlowDefinitionException if the expression is malformed or the field already exists
     */
    FlowStageStep addFields(String field, String expression);

    /**
     * Adds several computed fields in one stage; each expression sees the row as it came in.
     *
     * @param fields field name to expression; the new fields are appended in name order
     * @see #addFields(String, String)
     */
    FlowStageStep addFields(Map<String, String> fields);

    /**
     * Runs a Python 3 function on every inserted, updated and snapshot row, sandboxed (no files, network,
     * processes, threads, environment or Java):
     * <pre>{@code
     * .py("""
     *     def process(record, context):
     *         if not record['order_status']:
     *             record['order_status'] = 'invalid'
     *         return record
     *     """)
     * }</pre>
     * {@code record} is a dict the function may change or replace; returning None drops the row (an update
     * dropped this way deletes the document, as {@link #filter(String)} does). A single-argument
     * {@code process(record)} works too. {@code context} has {@code op} ({@code insert}, {@code update},
     * {@code delete}, {@code snapshot}), {@code before}, {@code table}, {@code position}, {@code event_time},
     * {@code env} (the values the flow was started with) and {@code context['global']}, a dict kept from record
     * to record (one per stream task). Deletes pass untouched unless {@link UdfOptions#withDeletes()}. A
     * record the function fails on goes to the dead-letter topic with the Python traceback; one call may take
     * {@link UdfOptions#DEFAULT_TIME_LIMIT}. Default name {@code py#<n>}.
     *
     * @param source the Python source; a common indentation (a Java text block's) is removed
     * @throws FlowDefinitionException if the source does not parse (the message gives line and column) or
     *     defines no {@code process}
     * @see #js(String)
     */
    FlowStageStep py(String source);

    /** {@link #py(String)} with options: deletes, time limit. */
    FlowStageStep py(String source, UdfOptions options);

    /**
     * {@link #py(String)} with the source read from a file now; the flow keeps the text, not the path.
     *
     * @throws FlowDefinitionException if the file cannot be read, or as {@link #py(String)}
     */
    FlowStageStep py(Path file);

    /** {@link #py(Path)} with options. */
    FlowStageStep py(Path file, UdfOptions options);

    /**
     * Runs a JavaScript function {@code function process(record, context) { ...; return record; }} on every
     * inserted, updated and snapshot row, with the same contract as {@link #py(String)}: return null to drop
     * the row, {@code context.op}, {@code .before}, {@code .table}, {@code .position}, {@code .event_time},
     * {@code .env}, {@code .global}. Decimals are JavaScript numbers when a double holds them exactly (a record
     * with any other decimal goes to the dead-letter topic: use {@link #py(String)} for those); dates are
     * {@code Date}s. Default name {@code js#<n>}.
     *
     * @throws FlowDefinitionException if the source does not parse (with line and column) or defines no
     *     {@code process}
     */
    FlowStageStep js(String source);

    /** {@link #js(String)} with options: deletes, time limit. */
    FlowStageStep js(String source, UdfOptions options);

    /** {@link #js(String)} with the source read from a file now. */
    FlowStageStep js(Path file);

    /** {@link #js(Path)} with options. */
    FlowStageStep js(Path file, UdfOptions options);

    /**
     * Runs a Java function on every inserted, updated and snapshot row:
     * {@code .map(row -> row.with("source", "crm"))}. Returning {@code null} drops the row. A flow with a
     * function object (a lambda) runs only in this program: {@link Flow#toJson()} and {@link Flow#toYaml()}
     * refuse it; name a class with {@link #map(Class)} for those. Default name {@code map#<n>}.
     */
    FlowStageStep map(RecordFunction function);

    /**
     * Runs a Java function class on every row; the JVM that runs the flow creates it with its public
     * no-argument constructor. Unlike a lambda, the flow can be written as JSON or YAML and stored.
     *
     * @throws FlowDefinitionException if the class has no public no-argument constructor
     */
    FlowStageStep map(Class<? extends RecordFunction> functionClass);

    /**
     * Keeps the rows a Java predicate accepts: {@code .filter(row -> row.get("customer_id") != null)}; an
     * update that stops matching deletes the document. Like {@link #map(RecordFunction)}, a predicate object
     * keeps the flow in this program. Default name {@code javaFilter#<n>}.
     */
    FlowStageStep filter(RecordPredicate predicate);

    /** {@link #filter(RecordPredicate)} with a predicate class, so the flow can be stored. */
    FlowStageStep filter(Class<? extends RecordPredicate> predicateClass);

    /**
     * Embeds the rows of another table into each row, and keeps them fresh: when a looked-up row changes,
     * every document that embeds it changes too; a parent or child whose join value changes moves. The
     * original TapFlow's {@code lookup}:
     * <pre>{@code
     * .lookup("MySQL_ECommerce.ecom_customers", Lookup.relation("customer_id", "customer_id"))
     * .lookup("MySQL_ECommerce.ecom_order_items", Lookup.array("items").relation("order_id", "order_id"))
     * .lookup("MySQL_ECommerce.ecom_products", Lookup.object("items.product").relation("product_id", "product_id"))
     * }</pre>
     * The looked-up table is captured like the flow's own; both must have a primary key. The result does not
     * depend on the order in which the tables' rows arrive. Stages after a lookup see the whole document.
     * Default name {@code lookup#<n>}.
     *
     * @param table the looked-up table, {@code <datasource>.<table>}
     * @throws FlowDefinitionException if the relation names a field the rows do not have, a nested path has no
     *     lookup at its parent path, or the path collides with a field or another lookup's path
     * @see Lookup
     */
    FlowStageStep lookup(String table, Lookup lookup);

    /**
     * Names the stage just added (or the read stage, right after {@code readFrom}), replacing its
     * default name.
     *
     * @throws FlowDefinitionException if the name is empty or another stage has it
     */
    FlowStageStep as(String stageName);

    /**
     * Writes every resulting row to a table or collection, keyed by the source's primary key:
     * inserts and updates become upserts, deletes become deletes.
     *
     * @param table {@code <datasource>.<table>}, for example {@code "MongoDB_ECommerce.orders"}
     * @throws FlowDefinitionException if the reference is malformed or is the table the flow reads
     */
    Flow writeTo(String table);

    /**
     * Writes every resulting row to a table or collection, keyed by the given output fields instead of the
     * source's primary key (see {@link PrimaryKey}).
     *
     * @throws FlowDefinitionException as {@link #writeTo(String)} does, or if a key field was removed by a
     *     stage, or is computed by {@code addFields}
     */
    Flow writeTo(String table, PrimaryKey key);
}

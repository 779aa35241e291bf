package io.tapflow;

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

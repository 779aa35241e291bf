package io.tapflow;

import io.tapflow.spec.AddFieldsStage;
import io.tapflow.spec.ExcludeStage;
import io.tapflow.spec.FilterStage;
import io.tapflow.spec.IncludeStage;
import io.tapflow.spec.JavaScriptStage;
import io.tapflow.spec.LookupStage;
import io.tapflow.spec.PythonStage;
import io.tapflow.spec.RenameStage;
import io.tapflow.spec.StageSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@link FlowStageStep#lookup(String, Lookup)} embeds another table into each row, for example:
 * <pre>{@code
 * .lookup("MySQL_ECommerce.ecom_customers", Lookup.relation("customer_id", "customer_id"))            // merged at the root
 * .lookup("MySQL_ECommerce.ecom_order_items", Lookup.array("items").relation("order_id", "order_id")) // 1:N, a list
 * .lookup("MySQL_ECommerce.ecom_products", Lookup.object("items.product").relation("product_id", "product_id"))
 * }</pre>
 * A relation pairs a field of the parent row with a field of the looked-up (child) row; {@link #and} adds
 * pairs. The child rows can be prepared before they are embedded, as in the original TapFlow's lookup
 * keywords: {@link #filter}, {@link #include}, {@link #exclude}, {@link #renameFields}, {@link #addFields},
 * {@link #py}, {@link #js}. By default a parent without a matching child is kept (left join);
 * {@link #inner()} drops it. A Lookup is an immutable value: each call returns a new one.
 */
public final class Lookup {

    private final String kind;
    private final String path;
    private final Map<String, String> relation;
    private final List<String> arrayKeys;
    private final List<StageSpec> stages;
    private final boolean inner;

    private Lookup(String kind, String path, Map<String, String> relation, List<String> arrayKeys,
                   List<StageSpec> stages, boolean inner) {
        this.kind = kind;
        this.path = path;
        this.relation = relation;
        this.arrayKeys = arrayKeys;
        this.stages = stages;
        this.inner = inner;
    }

    /**
     * One child per parent row, its fields merged into the parent's root (the seed's customer fields): the
     * child row whose {@code childField} equals the parent's {@code parentField}. A field the parent has keeps
     * the parent's value.
     */
    public static Lookup relation(String parentField, String childField) {
        return new At(LookupStage.OBJECT, "").relation(parentField, childField);
    }

    /**
     * One child per parent row, embedded as a sub-document at {@code path}; without a matching child the field is
     * left out. A dotted path {@code "items.product"} embeds into each element of the lookup at {@code "items"};
     * its relation's parent fields are then that element's fields. The elements of a list share one schema on the
     * wire, so an element without a match has {@code product: null} when another element of the list has a
     * product (and no {@code product} field when none has).
     */
    public static At object(String path) {
        return new At(LookupStage.OBJECT, path);
    }

    /**
     * All matching child rows, embedded as a list at {@code path}, ordered by {@link #arrayKeys} and then by the
     * child's primary key (by default by the primary key alone). A child insert adds an element, an update
     * replaces it, a delete removes it; without any child the field is left out (an empty list would have no
     * element type for the output's schema).
     */
    public static At array(String path) {
        return new At(LookupStage.ARRAY, path);
    }

    /** A lookup's path, waiting for its relation. */
    public static final class At {

        private final String kind;
        private final String path;

        private At(String kind, String path) {
            this.kind = kind;
            this.path = path;
        }

        /** Joins on the parent's {@code parentField} equal to the child's {@code childField}. */
        public Lookup relation(String parentField, String childField) {
            Map<String, String> pairs = new LinkedHashMap<>();
            pairs.put(parentField, childField);
            return new Lookup(kind, path, pairs, List.of(), List.of(), false);
        }
    }

    /** Adds a pair to the relation: the parent's {@code parentField} must also equal the child's {@code childField}. */
    public Lookup and(String parentField, String childField) {
        Map<String, String> pairs = new LinkedHashMap<>(relation);
        pairs.put(parentField, childField);
        return new Lookup(kind, path, pairs, arrayKeys, stages, inner);
    }

    /** For an array: the child fields that order its elements, before the child's primary key (which breaks ties). */
    public Lookup arrayKeys(String... fields) {
        return new Lookup(kind, path, relation, fields == null ? List.of() : Arrays.asList(fields.clone()),
                stages, inner);
    }

    /** Drops a parent row that has no matching child (for an array: no child at all); it is deleted downstream. */
    public Lookup inner() {
        return new Lookup(kind, path, relation, arrayKeys, stages, true);
    }

    /** Embeds only the child rows for which the condition holds (syntax of {@link FlowStageStep#filter(String)}). */
    public Lookup filter(String condition) {
        return with(new FilterStage(nextName(FilterStage.TYPE), condition));
    }

    /** Embeds only these fields of each child row. */
    public Lookup include(String... fields) {
        return with(new IncludeStage(nextName(IncludeStage.TYPE), fields == null ? null : Arrays.asList(fields)));
    }

    /** Leaves these fields out of each embedded child row. */
    public Lookup exclude(String... fields) {
        return with(new ExcludeStage(nextName(ExcludeStage.TYPE), fields == null ? null : Arrays.asList(fields)));
    }

    /** Renames fields of each child row before it is embedded; a relation names the child fields by their new names. */
    public Lookup renameFields(Map<String, String> renames) {
        return with(new RenameStage(nextName(RenameStage.TYPE), renames));
    }

    /** Adds a computed field to each child row (syntax of {@link FlowStageStep#addFields(String, String)}). */
    public Lookup addFields(String field, String expression) {
        Map<String, String> one = new LinkedHashMap<>();
        one.put(field, expression);
        return with(new AddFieldsStage(nextName(AddFieldsStage.TYPE), one));
    }

    /** Runs a Python function on each child row before it is embedded, as {@link FlowStageStep#py(String)} does. */
    public Lookup py(String source) {
        return with(new PythonStage(nextName(PythonStage.TYPE), source == null ? null : source.stripIndent(), false,
                null));
    }

    /** Runs a JavaScript function on each child row before it is embedded, as {@link FlowStageStep#js(String)} does. */
    public Lookup js(String source) {
        return with(new JavaScriptStage(nextName(JavaScriptStage.TYPE), source, false, null));
    }

    /** This lookup as a flow stage reading {@code table}. */
    LookupStage toStage(String name, String table) {
        return new LookupStage(name, table, path, kind, relation, arrayKeys, stages, inner);
    }

    private Lookup with(StageSpec stage) {
        List<StageSpec> more = new ArrayList<>(stages);
        more.add(stage);
        return new Lookup(kind, path, relation, arrayKeys, List.copyOf(more), inner);
    }

    private String nextName(String type) {
        return type + "#" + (stages.stream().filter(s -> s.type().equals(type)).count() + 1);
    }

    @Override
    public String toString() {
        return "Lookup" + toStage("lookup", "?").toString();
    }
}

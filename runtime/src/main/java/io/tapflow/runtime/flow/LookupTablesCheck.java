package io.tapflow.runtime.flow;

import io.tapflow.FlowDefinitionException;
import io.tapflow.connect.mysql.MySqlTable;
import io.tapflow.spec.AddFieldsStage;
import io.tapflow.spec.ExcludeStage;
import io.tapflow.spec.FilterStage;
import io.tapflow.spec.FlowSpec;
import io.tapflow.spec.IncludeStage;
import io.tapflow.spec.JavaFilterStage;
import io.tapflow.spec.LookupStage;
import io.tapflow.spec.RenameStage;
import io.tapflow.spec.StageSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a flow's lookups against the tables they read, when the flow is saved: what {@code FlowChecker} cannot
 * know when the flow is defined, because it needs the tables' columns and keys.
 *
 * <p>For each lookup, in flow order: the looked-up (child) table has a primary key; the relation's child fields
 * and the array keys are fields of the child rows as the lookup's stages leave them; the relation's parent fields
 * are fields of the parent rows (the flow's table through the stages before the lookup, with what earlier lookups
 * added; for a nested lookup, the rows of the enclosing lookup); a path does not collide with a field of the
 * parent rows; and a root merge does not bring a field the parent rows already have, other than a relation field
 * of the same name on both sides (the parent's value would silently win). Where a Python, JavaScript or Java
 * function stage makes the fields unknown, the checks that need them are skipped.
 *
 * <p>Pure: the tables are given, as {@link io.tapflow.connect.mysql.MySqlSourceCheck#describe} found them.
 */
public final class LookupTablesCheck {

    private final FlowSpec flow;
    private final Map<String, MySqlTable> tables;
    /** The fields of each lookup's child rows, by path; {@code null} once a function made them unknown. */
    private final Map<String, Set<String>> childRows = new HashMap<>();
    /** How messages name the rows of each lookup, by path. */
    private final Map<String, String> childRowsNamed = new HashMap<>();
    /** The fields of the flow's rows at the stage being checked; {@code null} once unknown. */
    private Set<String> rows;
    private final String rowsNamed;

    private LookupTablesCheck(FlowSpec flow, MySqlTable flowTable, Map<String, MySqlTable> tables) {
        this.flow = flow;
        this.tables = tables;
        this.rows = new LinkedHashSet<>(flowTable.columns());
        this.rowsNamed = "the rows of " + flow.source().table();
    }

    /**
     * Checks every lookup of a flow.
     *
     * @param flow a flow that passed its definition checks
     * @param flowTable the table the flow reads
     * @param tables each looked-up table, by the lookup's {@link LookupStage#table()}
     * @throws FlowDefinitionException naming the flow, the lookup stage, what is wrong and the fix
     * @throws IllegalArgumentException if a looked-up table is missing from {@code tables}
     */
    public static void check(FlowSpec flow, MySqlTable flowTable, Map<String, MySqlTable> tables) {
        new LookupTablesCheck(flow, flowTable, tables).run();
    }

    private void run() {
        for (StageSpec stage : flow.stages()) {
            if (stage instanceof LookupStage lookup) {
                lookup(lookup);
            } else {
                rows = through(rows, stage);
            }
        }
    }

    private void lookup(LookupStage lookup) {
        String stage = lookup.name();
        MySqlTable child = tables.get(lookup.table());
        if (child == null) {
            throw new IllegalArgumentException("no table given for lookup '" + stage + "' of " + lookup.table());
        }
        if (child.primaryKey().isEmpty()) {
            throw fail(stage, "table " + lookup.table() + " has no primary key (child without primary key), and a"
                    + " looked-up table's rows are keyed by it: a change to a child row finds the row it replaces by"
                    + " its key. Fix: add one (ALTER TABLE " + child.name() + " ADD PRIMARY KEY (...)), or look up"
                    + " another table. arrayKeys only order an array's elements: in this build they do not stand in"
                    + " for a primary key.");
        }
        Set<String> childFields = new LinkedHashSet<>(child.columns());
        for (StageSpec childStage : lookup.stages()) {
            childFields = through(childFields, childStage);
        }
        String childNamed = "the rows of " + lookup.table() + (lookup.stages().isEmpty() ? ""
                : " as the lookup's stages leave them");
        String parentPath = lookup.parentPath();
        Set<String> parentFields = parentPath.isEmpty() ? rows : childRows.get(parentPath);
        String parentNamed = parentPath.isEmpty() ? rowsNamed + " as the stages before this lookup leave them"
                : childRowsNamed.get(parentPath);

        for (Map.Entry<String, String> pair : lookup.relation().entrySet()) {
            if (parentFields != null && !parentFields.contains(pair.getKey())) {
                throw fail(stage, "the relation joins on parent field '" + pair.getKey() + "', which " + parentNamed
                        + " do not have (their fields: " + listed(parentFields) + "). Fix: name one of those fields"
                        + " first in relation(parentField, childField).");
            }
            if (childFields != null && !childFields.contains(pair.getValue())) {
                throw fail(stage, "the relation joins on child field '" + pair.getValue() + "', which " + childNamed
                        + " do not have (their fields: " + listed(childFields) + "). Fix: name one of those fields"
                        + " second in relation(parentField, childField).");
            }
        }
        for (String key : lookup.arrayKeys()) {
            if (childFields != null && !childFields.contains(key)) {
                throw fail(stage, "array key '" + key + "' is not a field of " + childNamed + " (their fields: "
                        + listed(childFields) + "). Fix: order the array by some of those fields, or leave arrayKeys"
                        + " out to order it by the table's primary key.");
            }
        }
        String field = lookup.field();
        if (!lookup.path().isEmpty()) {
            if (parentFields != null && parentFields.contains(field)) {
                throw fail(stage, "lookup path '" + lookup.path() + "' collides with field '" + field + "' of "
                        + parentNamed + ": the embedded " + (lookup.isArray() ? "list" : "row") + " would replace it."
                        + " Fix: choose another path, such as '" + field + "_" + (lookup.isArray() ? "list" : "doc")
                        + "', or exclude or rename '" + field + "' before this lookup.");
            }
        } else if (parentFields != null && childFields != null) {
            List<String> clashes = new ArrayList<>();
            for (String name : childFields) {
                if (parentFields.contains(name) && !name.equals(lookup.relation().get(name))) {
                    clashes.add(name);
                }
            }
            if (!clashes.isEmpty()) {
                String quoted = clashes.stream().map(name -> "\"" + name + "\"").collect(Collectors.joining(", "));
                throw fail(stage, "merged at the root, " + childNamed + " bring " + (clashes.size() == 1 ? "field "
                        : "fields ") + listed(clashes) + ", which " + parentNamed + " already have: the parent's"
                        + " value would hide the looked-up one. Fix: exclude " + (clashes.size() == 1 ? "it" : "them")
                        + " in the lookup (Lookup.relation(...).exclude(" + quoted + ")), or rename "
                        + (clashes.size() == 1 ? "it" : "them") + " there (.renameFields(Map.of(\"" + clashes.getFirst()
                        + "\", \"" + prefix(lookup) + clashes.getFirst() + "\"))).");
            }
        }

        childRows.put(lookup.path(), childFields);
        childRowsNamed.put(lookup.path(), "the rows of lookup '" + stage + "' (" + lookup.table() + ")");
        if (lookup.path().isEmpty()) {
            rows = rows == null || childFields == null ? null : union(rows, childFields);
        } else if (parentFields != null) {
            parentFields.add(field);
        }
    }

    /** The fields rows have after a stage; {@code null} when they cannot be known. */
    private static Set<String> through(Set<String> fields, StageSpec stage) {
        if (fields == null) {
            return null;
        }
        return switch (stage) {
            case ExcludeStage exclude -> {
                Set<String> kept = new LinkedHashSet<>(fields);
                exclude.fields().forEach(kept::remove);
                yield kept;
            }
            case IncludeStage include -> {
                Set<String> kept = new LinkedHashSet<>(fields);
                kept.retainAll(include.fields());
                yield kept;
            }
            case RenameStage rename -> {
                Set<String> renamed = new LinkedHashSet<>();
                fields.forEach(field -> renamed.add(rename.fields().getOrDefault(field, field)));
                yield renamed;
            }
            case AddFieldsStage add -> union(fields, add.fields().keySet());
            case FilterStage filter -> fields;
            case JavaFilterStage filter -> fields;
            // A function (Python, JavaScript, Java map) may change any field.
            default -> null;
        };
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** A prefix for renamed child fields, from the looked-up table's name: {@code customer_} for ecom_customers. */
    private static String prefix(LookupStage lookup) {
        String table = lookup.tableName();
        String base = table.substring(table.lastIndexOf('_') + 1);
        return (base.endsWith("s") && base.length() > 1 ? base.substring(0, base.length() - 1) : base) + "_";
    }

    private static String listed(java.util.Collection<String> fields) {
        return fields.isEmpty() ? "none" : String.join(", ", fields);
    }

    private FlowDefinitionException fail(String stage, String problem) {
        return new FlowDefinitionException(flow.name(), stage, problem);
    }
}

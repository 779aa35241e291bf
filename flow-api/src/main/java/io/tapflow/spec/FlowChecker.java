package io.tapflow.spec;

import io.tapflow.FlowDefinitionException;
import io.tapflow.expression.ExpressionSyntaxException;
import io.tapflow.expression.FieldExpression;
import io.tapflow.udf.UdfFunction;
import io.tapflow.udf.UdfLanguage;
import io.tapflow.udf.UdfSyntaxException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a flow definition stage by stage, as it is built, and refuses what cannot work.
 *
 * <p>No table schema is known when a flow is defined, so the checker reasons only about what
 * the flow itself says: which fields earlier stages removed, renamed, kept or added. It refuses
 * contradictions (a field renamed twice, included and excluded, used after it was renamed away)
 * and malformed names and expressions; every message names the flow, the stage and the fix.
 *
 * <p>Most callers want {@link FlowSpecs#validate(FlowSpec)}; the fluent {@code Flow} API feeds
 * this checker one call at a time so that the call that is wrong is the one that throws.
 */
public final class FlowChecker {

    /** Flow and data source names become Kafka topic names, so they keep to Kafka's characters. */
    private static final Pattern TOPIC_SAFE = Pattern.compile("[A-Za-z0-9_\\-]+");
    private static final Pattern JAVA_CLASS =
            Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");
    private static final Pattern FLOW_NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final int MAX_NAME = 120;
    /** Names TapFlow gives its own topology nodes start with this. */
    private static final String RESERVED_PREFIX = "tapflow:";

    private final String flow;
    private final Set<String> stageNames = new HashSet<>();
    private final Map<String, Integer> stageCounts = new HashMap<>();
    /** Fields earlier stages took away, with the sentence that says how. */
    private final Map<String, String> gone = new HashMap<>();
    /** Fields the flow itself put there (rename targets, added fields), with the stage that did. */
    private final Map<String, String> made = new HashMap<>();
    /** Fields an include kept, with that include's name. */
    private final Map<String, String> kept = new HashMap<>();
    /** Once an include ran, the row holds only known fields. */
    private String closedBy;
    private EndpointSpec source;
    /** For each lookup path, what the checks know of its child rows (for nested lookups' relations). */
    private final Map<String, FlowChecker> lookupRows = new HashMap<>();
    /** The first lookup stage, once there is one. */
    private String firstLookup;

    /**
     * Starts checking a flow.
     *
     * @throws FlowDefinitionException if the name is empty, too long or not usable in topic names
     */
    public FlowChecker(String flowName) {
        if (flowName == null || flowName.isBlank()) {
            throw new FlowDefinitionException(null, null,
                    "a flow needs a name. Fix: Flow.named(\"orders_to_mongo\").");
        }
        if (flowName.length() > MAX_NAME || !FLOW_NAME.matcher(flowName).matches()) {
            throw new FlowDefinitionException(null, null, "flow name '" + flowName + "' is not allowed: it names"
                    + " the flow's Kafka topics, so use at most " + MAX_NAME
                    + " letters, digits, '.', '_' or '-'. Fix: for example '" + suggestName(flowName) + "'.");
        }
        this.flow = flowName;
    }

    /** The default name for the next stage of this type: {@code <type>#<n>}. */
    public String nextDefaultName(String type) {
        return type + "#" + (stageCounts.getOrDefault(type, 0) + 1);
    }

    /** Checks the table the flow reads, {@code <datasource>.<table>}. */
    public void source(EndpointSpec endpoint) {
        String name = endpoint.name() == null ? "read" : endpoint.name();
        checkTableRef(name, endpoint.table(), "readFrom", "MySQL_ECommerce.ecom_orders");
        if (!endpoint.pk().isEmpty()) {
            throw fail(name, "a source takes no 'pk': it is keyed by its table's primary key. Fix: move the 'pk'"
                    + " to the target.");
        }
        claimStageName(name, "read");
        this.source = endpoint;
    }

    /** Checks the table or collection the flow writes, {@code <datasource>.<table>}. */
    public void target(EndpointSpec endpoint) {
        String name = endpoint.name() == null ? "write" : endpoint.name();
        checkTableRef(name, endpoint.table(), "writeTo", "MongoDB_ECommerce.orders");
        if (source != null && source.table().equals(endpoint.table())) {
            throw fail(name, "the flow writes to '" + endpoint.table() + "', the table it reads: every row"
                    + " written would be read again. Fix: write to another table or collection.");
        }
        claimStageName(name, "write");
        if (firstLookup != null && !endpoint.pk().isEmpty()) {
            throw fail(name, "a flow with lookups ('" + firstLookup + "') writes whole documents keyed by the source's"
                    + " primary key; keying them by other fields is not supported. Fix: drop the PrimaryKey.");
        }
        targetKey(name, endpoint.pk());
    }

    /**
     * The fields a target is keyed by must reach it, and come from source columns: a delete arrives with the
     * row as the source had it, so a key computed by {@code addFields} could not be found again.
     */
    private void targetKey(String stage, List<String> pk) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String field : pk) {
            if (field == null || field.isBlank()) {
                throw fail(stage, "a key field is empty. Fix: name the fields, as in PrimaryKey.of(\"customer_id\").");
            }
            if (!seen.add(field)) {
                throw fail(stage, "key field '" + field + "' is listed twice. Fix: list it once.");
            }
            requirePresent(stage, field, "key the target by");
            String made = this.made.get(field);
            if (made != null && made.startsWith("added by")) {
                throw fail(stage, "cannot key the target by field '" + field + "': it is " + made + ", and a delete"
                        + " arrives with the row as the source had it, where '" + field + "' is not. Fix: key by"
                        + " source columns (renamed or not).");
            }
        }
    }

    /** Checks one stage against everything the stages before it did, then records its effect. */
    public void stage(StageSpec stage) {
        if (stage == null) {
            throw new FlowDefinitionException(flow, null, "a stage is missing (null). Fix: remove the empty entry.");
        }
        String name = stage.name();
        checkStageName(name);
        switch (stage) {
            case ExcludeStage exclude -> exclude(name, exclude.fields());
            case IncludeStage include -> include(name, include.fields());
            case RenameStage rename -> rename(name, rename.fields());
            case FilterStage filter -> expression(name, filter.expression(), "filter");
            case AddFieldsStage add -> addFields(name, add.fields());
            case PythonStage py -> udf(name, UdfLanguage.PYTHON, py);
            case JavaScriptStage js -> udf(name, UdfLanguage.JAVASCRIPT, js);
            case MapStage map -> {
                javaStage(name, map, "map", "RecordFunction");
                fieldsUnknown();
            }
            case JavaFilterStage filter -> javaStage(name, filter, "filter", "RecordPredicate");
            case LookupStage lookup -> lookup(name, lookup);
        }
        claimStageName(name, stage.type());
    }

    /**
     * Parses the function's source (a syntax error is refused with its line and column) and checks that it
     * defines {@code process}. The first Python check in a JVM starts GraalPy, which takes a few seconds;
     * later checks take about a millisecond.
     */
    private void udf(String stage, UdfLanguage language, UdfStageSpec spec) {
        String source = spec.source();
        if (source == null || source.isBlank()) {
            throw fail(stage, "the " + language.displayName() + " stage has no source. Fix: pass the function, for"
                    + " example " + (language == UdfLanguage.PYTHON ? ".py(\"def process(record, context):\\n"
                    + "    return record\")" : ".js(\"function process(record, context) { return record; }\")") + ".");
        }
        if (spec.timeLimitMs() != null && spec.timeLimitMs() <= 0) {
            throw fail(stage, "the time limit must be positive, not " + spec.timeLimitMs() + " ms. Fix: for example"
                    + " UdfOptions.defaults().timeLimit(Duration.ofSeconds(1)).");
        }
        try {
            UdfFunction.check(language, stage, source);
        } catch (UdfSyntaxException e) {
            throw fail(stage, "the " + language.displayName() + " source has a syntax error at line " + e.line()
                    + ", column " + e.column() + ": " + e.getMessage() + ". Fix: correct the source (lines count from"
                    + " its first line).");
        } catch (IllegalArgumentException e) {
            throw fail(stage, e.getMessage());
        }
        fieldsUnknown();
    }

    /**
     * Checks a lookup: its table, kind and path (a nested path needs a lookup at its parent path; a path may not
     * collide with a field the flow made or another lookup's path), its child stages (checked as a flow of their
     * own), and its relation: parent fields present in the parent rows (for a nested lookup, in the enclosing
     * lookup's child rows), child fields and array keys present in the child rows after their stages.
     */
    private void lookup(String stage, LookupStage lookup) {
        checkTableRef(stage, lookup.table(), "lookup", "MySQL_ECommerce.ecom_customers");
        if (!LookupStage.OBJECT.equals(lookup.kind()) && !LookupStage.ARRAY.equals(lookup.kind())) {
            throw fail(stage, "lookup kind '" + lookup.kind() + "' is not one of 'object', 'array'. Fix: Lookup.object(path)"
                    + " for one child per row, Lookup.array(path) for a list of children.");
        }
        String path = lookup.path();
        if (path.isEmpty() && lookup.isArray()) {
            throw fail(stage, "an array lookup needs a path: the field its list goes to. Fix: for example"
                    + " Lookup.array(\"items\").relation(\"order_id\", \"order_id\").");
        }
        for (String segment : path.isEmpty() ? new String[0] : path.split("\\.", -1)) {
            if (segment.isBlank() || !segment.equals(segment.strip()) || segment.startsWith("$")) {
                throw fail(stage, "lookup path '" + path + "' has an empty segment, spaces around a segment, or a"
                        + " segment starting with '$'. Fix: use field names joined by dots, such as \"items.product\".");
            }
        }
        if (lookupRows.containsKey(path)) {
            throw fail(stage, "another lookup already embeds at path '" + (path.isEmpty() ? "(the root)" : path)
                    + "'" + (path.isEmpty() ? "" : ": the two would overwrite each other") + ". Fix: give this"
                    + " lookup its own path" + (path.isEmpty() ? ", e.g. Lookup.object(\"customer\")" : "") + ".");
        }
        String parentPath = lookup.parentPath();
        FlowChecker parentRows = this;
        if (!parentPath.isEmpty()) {
            parentRows = lookupRows.get(parentPath);
            if (parentRows == null) {
                throw fail(stage, "nested path '" + path + "' needs a lookup at path '" + parentPath + "' before this"
                        + " one, and there is none" + (lookupRows.isEmpty() ? "" : " (lookup paths so far: "
                        + new java.util.TreeSet<>(lookupRows.keySet()) + ")") + ". Fix: add that lookup first, or"
                        + " use a path without a dot.");
            }
        }
        if (lookup.relation().isEmpty()) {
            throw fail(stage, "the lookup has no relation. Fix: Lookup.array(\"items\").relation(\"order_id\","
                    + " \"order_id\"): the parent's field, then the child's.");
        }
        if (!lookup.isArray() && !lookup.arrayKeys().isEmpty()) {
            throw fail(stage, "arrayKeys order the elements of an array lookup; this one is an object. Fix: drop"
                    + " arrayKeys, or use Lookup.array(path).");
        }
        FlowChecker childRows = new FlowChecker(flow);
        for (StageSpec child : lookup.stages()) {
            if (child instanceof LookupStage) {
                throw fail(stage, "a lookup cannot hold a lookup. Fix: add it to the flow with a nested path, such as"
                        + " Lookup.object(\"items.product\").");
            }
            childRows.stage(child);
        }
        for (Map.Entry<String, String> pair : lookup.relation().entrySet()) {
            checkFieldName(stage, pair.getKey(), "the lookup's relation");
            checkFieldName(stage, pair.getValue(), "the lookup's relation");
            parentRows.requirePresent(stage, pair.getKey(), "join on parent");
            childRows.requirePresent(stage, pair.getValue(), "join on child");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String key : lookup.arrayKeys()) {
            checkFieldName(stage, key, "arrayKeys");
            if (!seen.add(key)) {
                throw fail(stage, "array key '" + key + "' is listed twice. Fix: list it once.");
            }
            childRows.requirePresent(stage, key, "order the array by");
        }
        String field = lookup.field();
        if (!path.isEmpty()) {
            if (lookup.relation().containsKey(field)) {
                throw fail(stage, "lookup path '" + path + "' would overwrite '" + field + "', the field it joins on."
                        + " Fix: choose another path, such as '" + field + "_doc'.");
            }
            String made = parentRows.made.get(field);
            if (made != null || parentRows.kept.containsKey(field)) {
                throw fail(stage, "lookup path '" + path + "' collides with field '" + field + "', which "
                        + (made != null ? "is " + made : "the rows keep (stage '" + parentRows.kept.get(field) + "')")
                        + ". Fix: choose another path, or rename or exclude that field first.");
            }
        }
        lookupRows.put(path, childRows);
        if (firstLookup == null) {
            firstLookup = stage;
        }
        if (path.isEmpty()) {
            // The child's fields join the row, and which they are is known only from the table.
            fieldsUnknown();
        } else {
            parentRows.gone.remove(field);
            parentRows.made.put(field, "embedded by lookup '" + stage + "'");
            if (parentRows.closedBy != null) {
                parentRows.kept.put(field, stage);
            }
        }
    }

    private void javaStage(String stage, JavaStageSpec spec, String verb, String type) {
        if (spec.instance() == null && (spec.className() == null || spec.className().isBlank())) {
            throw fail(stage, "the Java " + verb + " stage names no " + type + ". Fix: ." + verb
                    + "(MyFunction.class), or 'className' in the spec.");
        }
        if (spec.className() != null && !JAVA_CLASS.matcher(spec.className()).matches()) {
            throw fail(stage, "'" + spec.className() + "' is not a Java class name. Fix: give the binary name, for"
                    + " example com.acme.flows.Standardize.");
        }
    }

    /**
     * A function may read, change, add and remove any field, so what earlier stages did to the fields says
     * nothing about the rows after it: the field checks start again from scratch.
     */
    private void fieldsUnknown() {
        gone.clear();
        made.clear();
        kept.clear();
        closedBy = null;
    }

    /** Checks that the last stage, already accepted under {@code oldName}, may be called {@code newName}. */
    public void rename(String oldName, String newName) {
        checkStageName(newName);
        if (!oldName.equals(newName) && stageNames.contains(newName)) {
            throw fail(oldName, "another stage is already named '" + newName + "'. Fix: stage names are unique"
                    + " within a flow; choose another name.");
        }
        stageNames.remove(oldName);
        stageNames.add(newName);
        // Messages about earlier stages quote their names; keep those quotes true after a rename.
        String before = "'" + oldName + "'";
        String after = "'" + newName + "'";
        gone.replaceAll((field, reason) -> reason.replace(before, after));
        made.replaceAll((field, reason) -> reason.replace(before, after));
        kept.replaceAll((field, stage) -> stage.equals(oldName) ? newName : stage);
        if (oldName.equals(closedBy)) {
            closedBy = newName;
        }
    }

    /** Refuses a flow that was never given a target. */
    public void requireTarget(EndpointSpec target) {
        if (target == null) {
            throw new FlowDefinitionException(flow, null, "the flow has no target. Fix: add"
                    + " .writeTo(\"<datasource>.<table>\"), or a 'target' with a 'table' in the spec.");
        }
    }

    private void exclude(String stage, List<String> fields) {
        checkFieldList(stage, fields, "exclude");
        for (String field : fields) {
            if (kept.containsKey(field)) {
                throw fail(stage, "field '" + field + "' is both included (stage '" + kept.get(field)
                        + "') and excluded. Fix: drop it from one of the two.");
            }
            requirePresent(stage, field, "exclude");
        }
        for (String field : fields) {
            gone.put(field, "was removed by stage '" + stage + "'");
            made.remove(field);
        }
    }

    private void include(String stage, List<String> fields) {
        checkFieldList(stage, fields, "include");
        for (String field : fields) {
            String reason = gone.get(field);
            if (reason != null && reason.startsWith("was removed by")) {
                throw fail(stage, "field '" + field + "' is both excluded (it " + reason
                        + ") and included. Fix: drop it from one of the two.");
            }
            requirePresent(stage, field, "include");
        }
        for (String field : made.keySet()) {
            if (!fields.contains(field)) {
                gone.put(field, "is not kept by stage '" + stage + "' (include)");
            }
        }
        made.keySet().retainAll(fields);
        for (String field : fields) {
            kept.put(field, stage);
        }
        closedBy = stage;
    }

    private void rename(String stage, Map<String, String> renames) {
        if (renames == null || renames.isEmpty()) {
            throw fail(stage, "renameFields needs at least one {old: new} pair. Fix: for example"
                    + " renameFields(Map.of(\"order_purchase_timestamp\", \"purchase_timestamp\")).");
        }
        Map<String, String> targetOf = new HashMap<>();
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            String from = rename.getKey();
            String to = rename.getValue();
            checkFieldName(stage, from, "renameFields");
            checkFieldName(stage, to, "renameFields");
            if (from.equals(to)) {
                throw fail(stage, "field '" + from + "' is renamed to itself. Fix: remove that pair.");
            }
            String reason = gone.get(from);
            if (reason != null && reason.startsWith("was renamed")) {
                throw fail(stage, "field '" + from + "' is renamed twice: it " + reason + ", and to '" + to
                        + "' here. Fix: rename it once, to its final name.");
            }
            requirePresent(stage, from, "rename");
            String other = targetOf.put(to, from);
            if (other != null) {
                throw fail(stage, "fields '" + other + "' and '" + from + "' are both renamed to '" + to
                        + "'. Fix: give each its own name.");
            }
        }
        for (String to : targetOf.keySet()) {
            if (made.containsKey(to) && !renames.containsKey(to)) {
                throw fail(stage, "field '" + targetOf.get(to) + "' is renamed onto '" + to
                        + "', which already exists (" + made.get(to) + "). Fix: choose another name, or exclude '"
                        + to + "' before this stage.");
            }
        }
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            gone.put(rename.getKey(), "was renamed to '" + rename.getValue() + "' at stage '" + stage + "'");
            made.remove(rename.getKey());
            String keptBy = kept.remove(rename.getKey());
            if (keptBy != null) {
                kept.put(rename.getValue(), keptBy);
            }
        }
        for (String to : targetOf.keySet()) {
            gone.remove(to);
            made.put(to, "made by stage '" + stage + "'");
        }
    }

    private void addFields(String stage, Map<String, String> fields) {
        if (fields == null || fields.isEmpty()) {
            throw fail(stage, "addFields needs at least one field. Fix: for example"
                    + " addFields(\"is_late\", \"delivered_at > estimated_at\").");
        }
        for (Map.Entry<String, String> field : fields.entrySet()) {
            checkFieldName(stage, field.getKey(), "addFields");
            if (made.containsKey(field.getKey())) {
                throw fail(stage, "field '" + field.getKey() + "' already exists (" + made.get(field.getKey())
                        + "). Fix: choose another name, or exclude it before this stage.");
            }
            expression(stage, field.getValue(), "addFields '" + field.getKey() + "'");
        }
        for (String field : fields.keySet()) {
            gone.remove(field);
            made.put(field, "added by stage '" + stage + "'");
        }
    }

    private void expression(String stage, String text, String what) {
        if (text == null || text.isBlank()) {
            throw fail(stage, what + " needs an expression. Fix: for example \"order_status != 'canceled'\".");
        }
        FieldExpression parsed;
        try {
            parsed = FieldExpression.parse(text);
        } catch (ExpressionSyntaxException e) {
            throw fail(stage, "the " + what + " expression is malformed: " + e.getMessage());
        }
        for (String field : parsed.fields()) {
            String reason = gone.get(field);
            if (reason != null) {
                throw fail(stage, "the " + what + " expression uses field '" + field + "', which " + reason
                        + ". Fix: " + fixFor(field, reason));
            }
        }
    }

    private void requirePresent(String stage, String field, String verb) {
        String reason = gone.get(field);
        if (reason != null) {
            throw fail(stage, "cannot " + verb + " field '" + field + "': it " + reason + ". Fix: "
                    + fixFor(field, reason));
        }
        if (closedBy != null && !made.containsKey(field) && !kept.containsKey(field)) {
            throw fail(stage, "cannot " + verb + " field '" + field + "': stage '" + closedBy
                    + "' keeps only the fields it lists. Fix: add '" + field + "' to that include.");
        }
    }

    private static String fixFor(String field, String reason) {
        int quote = reason.indexOf("renamed to '");
        if (quote >= 0) {
            String newName = reason.substring(quote + 12, reason.indexOf('\'', quote + 12));
            return "use its new name '" + newName + "'.";
        }
        return "remove '" + field + "' here, or move this stage before the one that removes it.";
    }

    private void checkFieldList(String stage, List<String> fields, String verb) {
        if (fields == null || fields.isEmpty()) {
            throw fail(stage, verb + " needs at least one field name. Fix: for example " + verb
                    + "(\"order_delivered_carrier_date\").");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String field : fields) {
            checkFieldName(stage, field, verb);
            if (!seen.add(field)) {
                throw fail(stage, "field '" + field + "' is listed twice in " + verb + ". Fix: list it once.");
            }
        }
    }

    private void checkFieldName(String stage, String field, String verb) {
        if (field == null || field.isBlank()) {
            throw fail(stage, verb + " has an empty field name. Fix: name the field, for example \"customer_id\".");
        }
        if (!field.equals(field.strip())) {
            throw fail(stage, "field name '" + field + "' in " + verb
                    + " starts or ends with spaces. Fix: remove the spaces.");
        }
    }

    private void checkTableRef(String stage, String table, String verb, String example) {
        int dot = table == null ? -1 : table.indexOf('.');
        if (dot <= 0 || dot == table.length() - 1) {
            throw fail(stage, verb + " takes \"<datasource>.<table>\", not '" + table + "'. Fix: for example "
                    + verb + "(\"" + example + "\").");
        }
        String dataSource = table.substring(0, dot);
        if (!TOPIC_SAFE.matcher(dataSource).matches()) {
            throw fail(stage, "data source name '" + dataSource + "' in " + verb + " may use only letters,"
                    + " digits, '_' and '-'. Fix: use the name the data source was defined with.");
        }
    }

    private void checkStageName(String name) {
        if (name == null || name.isBlank()) {
            throw new FlowDefinitionException(flow, null, "a stage has an empty name. Fix: leave the name out to"
                    + " get the default, or pass a name such as .as(\"drop_delivery_dates\").");
        }
        if (name.startsWith(RESERVED_PREFIX)) {
            throw fail(name, "stage names starting with '" + RESERVED_PREFIX + "' are reserved for TapFlow's own"
                    + " nodes. Fix: choose another name.");
        }
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw fail(name, "stage names are at most " + MAX_NAME
                    + " printable characters. Fix: choose a shorter name.");
        }
    }

    private void claimStageName(String name, String type) {
        if (!stageNames.add(name)) {
            throw fail(name, "two stages are named '" + name + "'. Fix: stage names are unique within a flow;"
                    + " name one of them with .as(\"...\").");
        }
        stageCounts.merge(type, 1, Integer::sum);
    }

    private FlowDefinitionException fail(String stage, String problem) {
        return new FlowDefinitionException(flow, stage, problem);
    }

    private static String suggestName(String name) {
        String cleaned = name == null ? "" : name.strip().replaceAll("[^A-Za-z0-9_.\\-]+", "_");
        cleaned = cleaned.length() > MAX_NAME ? cleaned.substring(0, MAX_NAME) : cleaned;
        return cleaned.isEmpty() ? "orders_to_mongo" : cleaned;
    }
}

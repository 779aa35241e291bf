package io.tapflow;

import io.tapflow.spec.AddFieldsStage;
import io.tapflow.spec.EndpointSpec;
import io.tapflow.spec.ExcludeStage;
import io.tapflow.spec.FilterStage;
import io.tapflow.spec.FlowSpec;
import io.tapflow.spec.FlowSpecs;
import io.tapflow.spec.IncludeStage;
import io.tapflow.spec.JavaFilterStage;
import io.tapflow.spec.JavaScriptStage;
import io.tapflow.spec.LookupStage;
import io.tapflow.spec.MapStage;
import io.tapflow.spec.PythonStage;
import io.tapflow.spec.RenameStage;
import io.tapflow.spec.StageSpec;
import io.tapflow.spec.UdfStageSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a flow spec back as the Java chain that builds it ({@link Flow#show()}). */
final class FlowCode {

    private static final String INDENT = "\n    ";
    /** {@code Map.of} takes at most ten pairs; past that the chain uses {@code Map.ofEntries}. */
    private static final int MAP_OF_LIMIT = 10;

    private FlowCode() {
    }

    static String of(FlowSpec spec) {
        StringBuilder code = new StringBuilder("Flow.named(").append(literal(spec.name())).append(')');
        code.append(INDENT).append(".readFrom(").append(literal(spec.source().table())).append(')');
        nameIfNotDefault(code, spec.source(), "read:");
        Map<String, Integer> counts = new HashMap<>();
        for (StageSpec stage : spec.stages()) {
            code.append(INDENT).append('.').append(call(stage));
            int n = counts.merge(stage.type(), 1, Integer::sum);
            if (!stage.name().equals(stage.type() + "#" + n)) {
                code.append(".as(").append(literal(stage.name())).append(')');
            }
        }
        code.append(INDENT).append(".writeTo(").append(literal(spec.target().table()));
        if (!spec.target().pk().isEmpty()) {
            code.append(", PrimaryKey.of(").append(String.join(", ", spec.target().pk().stream().map(FlowCode::literal)
                    .toList())).append(')');
        }
        code.append(')');
        if (!spec.target().name().equals(FlowSpecs.defaultEndpointName("write:", spec.target().table()))) {
            // writeTo ends the chain, so a custom target name can only be kept in the spec.
            code.append(";  // target stage named ").append(literal(spec.target().name())).append(" in the spec");
            return code.toString();
        }
        return code.append(';').toString();
    }

    private static void nameIfNotDefault(StringBuilder code, EndpointSpec source, String prefix) {
        if (!source.name().equals(FlowSpecs.defaultEndpointName(prefix, source.table()))) {
            code.append(".as(").append(literal(source.name())).append(')');
        }
    }

    private static String call(StageSpec stage) {
        return switch (stage) {
            case ExcludeStage exclude -> "exclude(" + literals(exclude.fields()) + ")";
            case IncludeStage include -> "include(" + literals(include.fields()) + ")";
            case RenameStage rename -> "renameFields(" + map(rename.fields()) + ")";
            case FilterStage filter -> "filter(" + literal(filter.expression()) + ")";
            case AddFieldsStage add -> add.fields().size() == 1
                    ? "addFields(" + literal(add.fields().keySet().iterator().next()) + ", "
                            + literal(add.fields().values().iterator().next()) + ")"
                    : "addFields(" + map(add.fields()) + ")";
            case PythonStage py -> "py(" + source(py.source()) + options(py) + ")";
            case JavaScriptStage js -> "js(" + source(js.source()) + options(js) + ")";
            case MapStage map -> "map(" + (map.className() != null ? map.className().replace('$', '.') + ".class"
                    : "/* a Java function object: " + map.function().getClass().getName() + " */") + ")";
            case JavaFilterStage filter -> "filter(" + (filter.className() != null
                    ? filter.className().replace('$', '.') + ".class"
                    : "/* a Java predicate object: " + filter.predicate().getClass().getName() + " */") + ")";
            case LookupStage lookup -> "lookup(" + literal(lookup.table()) + ", " + lookup(lookup) + ")";
        };
    }

    /** The {@link Lookup} expression for a lookup stage. */
    private static String lookup(LookupStage lookup) {
        StringBuilder code = new StringBuilder("Lookup");
        var pairs = lookup.relation().entrySet().iterator();
        var first = pairs.next();
        if (lookup.path().isEmpty() && !lookup.isArray()) {
            code.append(".relation(");
        } else {
            code.append(lookup.isArray() ? ".array(" : ".object(").append(literal(lookup.path())).append(").relation(");
        }
        code.append(literal(first.getKey())).append(", ").append(literal(first.getValue())).append(')');
        pairs.forEachRemaining(pair -> code.append(".and(").append(literal(pair.getKey())).append(", ")
                .append(literal(pair.getValue())).append(')'));
        if (!lookup.arrayKeys().isEmpty()) {
            code.append(".arrayKeys(").append(literals(lookup.arrayKeys())).append(')');
        }
        Map<String, Integer> counts = new HashMap<>();
        for (StageSpec stage : lookup.stages()) {
            boolean expressible = switch (stage) {
                case PythonStage py -> !py.deletes() && py.timeLimitMs() == null;
                case JavaScriptStage js -> !js.deletes() && js.timeLimitMs() == null;
                case MapStage ignored -> false;
                case JavaFilterStage ignored -> false;
                default -> true;
            };
            int n = counts.merge(stage.type(), 1, Integer::sum);
            if (!expressible || !stage.name().equals(stage.type() + "#" + n)) {
                code.append("/* stage ").append(stage.name()).append(" (").append(stage.type())
                        .append(") as in the spec */");
            } else {
                code.append('.').append(call(stage));
            }
        }
        if (lookup.inner()) {
            code.append(".inner()");
        }
        return code.toString();
    }

    private static String options(UdfStageSpec udf) {
        if (!udf.deletes() && udf.timeLimitMs() == null) {
            return "";
        }
        StringBuilder options = new StringBuilder(", UdfOptions.defaults()");
        if (udf.deletes()) {
            options.append(".withDeletes()");
        }
        if (udf.timeLimitMs() != null) {
            options.append(".timeLimit(Duration.ofMillis(").append(udf.timeLimitMs()).append("))");
        }
        return options.toString();
    }

    /**
     * A function's source: a string literal for one line, a text block for several, indented under the call.
     * Text blocks drop trailing spaces and need a few escapes; the block reads back as exactly the source.
     */
    static String source(String text) {
        if (text.indexOf('\n') < 0 || text.indexOf('\r') >= 0) {
            return literal(text);
        }
        String pad = INDENT.substring(1) + "    ";
        StringBuilder block = new StringBuilder("\"\"\"");
        String[] lines = text.split("\n", -1);
        boolean endsWithNewline = text.endsWith("\n");
        int count = endsWithNewline ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            String line = lines[i].replace("\\", "\\\\").replace("\"\"\"", "\\\"\"\"");
            int end = line.length();
            while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
                end--;
            }
            if (end < line.length()) {
                // Text blocks strip trailing white space; \s keeps the last space, the rest stay before it.
                String trailing = line.substring(end);
                line = line.substring(0, end) + trailing.substring(0, trailing.length() - 1)
                        .replace("\t", "\\t") + (trailing.endsWith("\t") ? "\\t" : "\\s");
            }
            block.append('\n');
            if (!line.isEmpty()) {
                block.append(pad).append(line);
            }
            if (i == count - 1 && !endsWithNewline) {
                block.append('\\');
            }
        }
        return block.append('\n').append(pad).append("\"\"\"").toString();
    }

    private static String map(Map<String, String> pairs) {
        if (pairs.size() <= MAP_OF_LIMIT) {
            return "Map.of(" + pairs.entrySet().stream()
                    .map(e -> literal(e.getKey()) + ", " + literal(e.getValue()))
                    .collect(Collectors.joining(", ")) + ")";
        }
        return "Map.ofEntries(" + pairs.entrySet().stream()
                .map(e -> "Map.entry(" + literal(e.getKey()) + ", " + literal(e.getValue()) + ")")
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String literals(List<String> values) {
        return values.stream().map(FlowCode::literal).collect(Collectors.joining(", "));
    }

    static String literal(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

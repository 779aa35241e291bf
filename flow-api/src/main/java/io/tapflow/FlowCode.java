package io.tapflow;

import io.tapflow.spec.AddFieldsStage;
import io.tapflow.spec.EndpointSpec;
import io.tapflow.spec.ExcludeStage;
import io.tapflow.spec.FilterStage;
import io.tapflow.spec.FlowSpec;
import io.tapflow.spec.FlowSpecs;
import io.tapflow.spec.IncludeStage;
import io.tapflow.spec.RenameStage;
import io.tapflow.spec.StageSpec;
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
        };
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

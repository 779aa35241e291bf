package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.tapflow.FlowDefinitionException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads, writes and validates {@link FlowSpec}s as JSON and YAML, so flows can live in Git.
 *
 * <p>Reading always validates: a spec that the fluent API would refuse is refused here with the
 * same message. Stages without a name get their default name ({@code <type>#<n>}).
 */
public final class FlowSpecs {

    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final ObjectMapper YAML = configure(new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
            // Python and JavaScript sources read as code: a "|" block, line by line.
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build()));

    private FlowSpecs() {
    }

    /**
     * The spec as pretty-printed JSON.
     *
     * @throws FlowDefinitionException if a stage holds a Java function object (a lambda), which only the
     *     program that made it can run: name a class instead
     */
    public static String toJson(FlowSpec spec) {
        requireWritable(spec, "JSON");
        return write(JSON, spec);
    }

    /** A data source spec as pretty-printed JSON; it holds no secret values. */
    public static String toJson(DataSourceSpec spec) {
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write data source spec '" + spec.name() + "'", e);
        }
    }

    /**
     * Reads a data source spec written by {@link #toJson(DataSourceSpec)}.
     *
     * @throws io.tapflow.DataSourceDefinitionException if the text is not a data source spec
     */
    public static DataSourceSpec dataSourceFromJson(String json) {
        try {
            DataSourceSpec spec = JSON.readValue(json, DataSourceSpec.class);
            if (spec.formatVersion() != FlowSpec.FORMAT_VERSION) {
                throw new io.tapflow.DataSourceDefinitionException(spec.name(), "the spec has format version "
                        + spec.formatVersion() + ", and this TapFlow reads version " + FlowSpec.FORMAT_VERSION
                        + ". Fix: use the TapFlow version that wrote it.");
            }
            return spec;
        } catch (JsonProcessingException e) {
            throw new io.tapflow.DataSourceDefinitionException(null, "the JSON is not a data source spec: "
                    + e.getOriginalMessage() + " " + location(e) + ".");
        }
    }

    /**
     * The spec as YAML.
     *
     * @throws FlowDefinitionException if a stage holds a Java function object; see {@link #toJson(FlowSpec)}
     */
    public static String toYaml(FlowSpec spec) {
        requireWritable(spec, "YAML");
        return write(YAML, spec);
    }

    /**
     * Refuses a spec with a Java stage that holds an object rather than naming a class: the object (often a
     * lambda) exists only in the program that defined the flow, so the flow cannot be written or stored.
     *
     * @param what what the spec was to become ({@code JSON}, {@code YAML}, {@code the catalog})
     */
    public static void requireWritable(FlowSpec spec, String what) {
        for (StageSpec stage : spec.stages()) {
            if (stage instanceof JavaStageSpec java && java.className() == null) {
                boolean map = stage instanceof MapStage;
                throw new FlowDefinitionException(spec.name(), stage.name(), "the stage runs a Java "
                        + (map ? "function" : "predicate") + " object (" + java.instance().getClass().getName()
                        + "), which lives only in this program, so the flow cannot be written as " + what
                        + ". Fix: implement " + (map ? "RecordFunction" : "RecordPredicate") + " in a public class"
                        + " with a public no-argument constructor and pass the class: ." + (map ? "map" : "filter")
                        + "(MyFunction.class); or run the flow from this program only.");
            }
        }
    }

    /**
     * Reads and validates a spec written as JSON.
     *
     * @throws FlowDefinitionException if the text is not a valid flow spec; the message says where
     */
    public static FlowSpec fromJson(String json) {
        return validate(read(JSON, json, "JSON"));
    }

    /**
     * Reads and validates a spec written as YAML.
     *
     * @throws FlowDefinitionException if the text is not a valid flow spec; the message says where
     */
    public static FlowSpec fromYaml(String yaml) {
        return validate(read(YAML, yaml, "YAML"));
    }

    /**
     * Checks a whole spec and gives every unnamed stage its default name.
     *
     * @return the spec, with default names filled in
     * @throws FlowDefinitionException naming the flow, the stage and the fix for the first problem
     */
    public static FlowSpec validate(FlowSpec spec) {
        if (spec == null) {
            throw new FlowDefinitionException(null, null, "the flow spec is empty. Fix: write a spec with"
                    + " 'name', 'source', 'stages' and 'target'.");
        }
        if (spec.formatVersion() != FlowSpec.FORMAT_VERSION) {
            throw new FlowDefinitionException(spec.name(), null, "the spec has format version "
                    + spec.formatVersion() + ", and this TapFlow reads version " + FlowSpec.FORMAT_VERSION
                    + ". Fix: set formatVersion: " + FlowSpec.FORMAT_VERSION
                    + ", or use the TapFlow version that wrote it.");
        }
        FlowChecker checker = new FlowChecker(spec.name());
        if (spec.source() == null) {
            throw new FlowDefinitionException(spec.name(), null, "the flow has no source. Fix: add"
                    + " .readFrom(\"<datasource>.<table>\"), or a 'source' with a 'table' in the spec.");
        }
        EndpointSpec source = named(spec.source(), "read:");
        checker.source(source);
        List<StageSpec> stages = new ArrayList<>();
        for (StageSpec stage : spec.stages()) {
            StageSpec named = stage != null && stage.name() == null
                    ? stage.withName(checker.nextDefaultName(stage.type())) : stage;
            if (named instanceof LookupStage lookup) {
                named = withChildNames(lookup);
            }
            checker.stage(named);
            stages.add(named);
        }
        checker.requireTarget(spec.target());
        EndpointSpec target = named(spec.target(), "write:");
        checker.target(target);
        return new FlowSpec(spec.formatVersion(), spec.name(), source, stages, target);
    }

    /** A lookup whose unnamed child stages get their default names, counted within the lookup. */
    private static LookupStage withChildNames(LookupStage lookup) {
        List<StageSpec> children = new ArrayList<>();
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        for (StageSpec child : lookup.stages()) {
            if (child != null) {
                int n = counts.merge(child.type(), 1, Integer::sum);
                child = child.name() == null ? child.withName(child.type() + "#" + n) : child;
            }
            children.add(child);
        }
        return new LookupStage(lookup.name(), lookup.table(), lookup.path(), lookup.kind(), lookup.relation(),
                lookup.arrayKeys(), children, lookup.inner());
    }

    private static EndpointSpec named(EndpointSpec endpoint, String prefix) {
        if (endpoint.name() != null) {
            return endpoint;
        }
        return new EndpointSpec(defaultEndpointName(prefix, endpoint.table()), endpoint.table(), endpoint.pk());
    }

    /** {@code read:<table>} or {@code write:<table>} for a {@code <datasource>.<table>} reference. */
    public static String defaultEndpointName(String prefix, String table) {
        int dot = table == null ? -1 : table.indexOf('.');
        return prefix + (dot < 0 ? String.valueOf(table) : table.substring(dot + 1));
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    private static String write(ObjectMapper mapper, FlowSpec spec) {
        try {
            return mapper.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write flow spec '" + spec.name() + "'", e);
        }
    }

    private static FlowSpec read(ObjectMapper mapper, String text, String format) {
        try {
            return mapper.readValue(text, FlowSpec.class);
        } catch (InvalidTypeIdException e) {
            throw new FlowDefinitionException(null, null, "unknown stage type '" + e.getTypeId() + "' "
                    + location(e) + ". Fix: use one of exclude, include, rename, filter, addFields, py, js, map,"
                    + " javaFilter, lookup.");
        } catch (UnrecognizedPropertyException e) {
            throw new FlowDefinitionException(null, null, "unknown key '" + e.getPropertyName() + "' "
                    + location(e) + ". Fix: the keys are " + e.getKnownPropertyIds() + ".");
        } catch (JsonProcessingException e) {
            throw new FlowDefinitionException(null, null, "the " + format + " is not a flow spec: "
                    + e.getOriginalMessage() + " " + location(e) + ".");
        }
    }

    private static String location(JsonProcessingException e) {
        var at = e.getLocation();
        String path = e instanceof JsonMappingException mapping ? mapping.getPathReference() : null;
        StringBuilder where = new StringBuilder();
        if (at != null && at.getLineNr() > 0) {
            where.append("at line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
        }
        if (path != null && !path.isEmpty()) {
            where.append(where.isEmpty() ? "at " : " (").append(simplify(path)).append(where.isEmpty() ? "" : ")");
        }
        return where.toString();
    }

    private static String simplify(String jacksonPath) {
        return jacksonPath.replaceAll("[a-zA-Z.]*FlowSpec", "spec").replaceAll("\\[\"([^\"]*)\"\\]", ".$1");
    }
}

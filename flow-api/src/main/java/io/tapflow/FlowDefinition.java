package io.tapflow;

import io.tapflow.spec.AddFieldsStage;
import io.tapflow.spec.EndpointSpec;
import io.tapflow.spec.ExcludeStage;
import io.tapflow.spec.FilterStage;
import io.tapflow.spec.FlowChecker;
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
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fluent builder behind {@link Flow#named(String)}; checks each call as it is made. */
final class FlowDefinition implements FlowReadStep, FlowStageStep {

    private final String name;
    private final FlowChecker checker;
    private final List<StageSpec> stages = new ArrayList<>();
    private EndpointSpec source;
    private boolean lastIsSource;

    FlowDefinition(String name) {
        this.checker = new FlowChecker(name);
        this.name = name;
    }

    @Override
    public FlowStageStep readFrom(String table) {
        EndpointSpec endpoint = new EndpointSpec(FlowSpecs.defaultEndpointName("read:", table), table);
        checker.source(endpoint);
        source = endpoint;
        lastIsSource = true;
        return this;
    }

    @Override
    public FlowStageStep exclude(String... fields) {
        return add(new ExcludeStage(checker.nextDefaultName(ExcludeStage.TYPE), list(fields)));
    }

    @Override
    public FlowStageStep include(String... fields) {
        return add(new IncludeStage(checker.nextDefaultName(IncludeStage.TYPE), list(fields)));
    }

    @Override
    public FlowStageStep renameFields(Map<String, String> renames) {
        return add(new RenameStage(checker.nextDefaultName(RenameStage.TYPE), renames));
    }

    @Override
    public FlowStageStep filter(String condition) {
        return add(new FilterStage(checker.nextDefaultName(FilterStage.TYPE), condition));
    }

    @Override
    public FlowStageStep addFields(String field, String expression) {
        Map<String, String> one = new LinkedHashMap<>();
        one.put(field, expression);
        return addFields(one);
    }

    @Override
    public FlowStageStep addFields(Map<String, String> fields) {
        return add(new AddFieldsStage(checker.nextDefaultName(AddFieldsStage.TYPE), fields));
    }

    @Override
    public FlowStageStep py(String source) {
        return py(source, UdfOptions.defaults());
    }

    @Override
    public FlowStageStep py(String source, UdfOptions options) {
        // Python cares about indentation: a source indented as a whole (inside a Java text block or a method)
        // is moved to the left margin, as textwrap.dedent does.
        String text = source == null ? null : source.stripIndent();
        return add(new PythonStage(checker.nextDefaultName(PythonStage.TYPE), text, options.deletes(),
                millis(options)));
    }

    @Override
    public FlowStageStep py(Path file) {
        return py(file, UdfOptions.defaults());
    }

    @Override
    public FlowStageStep py(Path file, UdfOptions options) {
        return py(read(file, PythonStage.TYPE), options);
    }

    @Override
    public FlowStageStep js(String source) {
        return js(source, UdfOptions.defaults());
    }

    @Override
    public FlowStageStep js(String source, UdfOptions options) {
        return add(new JavaScriptStage(checker.nextDefaultName(JavaScriptStage.TYPE), source, options.deletes(),
                millis(options)));
    }

    @Override
    public FlowStageStep js(Path file) {
        return js(file, UdfOptions.defaults());
    }

    @Override
    public FlowStageStep js(Path file, UdfOptions options) {
        return js(read(file, JavaScriptStage.TYPE), options);
    }

    @Override
    public FlowStageStep map(RecordFunction function) {
        String stage = checker.nextDefaultName(MapStage.TYPE);
        if (function == null) {
            throw new FlowDefinitionException(name, stage, "map needs a function. Fix: .map(row -> row.with(\"source\","
                    + " \"crm\")).");
        }
        return add(new MapStage(stage, null, function));
    }

    @Override
    public FlowStageStep map(Class<? extends RecordFunction> functionClass) {
        String stage = checker.nextDefaultName(MapStage.TYPE);
        return add(new MapStage(stage, instantiable(functionClass, stage), null));
    }

    @Override
    public FlowStageStep filter(RecordPredicate predicate) {
        String stage = checker.nextDefaultName(JavaFilterStage.TYPE);
        if (predicate == null) {
            throw new FlowDefinitionException(name, stage, "filter needs a predicate. Fix: .filter(row ->"
                    + " row.get(\"customer_id\") != null).");
        }
        return add(new JavaFilterStage(stage, null, predicate));
    }

    @Override
    public FlowStageStep filter(Class<? extends RecordPredicate> predicateClass) {
        String stage = checker.nextDefaultName(JavaFilterStage.TYPE);
        return add(new JavaFilterStage(stage, instantiable(predicateClass, stage), null));
    }

    @Override
    public FlowStageStep lookup(String table, Lookup lookup) {
        String stage = checker.nextDefaultName(LookupStage.TYPE);
        if (lookup == null) {
            throw new FlowDefinitionException(name, stage, "lookup needs a Lookup. Fix: for example"
                    + " .lookup(\"MySQL_ECommerce.ecom_customers\", Lookup.relation(\"customer_id\", \"customer_id\")).");
        }
        return add(lookup.toStage(stage, table));
    }

    private String instantiable(Class<?> type, String stage) {
        if (type == null) {
            throw new FlowDefinitionException(name, stage, "no class given. Fix: pass the class, e.g. MyFunction.class.");
        }
        boolean inner = type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers());
        boolean publicConstructor;
        try {
            publicConstructor = Modifier.isPublic(type.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            publicConstructor = false;
        }
        if (!Modifier.isPublic(type.getModifiers()) || type.isAnonymousClass() || type.isHidden() || inner
                || Modifier.isAbstract(type.getModifiers()) || !publicConstructor) {
            throw new FlowDefinitionException(name, stage, "class " + type.getName() + " cannot be created by name:"
                    + " it needs to be a public, concrete, top-level (or static nested) class with a public"
                    + " no-argument constructor. Fix: make it so, or pass an object instead of the class.");
        }
        return type.getName();
    }

    private String read(Path file, String type) {
        String stage = checker.nextDefaultName(type);
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            throw new FlowDefinitionException(name, stage, "cannot read the source file '" + file + "': " + e
                    + ". Fix: give a readable file, or the source as a string.");
        }
    }

    private static Long millis(UdfOptions options) {
        return options.timeLimit() == null ? null : options.timeLimit().toMillis();
    }

    @Override
    public FlowStageStep as(String stageName) {
        if (lastIsSource) {
            checker.rename(source.name(), stageName);
            source = new EndpointSpec(stageName, source.table());
        } else {
            StageSpec last = stages.getLast();
            checker.rename(last.name(), stageName);
            stages.set(stages.size() - 1, last.withName(stageName));
        }
        return this;
    }

    @Override
    public Flow writeTo(String table) {
        return writeTo(table, new PrimaryKey(List.of()));
    }

    @Override
    public Flow writeTo(String table, PrimaryKey key) {
        EndpointSpec target = new EndpointSpec(FlowSpecs.defaultEndpointName("write:", table), table,
                key == null ? List.of() : key.fields());
        checker.target(target);
        return new DefinedFlow(new FlowSpec(FlowSpec.FORMAT_VERSION, name, source, stages, target));
    }

    private FlowStageStep add(StageSpec stage) {
        checker.stage(stage);
        stages.add(stage);
        lastIsSource = false;
        return this;
    }

    private static List<String> list(String[] fields) {
        return fields == null ? List.of() : Arrays.asList(fields);
    }
}

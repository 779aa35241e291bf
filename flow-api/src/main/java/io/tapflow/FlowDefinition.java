package io.tapflow;

import io.tapflow.spec.AddFieldsStage;
import io.tapflow.spec.EndpointSpec;
import io.tapflow.spec.ExcludeStage;
import io.tapflow.spec.FilterStage;
import io.tapflow.spec.FlowChecker;
import io.tapflow.spec.FlowSpec;
import io.tapflow.spec.FlowSpecs;
import io.tapflow.spec.IncludeStage;
import io.tapflow.spec.RenameStage;
import io.tapflow.spec.StageSpec;
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

package io.tapflow;

import io.tapflow.spec.FlowSpec;
import io.tapflow.spec.FlowSpecs;

/** A validated flow; immutable. */
final class DefinedFlow implements Flow {

    private final FlowSpec spec;

    DefinedFlow(FlowSpec spec) {
        this.spec = spec;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public FlowSpec spec() {
        return spec;
    }

    @Override
    public String toJson() {
        return FlowSpecs.toJson(spec);
    }

    @Override
    public String toYaml() {
        return FlowSpecs.toYaml(spec);
    }

    @Override
    public String show() {
        return FlowCode.of(spec);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DefinedFlow that && spec.equals(that.spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    @Override
    public String toString() {
        return "Flow[" + spec.name() + "]";
    }
}

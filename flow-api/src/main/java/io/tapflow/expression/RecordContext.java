package io.tapflow.expression;

import java.util.Map;
import org.apache.commons.jexl3.JexlContext;

/**
 * The variables JEXL sees while evaluating one record: every generated name is defined, so strict mode never
 * reports an absent field as an unknown variable; absent fields are simply null.
 */
final class RecordContext implements JexlContext {

    private final Map<String, Integer> slots;
    private final Object[] values;

    RecordContext(Map<String, Integer> slots, Object[] values) {
        this.slots = slots;
        this.values = values;
    }

    @Override
    public Object get(String name) {
        Integer slot = slots.get(name);
        return slot == null ? null : values[slot];
    }

    @Override
    public boolean has(String name) {
        return slots.containsKey(name);
    }

    @Override
    public void set(String name, Object value) {
        throw new UnsupportedOperationException("TapFlow expressions are read-only; cannot set " + name);
    }
}

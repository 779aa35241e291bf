package io.tapflow.topology.lookup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The child rows of a lookup that share one join value, in a stable order: by their order values (the array keys,
 * by default the child's primary key), then by their source key. A child is identified by its source key (the
 * bytes of its change topic's key), so an update replaces it and a delete removes it, wherever its values moved.
 * Immutable.
 */
public final class ChildGroup {

    /** One child row: its source key, the values it is ordered by, and the row to embed. */
    public record Child(byte[] sourceKey, List<Object> order, Map<String, Object> row) {
    }

    private static final Comparator<Child> ORDER = (a, b) -> {
        int byValues = compareLists(a.order(), b.order());
        return byValues != 0 ? byValues : Arrays.compareUnsigned(a.sourceKey(), b.sourceKey());
    };

    private final List<Child> children;

    private ChildGroup(List<Child> children) {
        this.children = children;
    }

    /** A group with no child. */
    public static ChildGroup empty() {
        return new ChildGroup(List.of());
    }

    /** This group with the child added, replacing the child with the same source key. */
    public ChildGroup with(Child child) {
        List<Child> next = new ArrayList<>(children.size() + 1);
        for (Child existing : children) {
            if (!Arrays.equals(existing.sourceKey(), child.sourceKey())) {
                next.add(existing);
            }
        }
        int at = Collections.binarySearch(next, child, ORDER);
        next.add(at < 0 ? -at - 1 : at, child);
        return new ChildGroup(next);
    }

    /** This group without the child with that source key; {@code null} when no child is left. */
    public ChildGroup without(byte[] sourceKey) {
        List<Child> next = new ArrayList<>(children.size());
        for (Child existing : children) {
            if (!Arrays.equals(existing.sourceKey(), sourceKey)) {
                next.add(existing);
            }
        }
        return next.isEmpty() ? null : new ChildGroup(next);
    }

    /** The children in order. */
    public List<Child> children() {
        return children;
    }

    /** The serde of groups in state stores and internal topics ({@link RowCodec}). */
    public static Serde<ChildGroup> serde() {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : encode(value.children),
                (topic, bytes) -> bytes == null ? null : new ChildGroup(decode(bytes)));
    }

    /** The serde of one child on its way to its group (the repartition topic of the grouping). */
    public static Serde<Child> childSerde() {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : encode(List.of(value)),
                (topic, bytes) -> bytes == null ? null : decode(bytes).getFirst());
    }

    private static byte[] encode(List<Child> children) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(children.size());
            for (Child child : children) {
                RowCodec.bytes(out, child.sourceKey());
                RowCodec.write(out, child.order());
                RowCodec.write(out, child.row());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static List<Child> decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int size = in.readInt();
            List<Child> children = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                children.add(new Child(RowCodec.bytes(in), (List<Object>) RowCodec.read(in),
                        (Map<String, Object>) RowCodec.read(in)));
            }
            return List.copyOf(children);
        } catch (IOException e) {
            throw new UncheckedIOException("not a TapFlow child group: " + e.getMessage(), e);
        }
    }

    private static int compareLists(List<Object> a, List<Object> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareValues(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Nulls first; numbers by value whatever their type; other values of one type naturally; else by type name. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object a, Object b) {
        a = RelationKey.normalize(a);
        b = RelationKey.normalize(b);
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y));
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable comparable) {
            return comparable.compareTo(b);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.compareUnsigned(x, y);
        }
        int byType = a.getClass().getName().compareTo(b.getClass().getName());
        return byType != 0 ? byType : a.toString().compareTo(b.toString());
    }

    private static BigDecimal decimal(Number n) {
        return switch (n) {
            case BigDecimal d -> d;
            case BigInteger i -> new BigDecimal(i);
            case Double d -> BigDecimal.valueOf(d);
            case Float f -> BigDecimal.valueOf(f.doubleValue());
            default -> BigDecimal.valueOf(n.longValue());
        };
    }
}

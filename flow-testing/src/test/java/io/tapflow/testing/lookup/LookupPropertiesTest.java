package io.tapflow.testing.lookup;

import io.tapflow.testing.lookup.ECommerceModel.Cmd;
import io.tapflow.testing.lookup.ECommerceModel.ItemsKey;
import io.tapflow.testing.lookup.ECommerceModel.Kind;
import io.tapflow.testing.lookup.ECommerceModel.Op;
import io.tapflow.testing.lookup.ECommerceModel.OpKind;
import io.tapflow.testing.lookup.ECommerceModel.Table;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Issue #6's property: random interleavings of inserts, updates, deletes, join-key and primary-key changes on
 * orders, customers, order items and products, through the wide-orders flow's real topology, leave exactly the
 * collection that a plain-Java reference computes from the tables' final contents ({@link WideOrders#expected}),
 * document by document and value type by value type. The changes are generated as {@link Cmd}s that
 * {@link ECommerceModel} turns into legal changes of the tables (so a counter-example shrinks to few, readable
 * changes, printed in the failure).
 */
class LookupPropertiesTest {

    /** Drivers kept open across tries and properties (see {@link FlowRuns}). */
    private static final FlowRuns RUNS = new FlowRuns(6);

    /**
     * Takes {@code product: null} in an item for no {@code product} field, the bug
     * {@link LookupCounterExamplesTest#anItemWithoutProductHasNoProductFieldEvenBesideAnItemWithOne} shows, so that the
     * properties look for other bugs meanwhile. {@code false} once it is fixed.
     */
    static final boolean TOLERATE_NULL_PRODUCT = true;

    @AfterContainer
    static void closeDrivers() {
        RUNS.close();
    }

    /** The flow exactly as the issue writes it. */
    @Property(tries = 40, shrinking = ShrinkingMode.FULL, edgeCases = EdgeCasesMode.NONE)
    void theSeedFlowLeavesTheReferenceCollection(@ForAll("changes") List<Cmd> changes) {
        check(WideOrders.SEED, changes);
    }

    /** {@code inner()} on the customer lookup: an order without its customer is not in the collection. */
    @Property(tries = 20, shrinking = ShrinkingMode.FULL, edgeCases = EdgeCasesMode.NONE)
    void anInnerCustomerLookupLeavesOutOrdersWithoutTheirCustomer(@ForAll("changes") List<Cmd> changes) {
        check(new WideOrders(ItemsKey.BY_ORDER, true, false, false, false, false), changes);
    }

    /** {@code arrayKeys("price")}: the items are ordered by price, nulls first, whichever way the items are keyed. */
    @Property(tries = 20, shrinking = ShrinkingMode.FULL, edgeCases = EdgeCasesMode.NONE)
    void arrayKeysOrderTheItemsByANonKeyField(@ForAll ItemsKey itemsKey, @ForAll("changes") List<Cmd> changes) {
        check(new WideOrders(itemsKey, false, false, false, true, false), changes);
    }

    /** Filtered, excluded and renamed lookup rows, joined on a renamed field. */
    @Property(tries = 20, shrinking = ShrinkingMode.FULL, edgeCases = EdgeCasesMode.NONE)
    void preprocessedLookupRowsAreEmbeddedAsPrepared(@ForAll ItemsKey itemsKey, @ForAll("changes") List<Cmd> changes) {
        check(new WideOrders(itemsKey, false, false, false, false, true), changes);
    }

    /** Any combination of the variations: items keys, inner joins at each level, array keys, preprocessing. */
    @Property(tries = 20, shrinking = ShrinkingMode.FULL, edgeCases = EdgeCasesMode.NONE)
    void everyCombinationOfTheVariationsLeavesTheReferenceCollection(@ForAll("variations") WideOrders flow,
                                                                      @ForAll("changes") List<Cmd> changes) {
        check(flow, changes);
    }

    /**
     * The same final contents reached through another interleaving of the tables' changes (each table's own
     * changes in the same order, the tables' changes mixed differently), and through a snapshot of the final rows
     * alone, give the same collection.
     */
    @Property(tries = 20, shrinking = ShrinkingMode.FULL, edgeCases = EdgeCasesMode.NONE)
    void theCollectionDoesNotDependOnTheOrderTheTablesChangesArriveIn(
            @ForAll("someVariations") WideOrders flow, @ForAll("changes") List<Cmd> changes,
            @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 3) Integer> mix) {
        List<Op> ops = ECommerceModel.interpret(flow.itemsKey(), changes);
        ECommerceModel tables = ECommerceModel.after(flow.itemsKey(), ops);
        Map<Map<String, Object>, Map<String, Object>> expected = flow.expected(tables);

        Map<Map<String, Object>, Map<String, Object>> first = RUNS.run(flow, ops);
        List<Op> reordered = interleaved(ops, mix);
        Map<Map<String, Object>, Map<String, Object>> second = RUNS.run(flow, reordered);
        List<Op> snapshot = new ArrayList<>();
        for (Table table : Table.values()) {
            tables.rows(table).values().forEach(row -> snapshot.add(new Op(table, OpKind.SNAPSHOT, null, row)));
        }
        List<Op> snapshotMixed = interleaved(snapshot, mix);
        Map<Map<String, Object>, Map<String, Object>> third = RUNS.run(flow, snapshotMixed);

        String context = flow + "\nfirst interleaving:\n" + lines(ops) + "\nsecond interleaving:\n" + lines(reordered)
                + "\nsnapshot:\n" + lines(snapshotMixed);
        assertSame("second interleaving vs first", first, second, context);
        assertSame("snapshot of the final rows vs first interleaving", first, third, context);
        assertSame("first interleaving vs reference", expected, tolerated(first), context);
    }

    @Provide
    Arbitrary<List<Cmd>> changes() {
        Arbitrary<Table> table = Arbitraries.frequency(
                Tuple.of(2, Table.ORDERS), Tuple.of(2, Table.CUSTOMERS), Tuple.of(4, Table.ITEMS),
                Tuple.of(2, Table.PRODUCTS));
        Arbitrary<Kind> kind = Arbitraries.frequency(
                Tuple.of(10, Kind.INSERT), Tuple.of(6, Kind.UPDATE), Tuple.of(4, Kind.JOIN_KEY_CHANGE),
                Tuple.of(2, Kind.KEY_CHANGE), Tuple.of(3, Kind.DELETE));
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 30);
        Arbitrary<Integer> seed = Arbitraries.integers().between(0, 11);
        Arbitrary<Cmd> cmd = Combinators.combine(table, kind, pick, seed, seed, seed, seed).as(Cmd::new);
        return cmd.list().ofMinSize(1).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
    }

    /** A few variations, so that their drivers are reused (a new driver costs about a second). */
    @Provide
    Arbitrary<WideOrders> someVariations() {
        return Arbitraries.of(WideOrders.SEED,
                new WideOrders(ItemsKey.BY_LINE, true, false, false, true, false),
                new WideOrders(ItemsKey.BY_ORDER, false, true, true, false, true),
                new WideOrders(ItemsKey.BY_LINE, true, true, true, true, true));
    }

    @Provide
    Arbitrary<WideOrders> variations() {
        Arbitrary<Boolean> flag = Arbitraries.of(false, true);
        return Combinators.combine(Arbitraries.of(ItemsKey.class), flag, flag, flag, flag, flag).as(WideOrders::new);
    }

    /** Runs the changes, checks what the flow left against the reference from the final tables. */
    private static void check(WideOrders flow, List<Cmd> changes) {
        List<Op> ops = ECommerceModel.interpret(flow.itemsKey(), changes);
        Map<Map<String, Object>, Map<String, Object>> actual = RUNS.run(flow, ops);
        Map<Map<String, Object>, Map<String, Object>> expected = flow.expected(ECommerceModel.after(flow.itemsKey(), ops));
        assertSame("collection vs reference", expected, tolerated(actual), flow + "\nchanges:\n" + lines(ops));
    }

    /** The ops with each table's own in the same order, the tables taken in turn as {@code mix} says. */
    static List<Op> interleaved(List<Op> ops, List<Integer> mix) {
        Map<Table, Deque<Op>> queues = new EnumMap<>(Table.class);
        for (Op op : ops) {
            queues.computeIfAbsent(op.table(), t -> new ArrayDeque<>()).add(op);
        }
        List<Op> out = new ArrayList<>(ops.size());
        int next = 0;
        while (out.size() < ops.size()) {
            List<Table> left = queues.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                    .toList();
            Table table = next < mix.size() ? left.get(mix.get(next++) % left.size()) : left.getFirst();
            out.add(queues.get(table).poll());
        }
        return out;
    }

    /** Fails, naming each document that differs and how, if the collections differ in any document or value type. */
    static void assertSame(String what, Map<Map<String, Object>, Map<String, Object>> expected,
                           Map<Map<String, Object>, Map<String, Object>> actual, String context) {
        if (expected.equals(actual)) {
            return;
        }
        StringBuilder diff = new StringBuilder(what).append(" differ:\n");
        Set<Map<String, Object>> keys = new LinkedHashSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (Map<String, Object> key : keys) {
            Map<String, Object> want = expected.get(key);
            Map<String, Object> got = actual.get(key);
            if (Objects.equals(want, got)) {
                continue;
            }
            diff.append("  document ").append(key).append(":\n");
            if (want == null || got == null) {
                diff.append("    expected ").append(typed(want)).append("\n    actual   ").append(typed(got)).append('\n');
                continue;
            }
            Set<String> fields = new LinkedHashSet<>(want.keySet());
            fields.addAll(got.keySet());
            for (String field : fields) {
                if (!Objects.equals(want.get(field), got.get(field)) || want.containsKey(field) != got.containsKey(field)) {
                    diff.append("    ").append(field).append(": expected ")
                            .append(want.containsKey(field) ? typed(want.get(field)) : "(absent)")
                            .append("\n    ").append(" ".repeat(field.length())).append("  actual   ")
                            .append(got.containsKey(field) ? typed(got.get(field)) : "(absent)").append('\n');
                }
            }
        }
        throw new AssertionError(diff + context);
    }

    /** The collection as compared with the reference: with {@link #TOLERATE_NULL_PRODUCT}, null products left out. */
    @SuppressWarnings("unchecked")
    static Map<Map<String, Object>, Map<String, Object>> tolerated(
            Map<Map<String, Object>, Map<String, Object>> collection) {
        if (!TOLERATE_NULL_PRODUCT) {
            return collection;
        }
        Map<Map<String, Object>, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        collection.forEach((key, document) -> {
            Map<String, Object> copy = new java.util.LinkedHashMap<>(document);
            if (copy.get("items") instanceof List<?> items) {
                List<Object> elements = new ArrayList<>();
                for (Object item : items) {
                    Map<String, Object> element = new java.util.LinkedHashMap<>((Map<String, Object>) item);
                    if (element.containsKey("product") && element.get("product") == null) {
                        element.remove("product");
                    }
                    elements.add(element);
                }
                copy.put("items", elements);
            }
            out.put(key, copy);
        });
        return out;
    }

    /** A value with the Java type of each leaf, so that 1 (Integer) and 1 (Long) differ visibly. */
    static String typed(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> map -> map.entrySet().stream().map(e -> e.getKey() + "=" + typed(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
            case List<?> list -> list.stream().map(LookupPropertiesTest::typed)
                    .collect(Collectors.joining(", ", "[", "]"));
            case String s -> "'" + s + "'";
            default -> value + ":" + value.getClass().getSimpleName();
        };
    }

    static String lines(List<Op> ops) {
        return ops.stream().map(op -> "  " + op).collect(Collectors.joining("\n"));
    }
}

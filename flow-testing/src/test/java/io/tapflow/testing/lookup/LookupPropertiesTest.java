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
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #6's property: random interleavings of inserts, updates, deletes, join-key and primary-key changes on
 * orders, customers, order items and products, through the wide-orders flow's real topology, leave exactly the
 * collection that a plain-Java reference computes from the tables' final contents ({@link WideOrders#expected}),
 * document by document and value type by value type. The changes are generated as {@link Cmd}s that
 * {@link ECommerceModel} turns into legal changes of the tables; a failing case is shrunk change by change
 * ({@link Properties}, {@link ECommerceModel#legalized}) and printed one change a line with the seeds that give it
 * again ({@code -Dtapflow.properties.seed=...}, {@code -Dtapflow.properties.case=...},
 * {@code -Dtapflow.properties.tries=...}).
 */
class LookupPropertiesTest {

    /** Drivers kept open across tries and properties (see {@link FlowRuns}). */
    private static final FlowRuns RUNS = new FlowRuns(6);

    @AfterAll
    static void closeDrivers() {
        RUNS.close();
    }

    /**
     * A generated case: the flow, legal changes of the tables, and (for order independence) how the tables'
     * changes are mixed into another interleaving.
     */
    record Case(WideOrders flow, List<Op> changes, List<Integer> mix) implements Properties.Shrinkable<Op, Case> {

        @Override
        public Case withChanges(List<Op> kept) {
            return new Case(flow, ECommerceModel.legalized(flow.itemsKey(), kept), mix);
        }

        /** The same changes through the flow with one of its options fewer (the items keyed as they are). */
        @Override
        public List<Case> simpler() {
            return flow.withOneOptionFewer().stream().map(simpler -> new Case(simpler, changes, mix)).toList();
        }

        @Override
        public String toString() {
            return "flow: " + flow + "\nchanges (" + changes.size() + "):\n" + lines(changes)
                    + (mix.isEmpty() ? "" : "\nmix: " + mix);
        }
    }

    /** The flow exactly as the issue writes it. */
    @Test
    void theSeedFlowLeavesTheReferenceCollection() {
        property("theSeedFlowLeavesTheReferenceCollection", 50, random -> WideOrders.SEED,
                LookupPropertiesTest::check);
    }

    /** {@code inner()} on the customer lookup: an order without its customer is not in the collection. */
    @Test
    void anInnerCustomerLookupLeavesOutOrdersWithoutTheirCustomer() {
        property("anInnerCustomerLookupLeavesOutOrdersWithoutTheirCustomer", 20,
                random -> new WideOrders(ItemsKey.BY_ORDER, true, false, false, false, false),
                LookupPropertiesTest::check);
    }

    /** {@code inner()} on the items lookup: an order without items is not in the collection. */
    @Test
    void anInnerItemsLookupLeavesOutOrdersWithoutItems() {
        property("anInnerItemsLookupLeavesOutOrdersWithoutItems", 12,
                random -> new WideOrders(itemsKey(random), false, true, false, false, false),
                LookupPropertiesTest::check);
    }

    /** {@code inner()} on the nested product lookup: an item without its product is not in its order's items. */
    @Test
    void anInnerProductLookupLeavesOutItemsWithoutTheirProduct() {
        property("anInnerProductLookupLeavesOutItemsWithoutTheirProduct", 12,
                random -> new WideOrders(itemsKey(random), false, false, true, false, false),
                LookupPropertiesTest::check);
    }

    /**
     * {@code arrayKeys("price")}: the items are ordered by price, nulls first, then by their primary key, whichever
     * way the items are keyed. (With the tie-break by key bytes that main fixed, the default seed fails at try 26.)
     */
    @Test
    void arrayKeysOrderTheItemsByANonKeyField() {
        property("arrayKeysOrderTheItemsByANonKeyField", 40,
                random -> new WideOrders(itemsKey(random), false, false, false, true, false),
                LookupPropertiesTest::check);
    }

    /** Filtered, excluded and renamed lookup rows, joined on a renamed field. */
    @Test
    void preprocessedLookupRowsAreEmbeddedAsPrepared() {
        property("preprocessedLookupRowsAreEmbeddedAsPrepared", 25,
                random -> new WideOrders(itemsKey(random), false, false, false, false, true),
                LookupPropertiesTest::check);
    }

    /** Items keyed by (order_item_id, seller_id): an item moves to another order by a join-key update. */
    @Test
    void itemsKeyedWithoutTheirOrderMoveBetweenOrders() {
        property("itemsKeyedWithoutTheirOrderMoveBetweenOrders", 15,
                random -> new WideOrders(ItemsKey.BY_LINE, false, false, false, false, false),
                LookupPropertiesTest::check);
    }

    /** Any combination of the variations: items keys, inner joins at each level, array keys, preprocessing. */
    @Test
    void everyCombinationOfTheVariationsLeavesTheReferenceCollection() {
        property("everyCombinationOfTheVariationsLeavesTheReferenceCollection", 15,
                random -> new WideOrders(itemsKey(random), random.nextBoolean(), random.nextBoolean(),
                        random.nextBoolean(), random.nextBoolean(), random.nextBoolean()),
                LookupPropertiesTest::check);
    }

    /** A few variations, so that their drivers are reused (a new driver costs about a second). */
    private static final List<WideOrders> SOME_VARIATIONS = List.of(WideOrders.SEED,
            new WideOrders(ItemsKey.BY_LINE, true, false, false, true, false),
            new WideOrders(ItemsKey.BY_ORDER, false, true, true, false, true),
            new WideOrders(ItemsKey.BY_LINE, true, true, true, true, true));

    /**
     * The same final contents reached through another interleaving of the tables' changes (each table's own
     * changes in the same order, the tables' changes mixed differently), and through a snapshot of the final rows
     * alone, give the same collection.
     */
    @Test
    void theCollectionDoesNotDependOnTheOrderTheTablesChangesArriveIn() {
        property("theCollectionDoesNotDependOnTheOrderTheTablesChangesArriveIn", 20,
                random -> SOME_VARIATIONS.get(random.nextInt(SOME_VARIATIONS.size())), true, c -> {
                    WideOrders flow = c.flow();
                    ECommerceModel tables = ECommerceModel.after(flow.itemsKey(), c.changes());
                    Map<Map<String, Object>, Map<String, Object>> expected = flow.expected(tables);
                    Map<Map<String, Object>, Map<String, Object>> first = RUNS.run(flow, c.changes());
                    List<Op> reordered = interleaved(c.changes(), c.mix());
                    Map<Map<String, Object>, Map<String, Object>> second = RUNS.run(flow, reordered);
                    List<Op> snapshot = new ArrayList<>();
                    for (Table table : Table.values()) {
                        tables.rows(table).values()
                                .forEach(row -> snapshot.add(new Op(table, OpKind.SNAPSHOT, null, row)));
                    }
                    List<Op> snapshotMixed = interleaved(snapshot, c.mix());
                    Map<Map<String, Object>, Map<String, Object>> third = RUNS.run(flow, snapshotMixed);
                    String context = "second interleaving:\n" + lines(reordered) + "\nsnapshot:\n"
                            + lines(snapshotMixed);
                    assertSame("second interleaving vs first", first, second, context);
                    assertSame("snapshot of the final rows vs first interleaving", first, third, context);
                    assertSame("first interleaving vs reference", expected, first, "");
                });
    }

    /**
     * Runs a property whose cases are {@code flow}'s choice of the flow, 1 to 60 random changes and (used by order
     * independence only) up to 80 choices of the table whose next change comes next.
     */
    private static void property(String name, int tries, Function<Random, WideOrders> flow,
                                 Consumer<Case> check) {
        property(name, tries, flow, false, check);
    }

    private static void property(String name, int tries, Function<Random, WideOrders> flow, boolean mixed,
                                 Consumer<Case> check) {
        Properties.check(name, tries, random -> {
            WideOrders chosen = flow.apply(random);
            List<Cmd> cmds = changes(random);
            List<Integer> mix = new ArrayList<>();
            for (int i = mixed ? random.nextInt(81) : 0; i > 0; i--) {
                mix.add(random.nextInt(4));
            }
            return new Case(chosen, ECommerceModel.interpret(chosen.itemsKey(), cmds), List.copyOf(mix));
        }, check);
    }

    private static ItemsKey itemsKey(Random random) {
        return random.nextBoolean() ? ItemsKey.BY_ORDER : ItemsKey.BY_LINE;
    }

    private static final List<Table> TABLES = weighted(Map.of(Table.ORDERS, 2, Table.CUSTOMERS, 2, Table.ITEMS, 4,
            Table.PRODUCTS, 2), Table.values());
    private static final List<Kind> KINDS = weighted(Map.of(Kind.INSERT, 10, Kind.UPDATE, 6,
            Kind.JOIN_KEY_CHANGE, 4, Kind.KEY_CHANGE, 2, Kind.DELETE, 3), Kind.values());

    /** 1 to 60 commands (uniformly many), tables and kinds by weight, picks in 0..30, value seeds in 0..11. */
    static List<Cmd> changes(Random random) {
        int size = 1 + random.nextInt(60);
        List<Cmd> cmds = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            cmds.add(new Cmd(TABLES.get(random.nextInt(TABLES.size())), KINDS.get(random.nextInt(KINDS.size())),
                    random.nextInt(31), random.nextInt(12), random.nextInt(12), random.nextInt(12),
                    random.nextInt(12)));
        }
        return cmds;
    }

    private static <T> List<T> weighted(Map<T, Integer> weights, T[] order) {
        List<T> out = new ArrayList<>();
        for (T value : order) {
            for (int i = 0; i < weights.get(value); i++) {
                out.add(value);
            }
        }
        return List.copyOf(out);
    }

    /** Runs the changes, checks what the flow left against the reference from the final tables. */
    private static void check(Case c) {
        Map<Map<String, Object>, Map<String, Object>> actual = RUNS.run(c.flow(), c.changes());
        Map<Map<String, Object>, Map<String, Object>> expected =
                c.flow().expected(ECommerceModel.after(c.flow().itemsKey(), c.changes()));
        assertSame("collection vs reference", expected, actual, "");
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

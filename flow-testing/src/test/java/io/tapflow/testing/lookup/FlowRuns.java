package io.tapflow.testing.lookup;

import io.tapflow.testing.DeadLetter;
import io.tapflow.testing.FlowTestDriver;
import io.tapflow.testing.lookup.ECommerceModel.Op;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs changes through a wide-orders flow and returns the collection it leaves. A test driver costs about a second
 * to open and close here (a RocksDB store per table, group and join), far more than the changes of one try, so
 * drivers are kept open and reused: each run gets its own namespace, a prefix {@code "<n>/"} on every id
 * ({@code order_id}, {@code customer_id}, {@code product_id}, {@code seller_id}), so the runs share no join value and
 * no key, and the run's documents are read back with the prefix taken off again. {@link #fresh} runs on a driver of
 * its own instead.
 *
 * <p>Each driver's flow gets its own name, hence its own state directory: drivers of one flow name share
 * {@code /tmp/kafka-streams/tapflow-flow-<name>}, and a second one opened while the first is open (here, or in
 * another build on the machine) fails on RocksDB's lock.
 */
final class FlowRuns implements AutoCloseable {

    private static final Set<String> ID_COLUMNS = Set.of("order_id", "customer_id", "product_id", "seller_id");
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final int maxOpen;
    private final Map<WideOrders, FlowTestDriver> open = new LinkedHashMap<>(16, 0.75f, true);
    private int runs;

    FlowRuns(int maxOpen) {
        this.maxOpen = maxOpen;
    }

    /** The collection the flow leaves after the changes, on a reused driver; fails if any change was dead-lettered. */
    Map<Map<String, Object>, Map<String, Object>> run(WideOrders flow, List<Op> ops) {
        FlowTestDriver driver = open.get(flow);
        if (driver == null) {
            driver = newDriver(flow);
            open.put(flow, driver);
            if (open.size() > maxOpen) {
                Iterator<FlowTestDriver> eldest = open.values().iterator();
                eldest.next().close();
                eldest.remove();
            }
        }
        String prefix = ++runs + "/";
        try {
            return run(driver, flow, ops, prefix);
        } catch (RuntimeException e) {
            // A driver that threw may be in any state: the next run gets a new one.
            open.remove(flow);
            driver.close();
            throw e;
        }
    }

    /** The collection the flow leaves after the changes, on a driver of its own. */
    static Map<Map<String, Object>, Map<String, Object>> fresh(WideOrders flow, List<Op> ops) {
        try (FlowTestDriver driver = newDriver(flow)) {
            return run(driver, flow, ops, "");
        }
    }

    @Override
    public void close() {
        open.values().forEach(FlowTestDriver::close);
        open.clear();
    }

    private static FlowTestDriver newDriver(WideOrders flow) {
        String name = "orders_wide_" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
        return FlowTestDriver.withLookups(flow.flow(name), ECommerceModel.ORDERS, ECommerceModel.lookups(flow.itemsKey()));
    }

    private static Map<Map<String, Object>, Map<String, Object>> run(FlowTestDriver driver, WideOrders flow,
                                                                      List<Op> ops, String prefix) {
        var defs = ECommerceModel.tables(flow.itemsKey());
        for (Op op : ops) {
            new Op(op.table(), op.kind(), prefixed(op.before(), prefix), prefixed(op.after(), prefix))
                    .applyTo(driver, defs);
        }
        Map<Map<String, Object>, Map<String, Object>> target = driver.target();
        List<DeadLetter> dead = driver.readDeadLetters();
        if (!dead.isEmpty()) {
            throw new AssertionError("dead letters: " + dead.stream().map(d -> d.stage() + ": " + d.error())
                    .collect(Collectors.joining("; ")) + "\n" + flow + "\nchanges:\n" + LookupPropertiesTest.lines(ops));
        }
        Map<Map<String, Object>, Map<String, Object>> mine = new LinkedHashMap<>();
        target.forEach((key, document) -> {
            if (key.get("order_id") instanceof String id && id.startsWith(prefix)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> plainKey = (Map<String, Object>) unprefixed(key, prefix);
                @SuppressWarnings("unchecked")
                Map<String, Object> plain = (Map<String, Object>) unprefixed(document, prefix);
                mine.put(plainKey, plain);
            }
        });
        return mine;
    }

    private static Map<String, Object> prefixed(Map<String, Object> row, String prefix) {
        if (row == null || prefix.isEmpty()) {
            return row;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((column, value) -> out.put(column,
                ID_COLUMNS.contains(column) && value instanceof String s ? prefix + s : value));
        return out;
    }

    /** The value with the prefix taken off every string that has it, in sub-documents and lists too. */
    private static Object unprefixed(Object value, String prefix) {
        if (prefix.isEmpty()) {
            return value;
        }
        return switch (value) {
            case String s when s.startsWith(prefix) -> s.substring(prefix.length());
            case Map<?, ?> map -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(k, unprefixed(v, prefix)));
                yield out;
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(v -> out.add(unprefixed(v, prefix)));
                yield out;
            }
            case null, default -> value;
        };
    }
}

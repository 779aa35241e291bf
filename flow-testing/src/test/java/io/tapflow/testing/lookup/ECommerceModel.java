package io.tapflow.testing.lookup;

import io.tapflow.testing.FlowTestDriver;
import io.tapflow.topology.event.ColumnType;
import io.tapflow.topology.event.DebeziumTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The four e-commerce tables of the lookup properties, kept in plain Java maps while changes are generated, so that
 * every generated change is legal (an update or delete names an existing row with its true before image, an insert
 * a free key) and the final contents are known. Keys and values come from small pools, so rows collide, join and
 * miss often; the pools hold nulls in join fields, strings, ints, decimals and nullable dates.
 */
final class ECommerceModel {

    static final String PREFIX = "tapflow.MySQL_ECommerce";

    /** The four tables. */
    enum Table { ORDERS, CUSTOMERS, ITEMS, PRODUCTS }

    /** How the order items are keyed: by (order_id, order_item_id), or by (order_item_id, seller_id). */
    enum ItemsKey {
        /** The usual composite key: an item's order is part of its key, so it moves to another order by a key change. */
        BY_ORDER,
        /** A composite key without the order: {@code order_id} is a plain, nullable column that an update changes. */
        BY_LINE
    }

    static final DebeziumTable ORDERS = DebeziumTable.builder(PREFIX, "ECommerceData", "ecom_orders")
            .column("order_id", ColumnType.varchar()).column("customer_id", ColumnType.varchar())
            .column("order_status", ColumnType.varchar()).column("order_date", ColumnType.date())
            .column("note", ColumnType.varchar())
            .primaryKey("order_id").build();
    static final DebeziumTable CUSTOMERS = DebeziumTable.builder(PREFIX, "ECommerceData", "ecom_customers")
            .column("customer_id", ColumnType.varchar()).column("customer_city", ColumnType.varchar())
            .column("customer_zip", ColumnType.intType()).column("note", ColumnType.varchar())
            .primaryKey("customer_id").build();
    static final DebeziumTable ITEMS_BY_ORDER = items(ItemsKey.BY_ORDER);
    static final DebeziumTable ITEMS_BY_LINE = items(ItemsKey.BY_LINE);
    static final DebeziumTable PRODUCTS = DebeziumTable.builder(PREFIX, "ECommerceData", "ecom_products")
            .column("product_id", ColumnType.varchar()).column("category", ColumnType.varchar())
            .column("weight", ColumnType.decimal(8, 3)).column("launched", ColumnType.date())
            .primaryKey("product_id").build();

    private static DebeziumTable items(ItemsKey key) {
        DebeziumTable.Builder builder = DebeziumTable.builder(PREFIX, "ECommerceData", "ecom_order_items")
                .column("order_id", ColumnType.varchar()).column("order_item_id", ColumnType.intType())
                .column("seller_id", ColumnType.varchar()).column("product_id", ColumnType.varchar())
                .column("price", ColumnType.decimal(10, 2)).column("qty", ColumnType.intType());
        return (key == ItemsKey.BY_ORDER ? builder.primaryKey("order_id", "order_item_id")
                : builder.primaryKey("order_item_id", "seller_id")).build();
    }

    /** The looked-up tables as the flow names them, for {@link FlowTestDriver#withLookups}. */
    static Map<String, DebeziumTable> lookups(ItemsKey itemsKey) {
        return Map.of("MySQL_ECommerce.ecom_customers", CUSTOMERS,
                "MySQL_ECommerce.ecom_order_items", itemsKey == ItemsKey.BY_ORDER ? ITEMS_BY_ORDER : ITEMS_BY_LINE,
                "MySQL_ECommerce.ecom_products", PRODUCTS);
    }

    private static final List<Object> ORDER_IDS = List.of("o1", "o2", "o3");
    /** o4 never is an order: its items wait for a parent that never comes. */
    private static final List<Object> ITEM_ORDER_IDS = List.of("o1", "o2", "o3", "o4");
    private static final List<Object> CUSTOMER_IDS = List.of("c1", "c2", "c3");
    private static final List<Object> PRODUCT_IDS = List.of("p1", "p2", "p3");
    private static final List<Object> SELLER_IDS = List.of("s1", "s2");
    /**
     * With 10, whose key's bytes sort before 1's and 2's ({@code ...:10}} before {@code ...:2}}): items that tie
     * under {@code arrayKeys} must follow the key's values, not its bytes
     * ({@link LookupCounterExamplesTest#itemsThatTieUnderArrayKeysFollowTheirKeyValuesNotTheKeyBytes}).
     */
    private static final List<Object> LINES = List.of(1, 2, 10);

    /** A table: its Debezium description, key, the pools of its keys and of its other columns, its join columns. */
    record TableDef(Table table, DebeziumTable debezium, List<String> key, List<Map<String, Object>> keys,
                    Map<String, List<Object>> values, List<String> joinColumns) {
    }

    static Map<Table, TableDef> tables(ItemsKey itemsKey) {
        Map<Table, TableDef> defs = new EnumMap<>(Table.class);
        defs.put(Table.ORDERS, new TableDef(Table.ORDERS, ORDERS, List.of("order_id"), keys("order_id", ORDER_IDS),
                pools("customer_id", withNull("c1", "c2", "c3", "c4"),
                        "order_status", withNull("delivered", "shipped", ""),
                        "order_date", withNull(LocalDate.of(2017, 10, 2), LocalDate.of(2018, 1, 15)),
                        "note", withNull("gift")),
                List.of("customer_id")));
        defs.put(Table.CUSTOMERS, new TableDef(Table.CUSTOMERS, CUSTOMERS, List.of("customer_id"),
                keys("customer_id", CUSTOMER_IDS),
                pools("customer_city", withNull("sao paulo", "rio"),
                        "customer_zip", withNull(1000, 20000),
                        "note", withNull("vip")),
                List.of()));
        if (itemsKey == ItemsKey.BY_ORDER) {
            defs.put(Table.ITEMS, new TableDef(Table.ITEMS, ITEMS_BY_ORDER, List.of("order_id", "order_item_id"),
                    keys("order_id", ITEM_ORDER_IDS, "order_item_id", LINES),
                    pools("product_id", withNull("p1", "p2", "p3", "p4"),
                            "price", withNull(dec("2.50"), dec("10.00"), dec("1.00")),
                            "qty", withNull(2, 1, 3),
                            "seller_id", withNull("s1", "s2")),
                    List.of("product_id")));
        } else {
            defs.put(Table.ITEMS, new TableDef(Table.ITEMS, ITEMS_BY_LINE, List.of("order_item_id", "seller_id"),
                    keys("order_item_id", LINES, "seller_id", SELLER_IDS),
                    pools("order_id", withNull("o1", "o2", "o3", "o4"),
                            "product_id", withNull("p1", "p2", "p3", "p4"),
                            "price", withNull(dec("2.50"), dec("10.00"), dec("1.00")),
                            "qty", withNull(2, 1, 3)),
                    List.of("order_id", "product_id")));
        }
        defs.put(Table.PRODUCTS, new TableDef(Table.PRODUCTS, PRODUCTS, List.of("product_id"),
                keys("product_id", PRODUCT_IDS),
                pools("category", withNull("toys", "books"),
                        "weight", withNull(new BigDecimal("0.500"), new BigDecimal("1.250")),
                        "launched", withNull(LocalDate.of(2016, 5, 1), LocalDate.of(2017, 7, 7))),
                List.of()));
        return defs;
    }

    /** What a generated change does. */
    enum Kind { INSERT, UPDATE, JOIN_KEY_CHANGE, KEY_CHANGE, DELETE }

    /**
     * A generated change, before it meets the tables: which table, what kind, which row or free key ({@code pick},
     * modulo how many there are), and the seeds of the new values (one per column, modulo its pool).
     */
    record Cmd(Table table, Kind kind, int pick, int a, int b, int c, int d) {
        int seed(int i) {
            return switch (i) {
                case 0 -> a;
                case 1 -> b;
                case 2 -> c;
                default -> d;
            };
        }
    }

    /** How a change reaches the flow. */
    enum OpKind { SNAPSHOT, INSERT, UPDATE, DELETE }

    /** A legal change of one row, as the driver is given it. */
    record Op(Table table, OpKind kind, Map<String, Object> before, Map<String, Object> after) {

        void applyTo(FlowTestDriver driver, Map<Table, TableDef> defs) {
            DebeziumTable debezium = defs.get(table).debezium();
            switch (kind) {
                case SNAPSHOT -> driver.snapshot(debezium, after);
                case INSERT -> driver.insert(debezium, after);
                case UPDATE -> driver.update(debezium, before, after);
                case DELETE -> driver.delete(debezium, before);
            }
        }

        @Override
        public String toString() {
            String name = table.name().toLowerCase();
            return switch (kind) {
                case SNAPSHOT -> "snapshot " + name + " " + text(after);
                case INSERT -> "insert " + name + " " + text(after);
                case UPDATE -> "update " + name + " " + text(before) + " -> " + text(after);
                case DELETE -> "delete " + name + " " + text(before);
            };
        }
    }

    private final Map<Table, TableDef> defs;
    private final Map<Table, Map<Map<String, Object>, Map<String, Object>>> rows = new EnumMap<>(Table.class);

    ECommerceModel(ItemsKey itemsKey) {
        this.defs = tables(itemsKey);
        for (Table table : Table.values()) {
            rows.put(table, new LinkedHashMap<>());
        }
    }

    Map<Table, TableDef> defs() {
        return defs;
    }

    /** The rows of a table now, by key. */
    Map<Map<String, Object>, Map<String, Object>> rows(Table table) {
        return Collections.unmodifiableMap(rows.get(table));
    }

    /** The legal changes the commands stand for, applied to this model in order. */
    static List<Op> interpret(ItemsKey itemsKey, List<Cmd> cmds) {
        ECommerceModel model = new ECommerceModel(itemsKey);
        List<Op> ops = new ArrayList<>();
        for (Cmd cmd : cmds) {
            Op op = model.change(cmd);
            if (op != null) {
                ops.add(op);
            }
        }
        return ops;
    }

    /**
     * The ops made legal again after some were taken out (shrinking): replayed in order on a fresh model, an update
     * or delete takes the row's current image as its before image, and an op that names no row (an update or delete
     * of a missing row) or a taken key (an insert, snapshot or key change onto an existing row) is dropped.
     */
    static List<Op> legalized(ItemsKey itemsKey, List<Op> ops) {
        ECommerceModel model = new ECommerceModel(itemsKey);
        List<Op> legal = new ArrayList<>(ops.size());
        for (Op op : ops) {
            TableDef def = model.defs.get(op.table());
            Map<Map<String, Object>, Map<String, Object>> table = model.rows.get(op.table());
            Map<String, Object> before = op.before() == null ? null : table.get(key(def, op.before()));
            if (op.before() != null && before == null) {
                continue;
            }
            if (op.after() != null) {
                Map<String, Object> key = key(def, op.after());
                if (table.containsKey(key) && (before == null || !key.equals(key(def, before)))) {
                    continue;
                }
            }
            Op fixed = new Op(op.table(), op.kind(), before, op.after());
            model.apply(fixed);
            legal.add(fixed);
        }
        return legal;
    }

    /** Applies legal ops to a fresh model (to know the final contents). */
    static ECommerceModel after(ItemsKey itemsKey, List<Op> ops) {
        ECommerceModel model = new ECommerceModel(itemsKey);
        ops.forEach(model::apply);
        return model;
    }

    /** The change a command stands for in the tables' current state, applied; {@code null} if there is none. */
    Op change(Cmd cmd) {
        TableDef def = defs.get(cmd.table());
        Map<Map<String, Object>, Map<String, Object>> table = rows.get(cmd.table());
        List<Map<String, Object>> free = def.keys().stream().filter(k -> !table.containsKey(k)).toList();
        Kind kind = cmd.kind();
        if (kind != Kind.INSERT && table.isEmpty()) {
            kind = Kind.INSERT;
        }
        if (kind == Kind.JOIN_KEY_CHANGE && def.joinColumns().isEmpty()) {
            kind = Kind.KEY_CHANGE; // customers and products join on their primary key
        }
        Op op;
        switch (kind) {
            case INSERT -> {
                if (free.isEmpty()) {
                    return null;
                }
                Map<String, Object> row = new LinkedHashMap<>(free.get(cmd.pick() % free.size()));
                fill(def, row, cmd, def.values().keySet().stream().filter(c -> !def.key().contains(c)).toList());
                op = new Op(cmd.table(), OpKind.INSERT, null, ordered(def, row));
            }
            case UPDATE -> {
                Map<String, Object> before = existing(table, cmd.pick());
                Map<String, Object> after = new LinkedHashMap<>(before);
                fill(def, after, cmd, def.values().keySet().stream()
                        .filter(c -> !def.key().contains(c) && !def.joinColumns().contains(c)).toList());
                op = new Op(cmd.table(), OpKind.UPDATE, before, ordered(def, after));
            }
            case JOIN_KEY_CHANGE -> {
                Map<String, Object> before = existing(table, cmd.pick());
                Map<String, Object> after = new LinkedHashMap<>(before);
                String column = def.joinColumns().get(cmd.b() % def.joinColumns().size());
                List<Object> pool = def.values().get(column);
                after.put(column, pool.get(cmd.a() % pool.size()));
                op = new Op(cmd.table(), OpKind.UPDATE, before, ordered(def, after));
            }
            case KEY_CHANGE -> {
                if (free.isEmpty()) {
                    return null;
                }
                Map<String, Object> before = existing(table, cmd.pick());
                Map<String, Object> after = new LinkedHashMap<>(before);
                after.putAll(free.get(cmd.a() % free.size()));
                op = new Op(cmd.table(), OpKind.UPDATE, before, ordered(def, after));
            }
            case DELETE -> op = new Op(cmd.table(), OpKind.DELETE, existing(table, cmd.pick()), null);
            default -> throw new IllegalStateException();
        }
        apply(op);
        return op;
    }

    /** Applies a legal op; throws if it is not legal here. */
    void apply(Op op) {
        TableDef def = defs.get(op.table());
        Map<Map<String, Object>, Map<String, Object>> table = rows.get(op.table());
        if (op.before() != null) {
            Map<String, Object> key = key(def, op.before());
            if (!Objects.equals(table.get(key), op.before())) {
                throw new IllegalStateException("not the row's before image: " + op + ", the row is " + table.get(key));
            }
            table.remove(key);
        }
        if (op.after() != null) {
            Map<String, Object> key = key(def, op.after());
            if (table.containsKey(key)) {
                throw new IllegalStateException("key taken: " + op);
            }
            table.put(key, op.after());
        }
    }

    static Map<String, Object> key(TableDef def, Map<String, Object> row) {
        Map<String, Object> key = new LinkedHashMap<>();
        def.key().forEach(column -> key.put(column, row.get(column)));
        return key;
    }

    private static Map<String, Object> existing(Map<Map<String, Object>, Map<String, Object>> table, int pick) {
        List<Map<String, Object>> all = new ArrayList<>(table.values());
        return all.get(pick % all.size());
    }

    private static void fill(TableDef def, Map<String, Object> row, Cmd cmd, List<String> columns) {
        int i = 0;
        for (String column : def.values().keySet()) {
            if (columns.contains(column)) {
                List<Object> pool = def.values().get(column);
                row.put(column, pool.get(cmd.seed(i) % pool.size()));
            }
            i++;
        }
    }

    /** The row with every column, in the table's column order (nulls included, as Debezium sends them). */
    private static Map<String, Object> ordered(TableDef def, Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var field : columnsOf(def)) {
            out.put(field, row.get(field));
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<String> columnsOf(TableDef def) {
        return switch (def.table()) {
            case ORDERS -> List.of("order_id", "customer_id", "order_status", "order_date", "note");
            case CUSTOMERS -> List.of("customer_id", "customer_city", "customer_zip", "note");
            case ITEMS -> List.of("order_id", "order_item_id", "seller_id", "product_id", "price", "qty");
            case PRODUCTS -> List.of("product_id", "category", "weight", "launched");
        };
    }

    private static List<Map<String, Object>> keys(String column, List<Object> values) {
        return values.stream().map(v -> Map.of(column, v)).collect(Collectors.toUnmodifiableList());
    }

    private static List<Map<String, Object>> keys(String first, List<Object> firsts, String second, List<Object> seconds) {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (Object a : firsts) {
            for (Object b : seconds) {
                Map<String, Object> key = new LinkedHashMap<>();
                key.put(first, a);
                key.put(second, b);
                keys.add(Collections.unmodifiableMap(key));
            }
        }
        return List.copyOf(keys);
    }

    private static Map<String, List<Object>> pools(Object... pairs) {
        Map<String, List<Object>> pools = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<Object> pool = (List<Object>) pairs[i + 1];
            pools.put((String) pairs[i], pool);
        }
        return pools;
    }

    /** The values, then null (so that shrinking goes toward a plain value). */
    private static List<Object> withNull(Object... values) {
        List<Object> pool = new ArrayList<>(Arrays.asList(values));
        pool.add(null);
        return Collections.unmodifiableList(pool);
    }

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    static String text(Map<String, Object> row) {
        if (row == null) {
            return "null";
        }
        return row.entrySet().stream().map(e -> e.getKey() + "=" + value(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String value(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}

package io.tapflow.testing.udf;

import io.tapflow.testing.SampleTables;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.Flow;
import io.tapflow.UdfOptions;
import io.tapflow.testing.DeadLetter;
import io.tapflow.testing.FlowOutput;
import io.tapflow.testing.FlowTestDriver;
import io.tapflow.topology.DeadLetterHeaders;
import io.tapflow.topology.event.ColumnType;
import io.tapflow.topology.event.DebeziumTable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python, JavaScript and Java stages through the real topology, change by change, with no broker. */
class UdfFlowTest {

    static final DebeziumTable ORDERS = DebeziumTable.builder("tapflow.MySQL_ECommerce", "ECommerceData", "ecom_orders")
            .column("order_id", ColumnType.varchar())
            .column("order_status", ColumnType.varchar())
            .column("qty", ColumnType.intType())
            .column("price", ColumnType.decimal(10, 2))
            .primaryKey("order_id")
            .build();


    static final String SEED_JS = """
            function process(record, context) {
              if (!record.order_status) {
                record.order_status = 'invalid';
              }
              if (record.order_status === 'SendError') {
                record.order_status = 'undeliverable';
              }
              return record;
            }
            """;

    static Map<String, Object> order(String id, String status) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("order_id", id);
        row.put("order_status", status);
        row.put("qty", 2);
        row.put("price", new BigDecimal("19.90"));
        return row;
    }

    private static Flow flow(String name, java.util.function.UnaryOperator<io.tapflow.FlowStageStep> stages) {
        return stages.apply(Flow.named(name).readFrom("MySQL_ECommerce.ecom_orders")).writeTo("MongoDB_ECommerce.orders");
    }

    private static Object status(FlowTestDriver driver, String id) {
        return driver.target().get(Map.of("order_id", id)).get("order_status");
    }

    @Test
    void seedPythonFunctionStandardizesEmptyAndSendErrorStatuses() {
        Flow flow = flow("orders_py", f -> f.py(SampleTables.STANDARDIZE_STATUS_PY));
        try (FlowTestDriver driver = FlowTestDriver.of(flow, ORDERS)) {
            driver.snapshot(order("o1", "")).insert(order("o2", "SendError")).insert(order("o3", "delivered"))
                    .insert(order("o4", null));
            assertThat(status(driver, "o1")).isEqualTo("invalid");
            assertThat(status(driver, "o2")).isEqualTo("undeliverable");
            assertThat(status(driver, "o3")).isEqualTo("delivered");
            assertThat(status(driver, "o4")).isEqualTo("invalid");
            // The other fields come through with their types.
            assertThat(driver.target().get(Map.of("order_id", "o3"))).isEqualTo(order("o3", "delivered"));
        }
    }

    @Test
    void seedJavaScriptFunctionDoesTheSame() {
        Flow flow = flow("orders_js", f -> f.js(SEED_JS));
        try (FlowTestDriver driver = FlowTestDriver.of(flow, ORDERS)) {
            driver.snapshot(order("o1", "")).insert(order("o2", "SendError")).insert(order("o3", "delivered"));
            assertThat(status(driver, "o1")).isEqualTo("invalid");
            assertThat(status(driver, "o2")).isEqualTo("undeliverable");
            assertThat(driver.target().get(Map.of("order_id", "o3"))).isEqualTo(order("o3", "delivered"));
        }
    }

    @Test
    void javaLambdaAndPredicate() {
        Flow flow = flow("orders_java", f -> f
                .map(row -> row.with("source", "crm"))
                .filter(row -> !"canceled".equals(row.get("order_status"))));
        try (FlowTestDriver driver = FlowTestDriver.of(flow, ORDERS)) {
            driver.insert(order("o1", "delivered")).insert(order("o2", "canceled"));
            assertThat(driver.target()).containsOnlyKeys(Map.of("order_id", "o1"));
            assertThat(driver.target().get(Map.of("order_id", "o1"))).containsEntry("source", "crm");
        }
    }

    @Test
    void returningNoneDropsTheRowAndAnUpdateDroppedDeletesIt() {
        Flow flow = flow("orders_drop", f -> f.py("""
                def process(record, context):
                    if record['order_status'] == 'canceled':
                        return None
                    return record
                """));
        try (FlowTestDriver driver = FlowTestDriver.of(flow, ORDERS)) {
            driver.insert(order("o1", "canceled")).insert(order("o2", "shipped"));
            assertThat(driver.target()).containsOnlyKeys(Map.of("order_id", "o2"));
            driver.update(order("o2", "shipped"), order("o2", "canceled"));
            assertThat(driver.readOutput()).containsExactly(new FlowOutput(Map.of("order_id", "o2"), null));
            assertThat(driver.target()).isEmpty();
        }
    }

    @Test
    void contextTellsTheOperationBeforeImageTableAndPositionInBothLanguages() {
        Flow py = flow("orders_ctx_py", f -> f.py("""
                import datetime
                def process(record, context):
                    record['op'] = context.op
                    record['op_item'] = context['op']
                    record['before_status'] = context.before['order_status'] if context.before else None
                    record['table'] = context.table
                    record['binlog_file'] = context.position['file']
                    record['event_time_is_utc'] = context.event_time.tzinfo == datetime.timezone.utc
                    return record
                """));
        Flow js = flow("orders_ctx_js", f -> f.js("""
                function process(record, context) {
                  record.op = context.op;
                  record.op_item = context['op'];
                  record.before_status = context.before ? context.before.order_status : null;
                  record.table = context.table;
                  record.binlog_file = context.position.file;
                  record.event_time_is_utc = context.event_time instanceof Date;
                  return record;
                }
                """));
        for (Flow flow : List.of(py, js)) {
            try (FlowTestDriver driver = FlowTestDriver.of(flow, ORDERS)) {
                driver.snapshot(order("o1", "created")).insert(order("o2", "created"))
                        .update(order("o2", "created"), order("o2", "shipped"));
                Map<String, Object> snapshot = driver.target().get(Map.of("order_id", "o1"));
                Map<String, Object> updated = driver.target().get(Map.of("order_id", "o2"));
                assertThat(snapshot).as(flow.name()).containsEntry("op", "snapshot").containsEntry("op_item", "snapshot")
                        .containsEntry("before_status", null).containsEntry("table", "ECommerceData.ecom_orders")
                        .containsEntry("event_time_is_utc", true);
                assertThat(snapshot.get("binlog_file")).as(flow.name()).isInstanceOf(String.class);
                assertThat(updated).as(flow.name()).containsEntry("op", "update").containsEntry("before_status", "created");
            }
        }
    }

    @Test
    void envValuesGivenAtStartReachEveryLanguage() {
        Flow flow = flow("orders_env", f -> f
                .py("def process(record, context):\n    record['region'] = context.env['REGION']\n    return record\n")
                .js("function process(record, context) { record.tier = context.env.TIER; return record; }")
                .map(AddSource.class));
        try (FlowTestDriver driver = FlowTestDriver.of(flow, ORDERS,
                Map.of("REGION", "eu-west", "TIER", "gold", "SOURCE", "erp"))) {
            driver.insert(order("o1", "shipped"));
            assertThat(driver.target().get(Map.of("order_id", "o1"))).containsEntry("region", "eu-west")
                    .containsEntry("tier", "gold").containsEntry("source", "erp");
        }
    }

    @Test
    void globalDictKeepsStateFromRecordToRecord() {
        Flow flow = flow("orders_global", f -> f.py("""
                def process(record, context):
                    g = context['global']
                    g['seen'] = g.get('seen', 0) + 1
                    record['seen'] = g['seen']
                    return record
                """));
        try (FlowTestDriver driver = FlowTestDriver.of(flow, ORDERS)) {
            driver.insert(order("o1", "a")).insert(order("o2", "b")).insert(order("o3", "c"));
            assertThat(driver.target().get(Map.of("order_id", "o3"))).containsEntry("seen", 3L);
        }
    }

    @Test
    void aFailingRecordGoesToTheDeadLetterTopicWithTheTracebackAndTheFlowKeepsRunning() {
        Flow flow = flow("orders_fail", f -> f.py("""
                def process(record, context):
                    record['per_item'] = record['price'] / record['qty']
                    return record
                """));
        try (FlowTestDriver driver = FlowTestDriver.of(flow, ORDERS)) {
            Map<String, Object> broken = order("o1", "shipped");
            broken.put("qty", 0);
            driver.insert(broken).insert(order("o2", "shipped"));

            List<DeadLetter> dead = driver.readDeadLetters();
            assertThat(dead).hasSize(1);
            assertThat(dead.getFirst().stage()).isEqualTo("py#1");
            assertThat(dead.getFirst().error()).contains("Python stage 'py#1' failed on this record")
                    .contains("DivisionByZero");
            assertThat(dead.getFirst().headers().get(DeadLetterHeaders.ERROR_TRACE))
                    .contains("Traceback", "File \"py#1\", line 2, in process");
            assertThat(driver.target()).containsOnlyKeys(Map.of("order_id", "o2"));
            assertThat(driver.target().get(Map.of("order_id", "o2"))).containsEntry("per_item", new BigDecimal("9.95"));
            assertThat(driver.functionErrors("py#1")).isEqualTo(1);
        }
    }

    @Test
    void anEndlessLoopIsStoppedAndReported() {
        Flow flow = flow("orders_loop", f -> f.js("""
                function process(record, context) {
                  while (record.order_status === 'stuck') {}
                  return record;
                }
                """, UdfOptions.defaults().timeLimit(java.time.Duration.ofMillis(300))));
        try (FlowTestDriver driver = FlowTestDriver.of(flow, ORDERS)) {
            driver.insert(order("o1", "stuck")).insert(order("o2", "fine"));
            assertThat(driver.readDeadLetters()).singleElement().satisfies(d ->
                    assertThat(d.error()).contains("ran longer than its time limit of 300 ms"));
            assertThat(driver.target()).containsOnlyKeys(Map.of("order_id", "o2"));
        }
    }

    @Test
    void deletesPassUntouchedUnlessTheFunctionAsksForThem() {
        String dropAll = "def process(record, context):\n    return None\n";
        try (FlowTestDriver driver = FlowTestDriver.of(flow("orders_del", f -> f.py(dropAll)), ORDERS)) {
            driver.delete(order("o1", "shipped"));
            assertThat(driver.readOutput()).containsExactly(new FlowOutput(Map.of("order_id", "o1"), null));
        }
        // Asked for, the function sees the old row and may keep the document by dropping the delete.
        Flow softDelete = flow("orders_soft", f -> f.py("""
                def process(record, context):
                    if context.op == 'delete' and record['order_status'] == 'delivered':
                        return None
                    return record
                """, UdfOptions.defaults().withDeletes()));
        try (FlowTestDriver driver = FlowTestDriver.of(softDelete, ORDERS)) {
            driver.insert(order("o1", "delivered")).insert(order("o2", "shipped"));
            driver.delete(order("o1", "delivered")).delete(order("o2", "shipped"));
            assertThat(driver.target()).containsOnlyKeys(Map.of("order_id", "o1"));
        }
    }

    @Test
    void aDeleteTheFunctionFailsOnGoesToTheDeadLetterTopicOnly() {
        Flow flow = flow("orders_del_fail", f -> f.py("""
                def process(record, context):
                    if context.op == 'delete':
                        raise ValueError('no deletes here')
                    return record
                """, UdfOptions.defaults().withDeletes()));
        try (FlowTestDriver driver = FlowTestDriver.of(flow, ORDERS)) {
            driver.insert(order("o1", "shipped")).delete(order("o1", "shipped"));
            assertThat(driver.target()).containsOnlyKeys(Map.of("order_id", "o1"));
            assertThat(driver.readDeadLetters()).singleElement().satisfies(d ->
                    assertThat(d.error()).contains("ValueError: no deletes here"));
        }
    }

    @Test
    void anEscapeAttemptFailsItsRecordWithAClearError() {
        Flow flow = flow("orders_escape", f -> f.py("""
                def process(record, context):
                    import os
                    record['home'] = os.environ.get('HOME')
                    return record
                """));
        try (FlowTestDriver driver = FlowTestDriver.of(flow, ORDERS)) {
            driver.insert(order("o1", "shipped"));
            assertThat(driver.target()).isEmpty();
            assertThat(driver.readDeadLetters()).singleElement().satisfies(d -> assertThat(d.error())
                    .contains("ImportError: module 'os' is not available in a TapFlow UDF: TapFlow UDFs run sandboxed"));
        }
    }

    @Test
    void columnTypesSurviveAPythonAndAJavaScriptStage() {
        DebeziumTable items = DebeziumTable.builder("tapflow.MySQL_ECommerce", "ECommerceData", "items")
                .column("id", ColumnType.bigint())
                .column("qty", ColumnType.intType())
                .column("price", ColumnType.decimal(10, 2))
                .column("weight", ColumnType.doubleType())
                .column("shipped_at", ColumnType.datetime(6))
                .column("updated_at", ColumnType.timestamp())
                .column("release_date", ColumnType.date())
                .column("in_stock", ColumnType.bool())
                .column("attributes", ColumnType.json())
                .column("note", ColumnType.varchar())
                .primaryKey("id")
                .build();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 7L);
        row.put("qty", 3);
        row.put("price", new BigDecimal("1234.50"));
        row.put("weight", 0.25);
        row.put("shipped_at", LocalDateTime.of(2017, 9, 20, 10, 0, 0, 123_000_000));
        row.put("updated_at", Instant.parse("2017-09-21T12:00:00Z"));
        row.put("release_date", LocalDate.of(2017, 1, 31));
        row.put("in_stock", true);
        row.put("attributes", Map.of("color", "red", "sizes", List.of(38L, 40L)));
        row.put("note", null);
        Flow both = Flow.named("items_udf").readFrom("MySQL_ECommerce.items")
                .py("def process(record, context):\n    return record\n")
                .js("function process(record, context) { return record; }")
                .writeTo("MongoDB_ECommerce.items");
        try (FlowTestDriver driver = FlowTestDriver.of(both, items)) {
            driver.snapshot(row);
            assertThat(driver.readOutput().getFirst().document()).isEqualTo(row);
        }
    }

    @Test
    void aFlowWithAFunctionClassRoundTripsThroughJson() {
        Flow flow = flow("orders_class", f -> f.py(SampleTables.STANDARDIZE_STATUS_PY).map(AddSource.class));
        Flow back = Flow.fromJson(flow.toJson());
        assertThat(back).isEqualTo(flow);
        try (FlowTestDriver driver = FlowTestDriver.of(back, ORDERS)) {
            driver.insert(order("o1", "SendError"));
            assertThat(driver.target().get(Map.of("order_id", "o1"))).containsEntry("order_status", "undeliverable")
                    .containsEntry("source", "crm");
        }
    }
}

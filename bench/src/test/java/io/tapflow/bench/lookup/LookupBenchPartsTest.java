package io.tapflow.bench.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tapflow.topology.event.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lookup bench's parts that need no broker: its data, how it reads the output, its report. Nothing is timed. */
class LookupBenchPartsTest {

    private static final WireFormat JSON = WireFormat.json(true);

    @Test
    void anOrderIdGivesItsNumberBack() {
        for (int i : new int[] {0, 1, 12_345, 999_999, 9_999_999}) {
            assertThat(LookupData.orderNumber(LookupData.orderId(i))).isEqualTo(i);
        }
    }

    @Test
    void theWatcherFindsTheOrderAndTheCustomerFieldsInOutputRecords() {
        assertThatCode(() -> OutputWatcher.checkPatterns(JSON, "out", "customer_city", "rio")).doesNotThrowAnyException();
        byte[] key = JSON.encodeKey("out", Map.of("order_id", LookupData.orderId(42)));
        assertThat(OutputWatcher.orderNumber(key)).isEqualTo(42);

        Map<String, Object> withCustomer = new LinkedHashMap<>(Map.of("order_id", LookupData.orderId(42)));
        withCustomer.putAll(LookupData.customer(7));
        byte[] wide = JSON.encodeValue("out", withCustomer);
        byte[] narrow = JSON.encodeValue("out", Map.of("order_id", LookupData.orderId(42), "customer_id", "c"));
        byte[] unique = OutputWatcher.anyValue("customer_unique_id").getBytes(StandardCharsets.UTF_8);
        assertThat(OutputWatcher.indexOf(wide, unique, 0)).isNotNegative();
        assertThat(OutputWatcher.indexOf(narrow, unique, 0)).isNegative();
    }

    @Test
    void theFanOutCountsTheOrdersOfTheUpdatedCustomers() {
        LookupData data = new LookupData(1_000, 100, 42);
        int expected = 0;
        for (int i = 0; i < data.orders(); i++) {
            assertThat(data.order(i)).containsEntry("customer_id", LookupData.customerId(data.customerOf(i)));
            if (data.customerOf(i) < 10) {
                expected++;
            }
        }
        assertThat(data.ordersOfFirstCustomers(10)).isEqualTo(expected).isPositive();
        assertThat(data.ordersOfFirstCustomers(100)).isEqualTo(1_000);
    }

    @Test
    void quickIsASmallerRunOfTheSameBench() {
        LookupOptions quick = LookupOptions.parse(new String[] {"--quick"});
        assertThat(quick.orders()).isEqualTo(100_000);
        assertThat(quick.customers()).isEqualTo(10_000);
        assertThat(quick.rounds()).isEqualTo(1);
        assertThat(quick.fanout()).isEqualTo(1_000);
        LookupOptions full = LookupOptions.parse(new String[0]);
        assertThat(full.orders()).isEqualTo(1_000_000);
        assertThat(full.customers()).isEqualTo(100_000);
        assertThat(full.warmupCustomers()).isEqualTo(5_000);
    }

    @Test
    void theReportShowsEverySectionFromMadeUpResults() {
        LookupOptions options = LookupOptions.parse(new String[] {"--orders", "1000", "--customers", "100"});
        Map<String, Double> cpu = Map.of("flow (Kafka Streams threads and producers)", 1.0, "Kafka broker", 0.5,
                "whole machine (every process, other users too)", 3.0);
        String app = "tapflow-flow-bench_orders_wide-round-2";
        LookupBench.State state = new LookupBench.State(app, Map.of(
                "tapflow-root-table", new StateSize.Store("tapflow-root-table", 2, 1_000, 400_000),
                "", new StateSize.Store("", 0, 0, 500_000)),
                List.of(new StateSize.Topic(app + "-tapflow-root-table-changelog", 2, 1_010, 1_000, 300_000, 90_000),
                        new StateSize.Topic("tapflow.flow.bench_orders_wide-round-2", 2, 1_100, 1_050, 900_000, 100_000)),
                "order_id: \"o1\"");
        LookupBench.Results results = new LookupBench.Results(options, 4_500_000, 350_000, 231, 240,
                List.of(new LookupBench.Snapshot(LookupBench.BASELINE, 1, 1_000, 0.5, 1.5, 1.5, 1_000, cpu),
                        new LookupBench.Snapshot(LookupBench.LOOKUP, 1, 1_100, 1.0, 4.0, 5.0, 1_050, cpu)),
                List.of(new LookupBench.Fanout(1, 10, 100, 0.5, 100, cpu)), state, 3.0, 4.0, "today", 1.0,
                Map.of("resident at peak", "1 MiB"));

        String report = LookupReport.write(results, LookupBench.WITH_LOOKUP.show(), LookupBench.WITHOUT_LOOKUP.show());

        assertThat(report).contains("## Snapshot", "## Fan-out", "## Where the time goes", "## State",
                "`tapflow-root-table`", "`<app>-tapflow-root-table-changelog`", "## Reading it",
                "Lookup.relation(\"customer_id\", \"customer_id\")", "load average 3.0");
    }
}

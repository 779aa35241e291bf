package io.tapflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tap demo --once} from nothing, as the README's first command runs it (a smaller sample): the
 * sample is loaded, the flow copies every order into MongoDB, {@code peek} shows documents without the
 * excluded delivery dates and with {@code purchase_timestamp}, and the insert, update and delete made in
 * MySQL each arrive. A second run over the same directory resumes: nothing is loaded or copied again.
 */
class DemoRunsOnceIT {

    @Test
    void theDemoCopiesTheOrdersShowsThemAndFollowsLiveChangesThenResumes(@TempDir Path home) {
        DemoOptions options = new DemoOptions(true, home.resolve("demo"), 3_000, Optional.empty());

        String first = run(options);
        assertThat(first)
                .contains("ecom_orders: 3,000 / 3,000 (100%)")
                .contains("done: wide_orders_collection holds all 3,000 orders")
                .contains("table MongoDB_ECommerce.wide_orders_collection has 3000 records")
                .contains("\"purchase_timestamp\": \"20")
                .doesNotContain("order_delivered_carrier_date\":", "order_delivered_customer_date\":",
                        "order_purchase_timestamp\":")
                .containsPattern("INSERT order live-\\w+ \\(status 'created'\\)  ->  in MongoDB after \\d+ ms")
                .containsPattern("UPDATE order live-\\w+ SET order_status = 'shipped'  ->  in MongoDB after \\d+ ms")
                .containsPattern("DELETE order live-\\w+  ->  in MongoDB after \\d+ ms")
                .contains(".py(\"\"\"")
                .contains("Not in this build yet, so left out rather than faked: the seed's .lookup(");

        String second = run(options);
        assertThat(second)
                .contains("ecom_orders: kept its 3,000 rows from an earlier run")
                .contains("resumed: changes of MySQL_ECommerce.ecom_orders reach")
                .containsPattern("DELETE order live-\\w+  ->  in MongoDB after \\d+ ms");
    }

    private static String run(DemoOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Demo(options, Console.to(print)).run();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

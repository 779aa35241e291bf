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
 * excluded delivery dates and with {@code purchase_timestamp} and the customer's fields, the insert, update and
 * delete made in MySQL each arrive, and a customer update reaches every order of that customer. A second run
 * over the same directory resumes: nothing is loaded or copied again.
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
                .contains(".lookup(\"MySQL_ECommerce.ecom_customers\", Lookup.relation(\"customer_id\", \"customer_id\"))")
                .contains("\"customer_city\": ")
                .containsPattern("UPDATE customer \\w+ SET customer_city = '(curitiba|manaus)'  ->  all \\d+ of its"
                        + " orders updated in MongoDB after \\d+ ms");

        String second = run(options);
        assertThat(second)
                .contains("ecom_orders: kept its 3,000 rows from an earlier run")
                .contains("resumed: changes of MySQL_ECommerce.ecom_orders and looked-up MySQL_ECommerce.ecom_customers"
                        + " reach")
                .containsPattern("DELETE order live-\\w+  ->  in MongoDB after \\d+ ms")
                .containsPattern("UPDATE customer \\w+ SET customer_city = '(curitiba|manaus)'  ->  all \\d+ of its"
                        + " orders updated in MongoDB after \\d+ ms");
    }

    private static String run(DemoOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Demo(options, Console.to(print)).run();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

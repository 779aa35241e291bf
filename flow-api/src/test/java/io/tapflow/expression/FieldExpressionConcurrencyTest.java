package io.tapflow.expression;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FieldExpressionConcurrencyTest {

    private static final int THREADS = 8;
    private static final int RECORDS_PER_THREAD = 20_000;

    @Test
    void oneExpressionServesManyThreads() throws Exception {
        FieldExpression expression = FieldExpression.parse(
                "status != 'canceled' and (price + freight) * 2 > limit and at > '2018-01-01' and address.city = city");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int matches = 0;
                    for (int i = 0; i < RECORDS_PER_THREAD; i++) {
                        // Each thread sees a different mix, so a shared mutable state would show as wrong counts.
                        boolean shouldMatch = (i + thread) % 3 == 0;
                        String city = "city-" + thread + "-" + i;
                        Map<String, Object> record = Map.of(
                                "status", shouldMatch ? "delivered" : "canceled",
                                "price", new BigDecimal(i),
                                "freight", BigDecimal.ONE,
                                "limit", i,
                                "at", LocalDateTime.of(2018, 1, 2, 0, 0).plusSeconds(i),
                                "address", Map.of("city", city),
                                "city", city);
                        if (expression.test(record) != shouldMatch) {
                            throw new AssertionError("wrong result for thread " + thread + " record " + i);
                        }
                        matches += shouldMatch ? 1 : 0;
                    }
                    return matches;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(60, TimeUnit.SECONDS);
            }
            int expected = 0;
            for (int t = 0; t < THREADS; t++) {
                for (int i = 0; i < RECORDS_PER_THREAD; i++) {
                    expected += (i + t) % 3 == 0 ? 1 : 0;
                }
            }
            assertThat(total).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
    }
}

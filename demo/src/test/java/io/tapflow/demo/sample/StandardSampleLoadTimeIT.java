package io.tapflow.demo.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.testing.mariadb.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long the demo waits for its database: the standard sample loaded into a fresh embedded MariaDB.
 * Some 10 s of a CI run for a figure, so it runs only when asked:
 * {@code mvn -pl demo -am verify -Dtest=StandardSampleLoadTimeIT -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtapflow.sample.timing=true}.
 */
@EnabledIfSystemProperty(named = "tapflow.sample.timing", matches = "true")
class StandardSampleLoadTimeIT {

    @Test
    void standardSampleLoadsWithinTwentySeconds() {
        ECommerceSample sample = ECommerceSample.standard();
        try (MariaDbServer server = MariaDbServer.start()) {
            long start = System.nanoTime();
            LoadReport report = sample.load(server, (table, loaded, total) -> {
                if (loaded == total) {
                    System.out.printf("%s loaded at %d ms%n", table, (System.nanoTime() - start) / 1_000_000);
                }
            });

            System.out.printf("standard sample: %d rows in %d ms (%s)%n", report.rowsLoaded(),
                    report.elapsed().toMillis(), report.tables());
            assertThat(report.rowsLoaded()).isEqualTo(135_000 + sample.orderItemCount());
        }
    }
}

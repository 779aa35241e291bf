package io.tapflow.runtime.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;

/** Connect's "exit the JVM" from an embedded worker's herder thread ends that thread, not the JVM. */
class HerderExitGuardTest {

    @Test
    void anExitFromAnEmbeddedHerderThreadEndsOnlyThatThread() {
        String prefix = HerderExitGuard.claim("127.0.0.1:1");
        ExecutorService herderThread = Executors.newSingleThreadExecutor(task -> new Thread(task, prefix + "1"));
        try {
            Future<?> herderTask = herderThread.submit(() -> Exit.exit(1));

            assertThatThrownBy(herderTask::get).hasCauseInstanceOf(HerderExitGuard.HerderExit.class);
            assertThat(HerderExitGuard.failureOf(herderTask)).contains("herder thread failed");
        } finally {
            herderThread.shutdownNow();
            HerderExitGuard.release(prefix);
        }
    }
}

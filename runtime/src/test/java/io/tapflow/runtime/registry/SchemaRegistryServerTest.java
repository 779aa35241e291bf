package io.tapflow.runtime.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings a registry cannot start with are refused before any process is started, with the fix. */
class SchemaRegistryServerTest {

    @TempDir
    Path folder;

    @Test
    void portOutsideTheRangeIsRefused() {
        assertThatThrownBy(() -> SchemaRegistryServer.builder().port(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be 0 (any free port) or 1 to 65535");
        assertThatThrownBy(() -> SchemaRegistryServer.builder().port(65536))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataFolderWithASemicolonIsRefusedBecauseItWouldBreakTheDatabaseUrl() {
        assertThatThrownBy(() -> SchemaRegistryServer.builder().dataDir(folder.resolve("a;b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contains ';'");
    }

    @Test
    void nonPositiveStartTimeoutIsRefused() {
        assertThatThrownBy(() -> SchemaRegistryServer.builder().startTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
    }

    @Test
    void homeWithoutTheRegistryJarIsRefused() {
        assertThatThrownBy(() -> SchemaRegistryServer.builder().home(folder).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(folder + " has no quarkus-run.jar");
    }
}

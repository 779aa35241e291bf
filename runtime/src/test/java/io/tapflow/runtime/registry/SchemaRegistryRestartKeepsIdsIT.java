package io.tapflow.runtime.registry;

import static io.tapflow.runtime.registry.RegistryRest.get;
import static io.tapflow.runtime.registry.RegistryRest.schemaId;
import static io.tapflow.runtime.registry.RegistryRest.schemaText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.topology.event.WireFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry with a data folder, started again on it, has the same schemas under the same ids, so the records
 * already on Kafka topics stay readable; also after the process was killed. Its output goes to its log file.
 */
class SchemaRegistryRestartKeepsIdsIT {

    private static final String TOPIC = "tapflow.flow.customers";
    private static final Map<String, Object> ROW_V1 = Map.of("id", 1L, "name", "Ana");
    private static final Map<String, Object> ROW_V2 = Map.of("id", 2L, "name", "Bo", "since",
            LocalDate.of(2020, 2, 29));

    @TempDir
    Path dataDir;

    @Test
    void restartedRegistryResolvesTheSameIdsAndGivesNewSchemasNewIds() throws IOException {
        byte[] v1;
        byte[] v2;
        String url;
        String v1Schema;
        try (SchemaRegistryServer registry = SchemaRegistryServer.builder().dataDir(dataDir).start()) {
            url = registry.url();
            WireFormat avro = WireFormat.avro(registry.apicurioV2Url());
            v1 = avro.encodeValue(TOPIC, ROW_V1);
            v2 = avro.encodeValue(TOPIC, ROW_V2);
            v1Schema = schemaText(registry, schemaId(v1));
            assertThat(registry.logFile()).isEqualTo(dataDir.resolve(SchemaRegistryServer.LOG_FILE_NAME));
        }
        assertThat(Files.readString(dataDir.resolve(SchemaRegistryServer.LOG_FILE_NAME)))
                .contains("apicurio-registry-app", "Listening on: " + url);

        int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
        try (SchemaRegistryServer registry = SchemaRegistryServer.builder().dataDir(dataDir).port(port).start()) {
            assertThat(registry.url()).isEqualTo(url);
            assertThat(schemaText(registry, schemaId(v1))).isEqualTo(v1Schema);
            WireFormat avro = WireFormat.avro(registry.apicurioV2Url());
            assertThat(avro.decodeValue(TOPIC, v1)).isEqualTo(ROW_V1);
            assertThat(avro.decodeValue(TOPIC, v2)).isEqualTo(ROW_V2);
            assertThat(schemaId(avro.encodeValue(TOPIC, ROW_V2))).as("the same schema keeps its id")
                    .isEqualTo(schemaId(v2));
            assertThat(get(registry.confluentCompatibleUrl() + "/config").get("compatibilityLevel").asText())
                    .isEqualTo("BACKWARD");

            byte[] v3 = avro.encodeValue(TOPIC, Map.of("id", 3L, "name", "Cy", "since", LocalDate.of(2021, 1, 1),
                    "vip", true));
            assertThat(schemaId(v3)).as("a new schema gets an id never given before")
                    .isGreaterThan(Math.max(schemaId(v1), schemaId(v2)));
            assertThat(get(registry.confluentCompatibleUrl() + "/subjects/" + TOPIC + "-value/versions"))
                    .hasSize(3);
        }
    }

    @Test
    void schemasSurviveAKilledRegistry() throws InterruptedException {
        byte[] v1;
        try (SchemaRegistryServer registry = SchemaRegistryServer.builder().dataDir(dataDir).start()) {
            v1 = WireFormat.avro(registry.apicurioV2Url()).encodeValue(TOPIC, ROW_V1);
            ProcessHandle process = registryProcess();
            process.destroyForcibly();
            process.onExit().get(10, TimeUnit.SECONDS);
            assertThat(registry.isRunning()).isFalse();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the registry process did not die", e);
        }

        try (SchemaRegistryServer registry = SchemaRegistryServer.builder().dataDir(dataDir).start()) {
            WireFormat avro = WireFormat.avro(registry.apicurioV2Url());
            assertThat(avro.decodeValue(TOPIC, v1)).isEqualTo(ROW_V1);
            assertThat(schemaId(avro.encodeValue(TOPIC, ROW_V2))).isGreaterThan(schemaId(v1));
        }
    }

    @Test
    void secondRegistryOnTheSameFolderFailsWithTheEndOfItsLog() {
        try (SchemaRegistryServer first = SchemaRegistryServer.builder().dataDir(dataDir).start()) {
            assertThatThrownBy(() -> SchemaRegistryServer.builder().dataDir(dataDir)
                    .startTimeout(Duration.ofSeconds(30)).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not start")
                    .hasMessageContaining(dataDir.resolve(SchemaRegistryServer.LOG_FILE_NAME).toString())
                    .hasMessageContaining("Errors it logged:")
                    .hasMessageContaining("Database may be already in use");
            assertThat(first.isRunning()).isTrue();
            assertThat(RegistryRest.status(first.confluentCompatibleUrl() + "/subjects")).isEqualTo(200);
        }
    }

    /** The registry child process of this JVM that uses {@link #dataDir}. */
    private ProcessHandle registryProcess() {
        List<ProcessHandle> registries = ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains(dataDir.toString()))
                .toList();
        assertThat(registries).as("registry processes using " + dataDir).hasSize(1);
        return registries.getFirst();
    }
}

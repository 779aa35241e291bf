package io.tapflow.runtime.connect;

import static io.tapflow.runtime.connect.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tapflow.connect.rest.ConnectRestClient;
import io.tapflow.connect.rest.ConnectorStatus;
import io.tapflow.testing.InProcessKafka;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A worker started again with the same cluster name, after the first one stopped, finds the connectors
 * created before and runs them: the embedded stack's "second start resumes".
 */
class WorkerRestartResumesConnectorsIT {

    @Test
    void aSecondWorkerWithTheSameClusterNameResumesTheConnectors() {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        String mongoUri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
        try (InProcessKafka kafka = InProcessKafka.start()) {
            kafka.createTopics(1, "it.resume");
            Map<String, String> config = Map.of(
                    "connector.class", "com.mongodb.kafka.connect.MongoSinkConnector",
                    "tasks.max", "1",
                    "topics", "it.resume",
                    "connection.uri", mongoUri,
                    "database", "it",
                    "collection", "resume");

            try (EmbeddedConnectWorker first = EmbeddedConnectWorker.builder(kafka.bootstrapServers(), "resume-it")
                    .start();
                    ConnectRestClient connect = ConnectRestClient.of(first.restUrl())) {
                connect.createOrUpdate("resumed-sink", config);
                await("the sink to run", () -> connect.status("resumed-sink"), ConnectorStatus::isRunning);
            }

            try (EmbeddedConnectWorker second = EmbeddedConnectWorker.builder(kafka.bootstrapServers(), "resume-it")
                    .start();
                    ConnectRestClient connect = ConnectRestClient.of(second.restUrl())) {
                assertThat(second.configTopic()).isEqualTo("resume-it.connect-configs");
                assertThat(connect.connectors()).containsExactly("resumed-sink");
                assertThat(connect.config("resumed-sink")).containsAllEntriesOf(config);
                await("the resumed sink to run", () -> connect.status("resumed-sink"), ConnectorStatus::isRunning);
            }

            try (EmbeddedConnectWorker otherCluster = EmbeddedConnectWorker.builder(kafka.bootstrapServers(),
                    "other-it").start();
                    ConnectRestClient connect = ConnectRestClient.of(otherCluster.restUrl())) {
                assertThat(connect.connectors()).isEmpty();
            }
        } finally {
            mongo.shutdownNow();
        }
    }
}

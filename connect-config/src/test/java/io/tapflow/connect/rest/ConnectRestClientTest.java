package io.tapflow.connect.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tapflow.Secret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a fake Connect REST API: requests sent, answers parsed, errors explained, secrets masked. */
class ConnectRestClientTest {

    private HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private ConnectRestClient client;

    private record Answer(int status, String body) {
    }

    private record Request(String method, String uri, String body, String authorization) {
    }

    @BeforeEach
    void startFakeConnect() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        client = ConnectRestClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .conflictRetry(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stopFakeConnect() {
        client.close();
        server.stop(0);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                exchange.getRequestHeaders().getFirst("Authorization")));
        Answer answer = answers.isEmpty() ? new Answer(500, "{\"message\":\"no answer scripted\"}") : answers.poll();
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void answer(int status, String body) {
        answers.add(new Answer(status, body));
    }

    @Test
    void createOrUpdatePutsTheConfigAndReadsTheConnector() {
        answer(201, """
                {"name":"orders sink","config":{"connector.class":"MongoSinkConnector","topics":"t"},
                 "tasks":[{"connector":"orders sink","task":0}],"type":"sink"}""");

        ConnectorInfo info = client.createOrUpdate("orders sink", Map.of("connector.class", "MongoSinkConnector"));

        assertThat(requests.getFirst().method()).isEqualTo("PUT");
        assertThat(requests.getFirst().uri()).isEqualTo("/connectors/orders%20sink/config");
        assertThat(requests.getFirst().body()).isEqualTo("{\"connector.class\":\"MongoSinkConnector\"}");
        assertThat(info).isEqualTo(new ConnectorInfo("orders sink", "sink",
                Map.of("connector.class", "MongoSinkConnector", "topics", "t"), List.of(0)));
    }

    @Test
    void statusCarriesConnectorAndTaskStatesAndTraces() {
        answer(200, """
                {"name":"src","connector":{"state":"RUNNING","worker_id":"127.0.0.1:8083"},
                 "tasks":[{"id":0,"state":"FAILED","worker_id":"127.0.0.1:8083","trace":"org.x.Boom: no\\n\\tat x"},
                          {"id":1,"state":"SOMETHING_NEW","worker_id":"127.0.0.1:8083"}],
                 "type":"source"}""");

        ConnectorStatus status = client.status("src");

        assertThat(status.state()).isEqualTo(ConnectorState.RUNNING);
        assertThat(status.type()).isEqualTo("source");
        assertThat(status.failedTasks()).containsExactly(
                new TaskStatus(0, ConnectorState.FAILED, "127.0.0.1:8083", "org.x.Boom: no\n\tat x"));
        assertThat(status.tasks().get(1).state()).isEqualTo(ConnectorState.UNKNOWN);
        assertThat(status.isRunning()).isFalse();
        assertThat(status).hasToString("src: RUNNING, tasks [0: FAILED (org.x.Boom: no), 1: UNKNOWN]");
    }

    @Test
    void restartFailedAsksForFailedTasksOnly() {
        answer(202, """
                {"name":"src","connector":{"state":"RUNNING"},"tasks":[{"id":0,"state":"RESTARTING"}]}""");

        ConnectorStatus status = client.restartFailed("src");

        assertThat(requests.getFirst().method()).isEqualTo("POST");
        assertThat(requests.getFirst().uri()).isEqualTo("/connectors/src/restart?includeTasks=true&onlyFailed=true");
        assertThat(status.tasks().getFirst().state()).isEqualTo(ConnectorState.RESTARTING);
    }

    @Test
    void pauseResumeDeleteAndListsUseTheirEndpoints() {
        answer(202, "");
        answer(202, "");
        answer(204, "");
        answer(200, "[\"a\",\"b\"]");
        answer(200, "[{\"class\":\"io.x.Conv\",\"type\":\"converter\",\"version\":\"1\"}]");
        answer(200, "{\"connector.class\":\"X\",\"name\":\"a\"}");

        client.pause("a");
        client.resume("a");
        client.delete("a");
        assertThat(client.connectors()).containsExactly("a", "b");
        assertThat(client.plugins()).containsExactly(new ConnectorPlugin("io.x.Conv", "converter", "1"));
        assertThat(client.config("a")).containsEntry("connector.class", "X");

        assertThat(requests).extracting(request -> request.method() + " " + request.uri()).containsExactly(
                "PUT /connectors/a/pause", "PUT /connectors/a/resume", "DELETE /connectors/a", "GET /connectors",
                "GET /connector-plugins?connectorsOnly=false", "GET /connectors/a/config");
    }

    @Test
    void stopReadAndDeleteOffsetsThenResumeUseTheKip875Endpoints() {
        answer(202, "");
        answer(200, """
                {"offsets":[{"partition":{"server":"tapflow.crm"},"offset":{}},
                            {"partition":{"server":"tapflow.erp"},"offset":{"file":"binlog.000002","pos":4}}]}""");
        answer(200, "{\"message\":\"The offsets for this connector have been reset successfully\"}");
        answer(202, "");

        client.stop("src");
        List<ConnectorOffset> offsets = client.offsets("src");
        client.deleteOffsets("src");
        client.resume("src");

        assertThat(requests).extracting(request -> request.method() + " " + request.uri()).containsExactly(
                "PUT /connectors/src/stop", "GET /connectors/src/offsets", "DELETE /connectors/src/offsets",
                "PUT /connectors/src/resume");
        assertThat(offsets).containsExactly(
                new ConnectorOffset(Map.of("server", "tapflow.crm"), Map.of()),
                new ConnectorOffset(Map.of("server", "tapflow.erp"), Map.of("file", "binlog.000002", "pos", 4)));
    }

    @Test
    void deletingTheOffsetsOfAConnectorThatIsNotStoppedSaysToStopItFirst() {
        answer(400, "{\"error_code\":400,\"message\":\"Connectors must be in the STOPPED state before their"
                + " offsets can be modified.\"}");

        assertThatThrownBy(() -> client.deleteOffsets("src"))
                .isInstanceOfSatisfying(ConnectRestException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("DELETE /connectors/src/offsets", "STOPPED state",
                            "stop(name)");
                });
    }

    @Test
    void validationListsErrorsPerKeyWithSecretsMasked() {
        answer(200, """
                {"name":"io.debezium.connector.mariadb.MariaDbConnector","error_count":1,"groups":[],
                 "configs":[
                   {"definition":{"name":"database.hostname"},
                    "value":{"name":"database.hostname","value":"db","errors":["Unable to connect as u/hunter2"]}},
                   {"definition":{"name":"topic.prefix"},"value":{"name":"topic.prefix","value":"x","errors":[]}}]}""");

        ConfigValidation validation = client.validate("io.debezium.connector.mariadb.MariaDbConnector",
                Map.of("database.hostname", "db", "database.password", "hunter2"));

        assertThat(validation.valid()).isFalse();
        assertThat(validation.errors()).containsExactly(
                Map.entry("database.hostname", List.of("Unable to connect as u/******")));
        assertThat(requests.getFirst().uri())
                .isEqualTo("/connector-plugins/io.debezium.connector.mariadb.MariaDbConnector/config/validate");
        assertThat(requests.getFirst().body())
                .contains("\"connector.class\":\"io.debezium.connector.mariadb.MariaDbConnector\"");
    }

    @Test
    void anErrorNamesTheCallTheStatusConnectsMessageAndAHintWithoutSecrets() {
        answer(400, """
                {"error_code":400,"message":"Connector configuration is invalid: password hunter2 refused for mongodb://u:hunter3@h"}""");

        assertThatThrownBy(() -> client.createOrUpdate("src", Map.of("database.password", "hunter2",
                "connection.uri", "mongodb://u:hunter3@h")))
                .isInstanceOfSatisfying(ConnectRestException.class, e -> {
                    assertThat(e.call()).isEqualTo("PUT /connectors/src/config");
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.connectMessage()).isEqualTo(
                            "Connector configuration is invalid: password ****** refused for mongodb://u:******@h");
                    assertThat(e.getMessage())
                            .startsWith("Kafka Connect at " + client.baseUrl() + ": PUT /connectors/src/config failed"
                                    + " (HTTP 400): Connector configuration is invalid")
                            .contains("Hint: the connector config is invalid; validate(")
                            .doesNotContain("hunter2", "hunter3");
                });
    }

    @Test
    void anUnknownConnectorIsA404WithAHint() {
        answer(404, "{\"error_code\":404,\"message\":\"Connector nope not found\"}");

        assertThatThrownBy(() -> client.status("nope"))
                .isInstanceOf(ConnectRestException.class)
                .hasMessageContaining("GET /connectors/nope/status failed (HTTP 404): Connector nope not found")
                .hasMessageContaining("connectors() lists the ones that exist");
    }

    @Test
    void aConflictIsRetriedUntilConnectAnswers() {
        answer(409, "{\"error_code\":409,\"message\":\"rebalance in progress\"}");
        answer(409, "{\"error_code\":409,\"message\":\"rebalance in progress\"}");
        answer(200, "[]");

        assertThat(client.connectors()).isEmpty();
        assertThat(requests).hasSize(3);
    }

    @Test
    void aConflictThatOutlastsTheRetryFails() {
        try (ConnectRestClient impatient = ConnectRestClient.builder(client.baseUrl())
                .conflictRetry(Duration.ZERO).build()) {
            answer(409, "{\"error_code\":409,\"message\":\"rebalance in progress\"}");

            assertThatThrownBy(impatient::connectors)
                    .isInstanceOfSatisfying(ConnectRestException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(409))
                    .hasMessageContaining("rebalance in progress");
        }
    }

    @Test
    void basicAuthIsSentWithEveryCall() {
        try (ConnectRestClient withAuth = ConnectRestClient.builder(client.baseUrl())
                .basicAuth("admin", Secret.of("pw")).build()) {
            answer(200, "[]");

            withAuth.connectors();

            assertThat(requests.getFirst().authorization()).isEqualTo("Basic YWRtaW46cHc=");
        }
    }

    @Test
    void noWorkerListeningSaysWhatToCheck() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ConnectRestClient nowhere = ConnectRestClient.of(URI.create("http://127.0.0.1:" + closedPort))) {
            assertThatThrownBy(nowhere::connectors)
                    .isInstanceOfSatisfying(ConnectRestException.class,
                            e -> assertThat(e.httpStatus()).isZero())
                    .hasMessageContaining("GET /connectors failed (no HTTP answer): connection refused")
                    .hasMessageContaining("is the Connect worker running");
        }
    }

    @Test
    void connectorInfoPrintsNoSecret() {
        ConnectorInfo info = new ConnectorInfo("s", "sink", Map.of("database.password", "hunter2",
                "connection.uri", "mongodb://u:hunter3@h:27017/db"), List.of());

        assertThat(info.toString()).contains("database.password=******", "mongodb://u:******@h:27017/db")
                .doesNotContain("hunter2", "hunter3");
    }

    @Test
    void anAddressThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> ConnectRestClient.builder(URI.create("localhost:8083")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with http://");
    }
}

package io.tapflow.connect.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapflow.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A typed client for the Kafka Connect REST API: the same calls drive TapFlow's embedded worker and an
 * existing distributed Connect cluster.
 *
 * <p>Every call is one HTTP request, except that a call Connect answers with {@code 409 Conflict}
 * (its workers are rebalancing, or a config change is in flight), or with a 500 saying a rebalance is
 * expected, is retried until
 * {@link Builder#conflictRetry(Duration)} runs out. Failures are {@link ConnectRestException}s that name
 * the call, the HTTP status, Connect's own message and what to check. The client keeps no state besides
 * its HTTP connection pool and logs nothing; config values whose key contains {@code password} are
 * never put into messages or {@code toString()}.
 *
 * <pre>{@code
 * try (ConnectRestClient connect = ConnectRestClient.builder(URI.create("http://127.0.0.1:8083")).build()) {
 *     connect.createOrUpdate("orders-source", config);
 *     connect.status("orders-source").state();   // RUNNING, FAILED, ...
 * }
 * }</pre>
 */
public final class ConnectRestClient implements AutoCloseable {

    /** How long a connection attempt may take when none is set: 5 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * How long one request may take when none is set: 100 s, a little above Connect's own 90 s limit, so
     * that a slow call (validating a connector that reaches out to its database) ends with Connect's
     * message rather than ours.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(100);
    /** How long calls answered with 409 Conflict are retried when nothing is set: 30 s. */
    public static final Duration DEFAULT_CONFLICT_RETRY = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CONFLICT_PAUSE_MS = 250;

    private final URI baseUrl;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Duration conflictRetry;
    private final String authorization;

    private ConnectRestClient(Builder builder) {
        this.baseUrl = builder.baseUrl;
        this.requestTimeout = builder.requestTimeout;
        this.conflictRetry = builder.conflictRetry;
        this.authorization = builder.username == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (builder.username + ":" + builder.password.reveal()).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout).build();
    }

    /**
     * Starts a client for the Connect worker or cluster at {@code baseUrl}, for example
     * {@code http://127.0.0.1:8083}. Any worker of a distributed cluster will do: it forwards to the leader.
     */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /** A client for {@code baseUrl} with the default timeouts and no authentication. */
    public static ConnectRestClient of(URI baseUrl) {
        return builder(baseUrl).build();
    }

    /** The Connect REST address this client calls. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The names of all connectors ({@code GET /connectors}). */
    public List<String> connectors() {
        JsonNode body = call("GET", "/connectors", null, null);
        List<String> names = new ArrayList<>();
        body.forEach(name -> names.add(name.asText()));
        return List.copyOf(names);
    }

    /**
     * Creates the connector {@code name}, or replaces its whole config if it exists
     * ({@code PUT /connectors/{name}/config}). Connect validates the config first: an invalid one is refused
     * with a 400 whose message lists the errors ({@link #validate} gives them per key).
     *
     * @param config the connector config; {@code connector.class} is required, {@code name} may be left out
     */
    public ConnectorInfo createOrUpdate(String name, Map<String, String> config) {
        Objects.requireNonNull(config, "config");
        JsonNode body = call("PUT", "/connectors/" + segment(name) + "/config", config, config);
        return ConnectorInfo.fromJson(body);
    }

    /** The connector's current config ({@code GET /connectors/{name}/config}). */
    public Map<String, String> config(String name) {
        return strings(call("GET", "/connectors/" + segment(name) + "/config", null, null));
    }

    /** The connector's state and each task's, with the stack trace of what failed ({@code GET .../status}). */
    public ConnectorStatus status(String name) {
        return ConnectorStatus.fromJson(call("GET", "/connectors/" + segment(name) + "/status", null, null));
    }

    /**
     * Asks Connect to pause the connector and its tasks ({@code PUT .../pause}). Connect acts on it
     * asynchronously: {@link #status} shows {@link ConnectorState#PAUSED} a moment later.
     *
     * @see #resume(String)
     */
    public void pause(String name) {
        call("PUT", "/connectors/" + segment(name) + "/pause", null, null);
    }

    /**
     * Asks Connect to resume a paused or {@linkplain #stop stopped} connector ({@code PUT .../resume});
     * asynchronous like {@link #pause}. A stopped connector starts its tasks again from its offsets, or, if
     * they were {@linkplain #deleteOffsets deleted}, as a new connector would.
     */
    public void resume(String name) {
        call("PUT", "/connectors/" + segment(name) + "/resume", null, null);
    }

    /**
     * Stops the connector ({@code PUT .../stop}, Kafka 3.5 and later): its tasks are shut down and removed,
     * its config and offsets stay, and nothing runs until {@link #resume}. Connect acts on it
     * asynchronously: {@link #status} shows {@link ConnectorState#STOPPED} with no tasks a moment later.
     * Unlike {@link #pause}, a stopped connector's offsets can be changed ({@link #deleteOffsets}).
     */
    public void stop(String name) {
        call("PUT", "/connectors/" + segment(name) + "/stop", null, null);
    }

    /**
     * The positions Connect holds for the connector ({@code GET .../offsets}, Kafka 3.5 and later): for a
     * source connector, each source partition with the offset last committed for it; empty when it has
     * committed none.
     */
    public List<ConnectorOffset> offsets(String name) {
        JsonNode body = call("GET", "/connectors/" + segment(name) + "/offsets", null, null);
        List<ConnectorOffset> offsets = new ArrayList<>();
        body.path("offsets").forEach(entry -> offsets.add(ConnectorOffset.fromJson(entry)));
        return List.copyOf(offsets);
    }

    /**
     * Deletes every offset Connect holds for the connector ({@code DELETE .../offsets}, Kafka 3.5 and
     * later), so that, once {@linkplain #resume resumed}, it starts as a new connector would (Debezium:
     * with a snapshot). The connector must be {@linkplain #stop stopped} first, else Connect answers 400.
     */
    public void deleteOffsets(String name) {
        call("DELETE", "/connectors/" + segment(name) + "/offsets", null, null);
    }

    /**
     * Restarts the connector and its tasks if they failed, leaving running ones alone
     * ({@code POST .../restart?includeTasks=true&onlyFailed=true}).
     *
     * @return the status as the restart began: what is being restarted shows {@link ConnectorState#RESTARTING}
     */
    public ConnectorStatus restartFailed(String name) {
        return ConnectorStatus.fromJson(call("POST",
                "/connectors/" + segment(name) + "/restart?includeTasks=true&onlyFailed=true", null, null));
    }

    /** Stops and removes the connector ({@code DELETE /connectors/{name}}); its committed offsets stay. */
    public void delete(String name) {
        call("DELETE", "/connectors/" + segment(name), null, null);
    }

    /**
     * Every plugin the worker has: connectors, converters, transformations, predicates...
     * ({@code GET /connector-plugins?connectorsOnly=false}).
     */
    public List<ConnectorPlugin> plugins() {
        JsonNode body = call("GET", "/connector-plugins?connectorsOnly=false", null, null);
        List<ConnectorPlugin> plugins = new ArrayList<>();
        body.forEach(plugin -> plugins.add(ConnectorPlugin.fromJson(plugin)));
        return List.copyOf(plugins);
    }

    /**
     * Asks Connect to validate a connector config without creating anything
     * ({@code PUT /connector-plugins/{class}/config/validate}). A config Connect can check is answered
     * with a {@link ConfigValidation}, valid or not; only a request Connect cannot handle (unknown plugin)
     * throws.
     *
     * @param connectorClass the connector's class name, or its simple name ({@code MariaDbConnector})
     */
    public ConfigValidation validate(String connectorClass, Map<String, String> config) {
        Objects.requireNonNull(config, "config");
        Map<String, String> withClass = new LinkedHashMap<>(config);
        withClass.putIfAbsent("connector.class", connectorClass);
        JsonNode body = call("PUT", "/connector-plugins/" + segment(connectorClass) + "/config/validate",
                withClass, withClass);
        return ConfigValidation.fromJson(connectorClass, body, withClass);
    }

    /** Closes the HTTP connection pool. */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "ConnectRestClient[" + baseUrl + "]";
    }

    /**
     * One call: {@code pathAndQuery} is relative to the base URL; {@code sentConfig} is the config in the
     * request, if any, so that its secrets can be masked out of Connect's error message.
     */
    private JsonNode call(String method, String pathAndQuery, Object body, Map<String, String> sentConfig) {
        String callName = method + " " + pathAndQuery;
        HttpRequest request = request(method, pathAndQuery, body, callName, sentConfig);
        long giveUpAt = System.nanoTime() + conflictRetry.toNanos();
        while (true) {
            HttpResponse<String> response = send(request, callName, sentConfig);
            int status = response.statusCode();
            if (status / 100 == 2) {
                return parse(response.body(), callName, status, sentConfig);
            }
            if (isRebalancing(status, response.body()) && System.nanoTime() < giveUpAt) {
                waitBeforeRetry(callName, sentConfig);
                continue;
            }
            throw new ConnectRestException(baseUrl, callName, status, connectMessage(response.body()),
                    hintFor(status, pathAndQuery), sentConfig, null);
        }
    }

    /**
     * Connect answers 409 while its workers rebalance, and, right after a worker joins, sometimes 500 with
     * "Request cannot be completed because a rebalance is expected": both pass by themselves.
     */
    private static boolean isRebalancing(int status, String body) {
        return status == 409 || (status == 500 && body != null && body.contains("rebalance is expected"));
    }

    private HttpRequest request(String method, String pathAndQuery, Object body, String callName,
            Map<String, String> sentConfig) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(requestTimeout)
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        try {
            return request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new ConnectRestException(baseUrl, callName, 0, "the request body cannot be written as JSON: "
                    + e.getOriginalMessage(), "this is a bug in TapFlow; please report it", sentConfig, e);
        }
    }

    private HttpResponse<String> send(HttpRequest request, String callName, Map<String, String> sentConfig) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new ConnectRestException(baseUrl, callName, 0, "no connection within " + seconds(connectTimeout()),
                    "is the Connect worker running and reachable at " + baseUrl + "?", sentConfig, e);
        } catch (HttpTimeoutException e) {
            throw new ConnectRestException(baseUrl, callName, 0, "no answer within " + seconds(requestTimeout),
                    "the worker may be busy (a rebalance, or a connector slow to validate); retry, or raise the"
                            + " request timeout", sentConfig, e);
        } catch (ConnectException e) {
            throw new ConnectRestException(baseUrl, callName, 0, "connection refused",
                    "is the Connect worker running and listening at " + baseUrl + "?", sentConfig, e);
        } catch (IOException e) {
            throw new ConnectRestException(baseUrl, callName, 0, e.toString(),
                    "check the address " + baseUrl + " and that a Connect worker answers there", sentConfig, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectRestException(baseUrl, callName, 0, "interrupted while waiting for the answer",
                    "the calling thread was interrupted; the call may or may not have taken effect", sentConfig, e);
        }
    }

    private void waitBeforeRetry(String callName, Map<String, String> sentConfig) {
        try {
            Thread.sleep(CONFLICT_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectRestException(baseUrl, callName, 409, "interrupted while retrying a conflict",
                    "the calling thread was interrupted", sentConfig, e);
        }
    }

    private JsonNode parse(String body, String callName, int status, Map<String, String> sentConfig) {
        if (body == null || body.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ConnectRestException(baseUrl, callName, status, "the answer is not JSON: "
                    + e.getOriginalMessage(), "is " + baseUrl + " a Kafka Connect REST endpoint?", sentConfig, e);
        }
    }

    /** Connect answers errors with {@code {"error_code": 400, "message": "..."}}; anything else is shown as is. */
    private static String connectMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(no message)";
        }
        try {
            JsonNode error = JSON.readTree(body);
            if (error.hasNonNull("message")) {
                return error.get("message").asText();
            }
        } catch (JsonProcessingException e) {
            // Not Connect's error format (a proxy's HTML page, say): show the body itself.
        }
        return body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }

    private String hintFor(int status, String pathAndQuery) {
        boolean plugin = pathAndQuery.startsWith("/connector-plugins/");
        return switch (status) {
            case 400 -> plugin
                    ? "the config cannot be validated as sent; check connector.class and the request"
                    : pathAndQuery.endsWith("/offsets")
                            ? "a connector's offsets can only be changed once it is stopped: stop(name), wait for"
                                    + " status(name) to show STOPPED, then retry"
                            : "the connector config is invalid; validate(connectorClass, config) lists the errors"
                                    + " per key";
            case 401, 403 -> "the Connect REST API needs credentials: set basicAuth(user, password) on the builder";
            case 404 -> plugin
                    ? "the worker has no such plugin; check the class name and the worker's plugin.path (plugins()"
                            + " lists what it has)"
                    : pathAndQuery.endsWith("/status")
                            ? "there is no such connector, or it was created a moment ago and Connect has not"
                                    + " written its status yet; connectors() lists the ones that exist"
                            : "there is no such connector; connectors() lists the ones that exist";
            case 409 -> "the Connect workers were still rebalancing after " + seconds(conflictRetry)
                    + " of retries; check that every worker of the cluster is healthy, then retry";
            case 500 -> "Connect failed on its side; the worker's log has the details";
            default -> "see Connect's message above and the worker's log";
        };
    }

    private Duration connectTimeout() {
        return http.connectTimeout().orElse(DEFAULT_CONNECT_TIMEOUT);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String segment(String pathSegment) {
        if (pathSegment == null || pathSegment.isBlank()) {
            throw new IllegalArgumentException("a connector or plugin name must not be blank");
        }
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(),
                entry.getValue().isNull() ? null : entry.getValue().asText()));
        return map;
    }

    /** Settings of a {@link ConnectRestClient}; every one has a default. */
    public static final class Builder {

        private final URI baseUrl;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration conflictRetry = DEFAULT_CONFLICT_RETRY;
        private String username;
        private Secret password;

        private Builder(URI baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
                throw new IllegalArgumentException("Connect REST address '" + baseUrl + "' must start with http://"
                        + " or https://, for example http://127.0.0.1:8083");
            }
            String text = baseUrl.toString();
            this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        }

        /** How long opening a connection may take; default {@link #DEFAULT_CONNECT_TIMEOUT}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How long one request may take; default {@link #DEFAULT_REQUEST_TIMEOUT}. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * How long to keep retrying a call Connect answers with 409 Conflict (workers rebalancing);
         * {@link Duration#ZERO} fails at once. Default {@link #DEFAULT_CONFLICT_RETRY}.
         */
        public Builder conflictRetry(Duration retryFor) {
            Objects.requireNonNull(retryFor, "conflictRetry");
            if (retryFor.isNegative()) {
                throw new IllegalArgumentException("conflictRetry must not be negative, got " + retryFor);
            }
            this.conflictRetry = retryFor;
            return this;
        }

        /** Sends HTTP basic authentication with every call (a Connect cluster with a JAAS login module). */
        public Builder basicAuth(String username, Secret password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** The client; close it when done. */
        public ConnectRestClient build() {
            return new ConnectRestClient(this);
        }

        private static Duration positive(Duration duration, String what) {
            Objects.requireNonNull(duration, what);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + duration);
            }
            return duration;
        }
    }
}

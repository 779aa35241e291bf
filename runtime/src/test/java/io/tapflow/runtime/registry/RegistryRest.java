package io.tapflow.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;

/** What a client of the registry sees: GETs on its REST APIs, and the schema id in a record's bytes. */
final class RegistryRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RegistryRest() {
    }

    /** The JSON answer of a GET that must succeed. */
    static JsonNode get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during GET " + url, e);
        }
    }

    /** The status code of a GET. */
    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during GET " + url, e);
        }
    }

    /**
     * The schema id of a record in the Confluent wire format: magic byte 0, then the id in 4 bytes (big
     * endian), then the Avro binary.
     */
    static int schemaId(byte[] record) {
        if (record.length < 5 || record[0] != 0) {
            throw new AssertionError("not in the Confluent wire format (magic byte 0 + 4-byte id): "
                    + java.util.HexFormat.of().formatHex(record, 0, Math.min(record.length, 16)));
        }
        return ByteBuffer.wrap(record, 1, 4).getInt();
    }

    /** The Avro schema text the Confluent-compatible API gives for an id. */
    static String schemaText(SchemaRegistryServer registry, int id) {
        return get(registry.confluentCompatibleUrl() + "/schemas/ids/" + id).get("schema").asText();
    }
}

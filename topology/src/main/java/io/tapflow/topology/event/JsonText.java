package io.tapflow.topology.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON column text (Debezium's {@code io.debezium.data.Json}) to Java values and back. */
final class JsonText {

    /** Thread-safe once configured; never reconfigured. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonText() {
    }

    /**
     * Parses a JSON document into LinkedHashMap, ArrayList, String, Long/BigInteger, Double, Boolean or null.
     *
     * @throws JsonProcessingException when the text is not one JSON document
     */
    static Object parse(String text) throws JsonProcessingException {
        return toJava(MAPPER.readTree(text));
    }

    /**
     * Parses one JSON document from bytes like {@link #parse}, keeping object field order.
     *
     * @throws java.io.IOException when the bytes are not one JSON document
     */
    static Object parse(byte[] bytes) throws java.io.IOException {
        return toJava(MAPPER.readTree(bytes));
    }

    /** Compact JSON text of a Java value (maps, lists, strings, numbers, booleans, null). */
    static String format(Object value) throws JsonProcessingException {
        return MAPPER.writeValueAsString(value);
    }

    /** Whether {@code text} is one well-formed JSON document. */
    static boolean isJson(String text) {
        try {
            MAPPER.readTree(text);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                map.put(e.getKey(), toJava(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(toJava(element)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }
}

package io.tapflow.topology.event;

import static io.tapflow.topology.event.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Records that are not Debezium row changes fail with a reason a user can act on. */
class UndecodableEventTest {

    private static final String TOPIC = "dbserver1.shop.orders";

    @Test
    void garbageBytes() {
        byte[] garbage = {(byte) 0xC3, 0x28, 0x00, 0x7F, '{', '"'};

        assertThatThrownBy(() -> WireFormat.json(true).decode(TOPIC, null, garbage))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("'" + TOPIC + "'")
                .hasMessageContaining("cannot be read as Kafka Connect JSON with schemas");
    }

    @Test
    void plainJsonWhenSchemasAreExpected() {
        assertThatThrownBy(() -> WireFormat.json(true).decode(TOPIC, null, bytes("plain-row.json")))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("'" + TOPIC + "'")
                .hasMessageContaining("schemas.enable");
    }

    @Test
    void plainJsonWithoutEnvelope() {
        assertThatThrownBy(() -> WireFormat.json(false).decode(TOPIC, null, bytes("plain-row.json")))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("'" + TOPIC + "'")
                .hasMessageContaining("not a Debezium change event")
                .hasMessageContaining("[id, customer, total, status]");
    }

    @Test
    void structThatIsNotAnEnvelope() {
        assertThatThrownBy(() -> WireFormat.json(true).decode(TOPIC, null, bytes("orders-1001.key.json")))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("not a Debezium change event")
                .hasMessageContaining("'dbserver1.shop.orders.Key'");
    }

    @Test
    void truncateEvent() {
        assertThatThrownBy(() -> WireFormat.json(true).decode(TOPIC, null, bytes("orders-truncate.json")))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessage("Record on topic '" + TOPIC + "' is a truncate event (op 't'), not a row change");
    }

    @Test
    void messageEvent() {
        byte[] message = "{\"op\":\"m\",\"ts_ms\":1,\"message\":{\"prefix\":\"x\",\"content\":\"AQ==\"}}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WireFormat.json(false).decode(TOPIC, null, message))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("not a row change");
    }

    @Test
    void unknownOperation() {
        byte[] event = "{\"op\":\"x\",\"before\":null,\"after\":{\"id\":1}}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WireFormat.json(false).decode(TOPIC, null, event))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("op 'x'");
    }

    @Test
    void createWithoutAfterRow() {
        byte[] event = "{\"op\":\"c\",\"before\":null,\"after\":null}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WireFormat.json(false).decode(TOPIC, null, event))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("no 'after' row");
    }

    @Test
    void jsonColumnWithInvalidText() {
        String schema = "{\"type\":\"struct\",\"fields\":[{\"type\":\"string\",\"optional\":true,\"name\":\"io.debezium.data.Json\","
                + "\"version\":1,\"field\":\"doc\"}],\"optional\":false}";
        byte[] row = ("{\"schema\":" + schema + ",\"payload\":{\"doc\":\"{not json\"}}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WireFormat.json(true).decodeValue(TOPIC, row))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("'" + TOPIC + "'")
                .hasMessageContaining("value.doc is a JSON column");
    }
}

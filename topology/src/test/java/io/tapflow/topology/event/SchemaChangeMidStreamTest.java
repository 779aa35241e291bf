package io.tapflow.topology.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JSON decoding reuses the last schema it parsed for records that repeat it byte for byte; a record
 * with another schema (after an ALTER TABLE) must still be read with its own schema.
 */
class SchemaChangeMidStreamTest {

    private static final DebeziumTable BEFORE_ALTER = DebeziumTable.builder("tapflow.crm", "shop", "orders")
            .column("id", ColumnType.intType())
            .column("status", ColumnType.varchar())
            .primaryKey("id")
            .build();

    private static final DebeziumTable AFTER_ALTER = DebeziumTable.builder("tapflow.crm", "shop", "orders")
            .column("id", ColumnType.intType())
            .column("status", ColumnType.varchar())
            .column("total", ColumnType.decimal(10, 2))
            .primaryKey("id")
            .build();

    private static Map<String, Object> row(int id, String status) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("status", status);
        return row;
    }

    private static Map<String, Object> row(int id, String status, String total) {
        Map<String, Object> row = row(id, status);
        row.put("total", new BigDecimal(total));
        return row;
    }

    @Test
    void eachRecordIsReadWithItsOwnSchema() {
        WireFormat format = WireFormat.json(true);
        String topic = BEFORE_ALTER.topic();
        RawRecord a1 = BEFORE_ALTER.insert(row(1, "new")).getFirst();
        RawRecord a2 = BEFORE_ALTER.insert(row(2, "paid")).getFirst();
        RawRecord b1 = AFTER_ALTER.insert(row(3, "new", "10.50")).getFirst();
        RawRecord b2 = AFTER_ALTER.insert(row(4, "paid", "99.99")).getFirst();

        assertThat(format.decode(topic, a1.key(), a1.value()).after()).isEqualTo(row(1, "new"));
        assertThat(format.decode(topic, a2.key(), a2.value()).after()).isEqualTo(row(2, "paid"));
        assertThat(format.decode(topic, b1.key(), b1.value()).after()).isEqualTo(row(3, "new", "10.50"));
        assertThat(format.decode(topic, b2.key(), b2.value()).after()).isEqualTo(row(4, "paid", "99.99"));
        // A late record written before the ALTER still has the old shape.
        assertThat(format.decode(topic, a2.key(), a2.value()).after()).isEqualTo(row(2, "paid"));
        assertThat(format.decode(topic, b2.key(), b2.value()).after()).isEqualTo(row(4, "paid", "99.99"));
    }

    @Test
    void aRecordWithTheSameSchemaButOtherSpacingIsReadToo() {
        WireFormat format = WireFormat.json(true);
        String topic = BEFORE_ALTER.topic();
        RawRecord compact = BEFORE_ALTER.insert(row(1, "new")).getFirst();
        String spaced = new String(compact.value(), StandardCharsets.UTF_8).replace(",\"payload\":", ", \"payload\" : ") + "\n";
        assertThat(format.decode(topic, compact.key(), compact.value()).after()).isEqualTo(row(1, "new"));
        assertThat(format.decode(topic, compact.key(), spaced.getBytes(StandardCharsets.UTF_8)).after())
                .isEqualTo(row(1, "new"));
    }
}

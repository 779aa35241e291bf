package io.tapflow.runtime.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** What the sink writes to MongoDB comes back from the reader as plain Java values, and peek prints them readably. */
class MongoDbTableReaderTest {

    @Test
    void bsonValuesBecomePlainJavaValues() {
        Document document = new Document("_id", new Document("order_id", "o1").append("line", 2))
                .append("total", new Decimal128(new BigDecimal("21.90")))
                .append("minus_zero", Decimal128.NEGATIVE_ZERO)
                .append("not_a_number", Decimal128.NaN)
                .append("ordered_at", new Date(1_772_360_130_123L))
                .append("ref", new ObjectId("65f000000000000000000001"))
                .append("photo", new Binary(new byte[] {1, 2, 3}))
                .append("lines", List.of(new Document("sku", "A-1").append("price", new Decimal128(new BigDecimal("9.5")))))
                .append("quantity", 3L)
                .append("paid", true)
                .append("note", null);

        Map<String, Object> plain = MongoDbTableReader.plainDocument(document);

        assertThat(plain.keySet()).containsExactly("_id", "total", "minus_zero", "not_a_number", "ordered_at", "ref",
                "photo", "lines", "quantity", "paid", "note");
        assertThat(plain.get("_id")).isEqualTo(Map.of("order_id", "o1", "line", 2));
        assertThat(plain.get("total")).isEqualTo(new BigDecimal("21.90"));
        assertThat(plain.get("minus_zero")).isEqualTo(BigDecimal.ZERO);
        assertThat(plain.get("not_a_number")).isEqualTo(Double.NaN);
        assertThat(plain.get("ordered_at")).isEqualTo(Instant.parse("2026-03-01T10:15:30.123Z"));
        assertThat(plain.get("ref")).isEqualTo("65f000000000000000000001");
        assertThat((byte[]) plain.get("photo")).containsExactly(1, 2, 3);
        assertThat(plain.get("lines")).isEqualTo(List.of(Map.of("sku", "A-1", "price", new BigDecimal("9.5"))));
        assertThat(plain.get("quantity")).isEqualTo(3L);
        assertThat(plain.get("paid")).isEqualTo(true);
        assertThat(plain.get("note")).isNull();
    }

    @Test
    void peekPrintsDecimalsAsNumbersAndDatesAsIsoText() {
        Document document = new Document("_id", "o1")
                .append("total", new Decimal128(new BigDecimal("21.90")))
                .append("ordered_at", new Date(1_772_360_130_123L))
                .append("address", new Document("city", "Berlin"));

        String printed = new Peek("MongoDB_ECommerce.orders", 1, List.of(MongoDbTableReader.plainDocument(document)))
                .toString();

        assertThat(printed).isEqualTo("""
                table MongoDB_ECommerce.orders has 1 records
                {
                  "_id": "o1",
                  "total": 21.90,
                  "ordered_at": "2026-03-01T10:15:30.123Z",
                  "address": {
                    "city": "Berlin"
                  }
                }""");
    }
}

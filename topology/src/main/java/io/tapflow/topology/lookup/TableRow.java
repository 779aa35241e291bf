package io.tapflow.topology.lookup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A row as a lookup keeps it in a table: its primary key (from the change event) and its values after the
 * table's stages, with any lookups embedded.
 */
public record TableRow(Map<String, Object> key, Map<String, Object> row) {

    /** The serde of table rows in state stores and internal topics ({@link RowCodec}). */
    public static Serde<TableRow> serde() {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : encode(value),
                (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    static byte[] encode(TableRow value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            RowCodec.write(out, value.key());
            RowCodec.write(out, value.row());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static TableRow decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return new TableRow((Map<String, Object>) RowCodec.read(in), (Map<String, Object>) RowCodec.read(in));
        } catch (IOException e) {
            throw new UncheckedIOException("not a TapFlow table row: " + e.getMessage(), e);
        }
    }
}

package io.tapflow.topology.lookup;

import io.tapflow.topology.event.TypedNull;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of rows in a lookup's state stores and internal topics: every Java type a decoded row holds
 * ({@link io.tapflow.topology.event.WireFormat}), maps in their order, lists, and {@link TypedNull}s. The same
 * value always gives the same bytes, which the foreign-key joins rely on (they compare and hash them).
 *
 * <p>Internal topics are TapFlow's own working state, not an interface: they are written in this compact
 * format, not Avro; the flow's output topic is Avro through the registry as always.
 */
public final class RowCodec {

    private static final byte NULL = 0, STRING = 1, INT = 2, LONG = 3, SHORT = 4, BYTE = 5, FLOAT = 6, DOUBLE = 7,
            TRUE = 8, FALSE = 9, DECIMAL = 10, BIG_INTEGER = 11, DATE = 12, DATE_TIME = 13, INSTANT = 14, TIME = 15,
            DURATION = 16, OFFSET_DATE_TIME = 17, ZONED_DATE_TIME = 18, BYTES = 19, MAP = 20, LIST = 21,
            TYPED_NULL = 22;

    private RowCodec() {
    }

    /** The bytes of a value. */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The value of bytes written by {@link #encode}; maps come back as {@link LinkedHashMap}s, lists as {@link ArrayList}s. */
    public static Object decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("not a TapFlow row: " + e.getMessage(), e);
        }
    }

    static void write(DataOutputStream out, Object value) throws IOException {
        switch (value) {
            case null -> out.writeByte(NULL);
            case String s -> {
                out.writeByte(STRING);
                text(out, s);
            }
            case Integer i -> {
                out.writeByte(INT);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(LONG);
                out.writeLong(l);
            }
            case Short s -> {
                out.writeByte(SHORT);
                out.writeShort(s);
            }
            case Byte b -> {
                out.writeByte(BYTE);
                out.writeByte(b);
            }
            case Float f -> {
                out.writeByte(FLOAT);
                out.writeFloat(f);
            }
            case Double d -> {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            }
            case Boolean b -> out.writeByte(b ? TRUE : FALSE);
            case BigDecimal d -> {
                out.writeByte(DECIMAL);
                out.writeInt(d.scale());
                bytes(out, d.unscaledValue().toByteArray());
            }
            case BigInteger i -> {
                out.writeByte(BIG_INTEGER);
                bytes(out, i.toByteArray());
            }
            case LocalDate d -> {
                out.writeByte(DATE);
                out.writeLong(d.toEpochDay());
            }
            case LocalDateTime t -> {
                out.writeByte(DATE_TIME);
                out.writeLong(t.toEpochSecond(ZoneOffset.UTC));
                out.writeInt(t.getNano());
            }
            case Instant t -> {
                out.writeByte(INSTANT);
                out.writeLong(t.getEpochSecond());
                out.writeInt(t.getNano());
            }
            case LocalTime t -> {
                out.writeByte(TIME);
                out.writeLong(t.toNanoOfDay());
            }
            case Duration d -> {
                out.writeByte(DURATION);
                out.writeLong(d.getSeconds());
                out.writeInt(d.getNano());
            }
            case OffsetDateTime t -> {
                out.writeByte(OFFSET_DATE_TIME);
                out.writeLong(t.toEpochSecond());
                out.writeInt(t.getNano());
                out.writeInt(t.getOffset().getTotalSeconds());
            }
            case ZonedDateTime t -> {
                out.writeByte(ZONED_DATE_TIME);
                out.writeLong(t.toEpochSecond());
                out.writeInt(t.getNano());
                text(out, t.getZone().getId());
            }
            case byte[] b -> {
                out.writeByte(BYTES);
                bytes(out, b);
            }
            case Map<?, ?> map -> {
                out.writeByte(MAP);
                out.writeInt(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    text(out, String.valueOf(e.getKey()));
                    write(out, e.getValue());
                }
            }
            case List<?> list -> {
                out.writeByte(LIST);
                out.writeInt(list.size());
                for (Object element : list) {
                    write(out, element);
                }
            }
            case TypedNull typed -> {
                out.writeByte(TYPED_NULL);
                text(out, typed.code());
            }
            default -> throw new IllegalArgumentException("a row value of type " + value.getClass().getName()
                    + " cannot be kept in a lookup's state; rows hold the types listed on WireFormat");
        }
    }

    static Object read(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case STRING -> text(in);
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case SHORT -> in.readShort();
            case BYTE -> in.readByte();
            case FLOAT -> in.readFloat();
            case DOUBLE -> in.readDouble();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case DECIMAL -> {
                int scale = in.readInt();
                yield new BigDecimal(new BigInteger(bytes(in)), scale);
            }
            case BIG_INTEGER -> new BigInteger(bytes(in));
            case DATE -> LocalDate.ofEpochDay(in.readLong());
            case DATE_TIME -> LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC);
            case INSTANT -> Instant.ofEpochSecond(in.readLong(), in.readInt());
            case TIME -> LocalTime.ofNanoOfDay(in.readLong());
            case DURATION -> Duration.ofSeconds(in.readLong(), in.readInt());
            case OFFSET_DATE_TIME -> {
                Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
                yield OffsetDateTime.ofInstant(at, ZoneOffset.ofTotalSeconds(in.readInt()));
            }
            case ZONED_DATE_TIME -> {
                Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
                yield ZonedDateTime.ofInstant(at, ZoneId.of(text(in)));
            }
            case BYTES -> bytes(in);
            case MAP -> {
                int size = in.readInt();
                Map<String, Object> map = new LinkedHashMap<>(Math.max(4, size * 2));
                for (int i = 0; i < size; i++) {
                    map.put(text(in), read(in));
                }
                yield map;
            }
            case LIST -> {
                int size = in.readInt();
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(read(in));
                }
                yield list;
            }
            case TYPED_NULL -> TypedNull.forCode(text(in));
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    static void text(DataOutputStream out, String text) throws IOException {
        bytes(out, text.getBytes(StandardCharsets.UTF_8));
    }

    static String text(DataInputStream in) throws IOException {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    static void bytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static byte[] bytes(DataInputStream in) throws IOException {
        return in.readNBytes(in.readInt());
    }
}

package io.tapflow.topology.lookup;

import io.tapflow.topology.event.TypedNull;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The join value of a row for a lookup's relation, as bytes: the values of the relation's fields in relation order,
 * so that a parent and its children give equal bytes when their fields hold equal values. Whole numbers compare by
 * value whatever their Java type (an INT column joins a BIGINT or an exact DECIMAL one); strings compare exactly
 * (MySQL's case-insensitive collations do not apply). A row with a {@code null} in any of the fields has no join
 * value and matches nothing, as in SQL.
 */
public final class RelationKey {

    private RelationKey() {
    }

    /** The join value of {@code row} on {@code fields}, or {@code null} if a field is missing or null. */
    public static byte[] of(Map<String, Object> row, List<String> fields) {
        List<Object> values = new ArrayList<>(fields.size());
        for (String field : fields) {
            Object value = normalize(row.get(field));
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        return RowCodec.encode(values);
    }

    /** The value as it is compared: {@code null} for a typed null, whole numbers as {@code Long} where they fit. */
    static Object normalize(Object value) {
        return switch (value) {
            case null -> null;
            case TypedNull ignored -> null;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case BigInteger i -> i.bitLength() < 64 ? (Object) i.longValue() : new BigDecimal(i);
            case BigDecimal d -> {
                BigDecimal stripped = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
                if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() < 19) {
                    yield stripped.longValueExact();
                }
                yield stripped;
            }
            default -> value;
        };
    }
}

package io.tapflow.topology.event;

/**
 * A Kafka record as bytes, exactly as a converter wrote it.
 *
 * @param key   the serialized key; {@code null} for a table without a primary key
 * @param value the serialized value; {@code null} for a tombstone
 */
public record RawRecord(byte[] key, byte[] value) {
}

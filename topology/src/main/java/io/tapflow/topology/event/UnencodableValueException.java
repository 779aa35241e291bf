package io.tapflow.topology.event;

/**
 * An output row holds a value that cannot be written with the wire format: a Java type with no mapping, or
 * list elements of types that cannot share one schema. The message names the field path (for example
 * {@code items[2].price}) and the types involved.
 */
public final class UnencodableValueException extends RuntimeException {

    public UnencodableValueException(String message) {
        super(message);
    }

    public UnencodableValueException(String message, Throwable cause) {
        super(message, cause);
    }
}

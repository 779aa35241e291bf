package io.tapflow.udf;

/** A UDF's source cannot be parsed; says where, as the language's parser reported it. */
public final class UdfSyntaxException extends IllegalArgumentException {

    private final int line;
    private final int column;

    UdfSyntaxException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    /** The line of the error, counted from 1 (0 when the parser gave none). */
    public int line() {
        return line;
    }

    /** The column of the error, counted from 1 (0 when the parser gave none). */
    public int column() {
        return column;
    }
}

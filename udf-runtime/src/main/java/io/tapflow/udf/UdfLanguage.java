package io.tapflow.udf;

/** The languages a UDF can be written in. */
public enum UdfLanguage {
    /** Python 3 (GraalPy). */
    PYTHON("python", "Python"),
    /** JavaScript (GraalJS, ECMAScript 2024). */
    JAVASCRIPT("js", "JavaScript");

    private final String id;
    private final String displayName;

    UdfLanguage(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The GraalVM language id: {@code python} or {@code js}. */
    public String id() {
        return id;
    }

    /** The name users know: {@code Python} or {@code JavaScript}. */
    public String displayName() {
        return displayName;
    }
}

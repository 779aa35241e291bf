package io.tapflow.udf;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Python or JavaScript function {@code process(record, context)}, checked and ready to run. Immutable and
 * shared by every stream task of a flow; each task runs it in its own {@link UdfInstance} ({@link #open}).
 */
public final class UdfFunction {

    /** The time limit per record when none is given. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(2);

    private static final Pattern PYTHON_PROCESS = Pattern.compile("(?m)^def\\s+process\\s*\\(");
    private static final Pattern JS_PROCESS = Pattern.compile(
            "\\bfunction\\s+process\\s*\\(|\\b(?:var|let|const)\\s+process\\s*=");

    private final UdfLanguage language;
    private final String name;
    private final String source;
    private final Duration timeLimit;

    private UdfFunction(UdfLanguage language, String name, String source, Duration timeLimit) {
        this.language = language;
        this.name = name;
        this.source = source;
        this.timeLimit = timeLimit;
    }

    /**
     * Checks a UDF's source: it must parse, and define a top-level function {@code process}.
     *
     * @param name the stage's name; the source's name in stack traces
     * @param timeLimit how long one call may run before it is stopped
     * @throws UdfSyntaxException if the source does not parse (with line and column)
     * @throws IllegalArgumentException if the source defines no {@code process} function
     */
    public static UdfFunction of(UdfLanguage language, String name, String source, Duration timeLimit) {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(source, "source");
        check(language, name, source);
        return new UdfFunction(language, name, source, timeLimit == null ? DEFAULT_TIME_LIMIT : timeLimit);
    }

    /**
     * Checks a UDF's source without keeping it; what {@link #of} checks.
     *
     * @throws UdfSyntaxException if the source does not parse
     * @throws IllegalArgumentException if it defines no {@code process} function
     */
    public static void check(UdfLanguage language, String name, String source) {
        UdfEngine.shared().checkSyntax(language, source, name);
        Pattern process = language == UdfLanguage.PYTHON ? PYTHON_PROCESS : JS_PROCESS;
        if (!process.matcher(source).find()) {
            throw new IllegalArgumentException(language == UdfLanguage.PYTHON
                    ? "the source defines no top-level function 'process'. Fix: def process(record, context):"
                            + " ... return record"
                    : "the source defines no function 'process'. Fix: function process(record, context) {"
                            + " ... return record; }");
        }
    }

    /** The language. */
    public UdfLanguage language() {
        return language;
    }

    /** The stage's name. */
    public String name() {
        return name;
    }

    /** The source text. */
    public String source() {
        return source;
    }

    /** How long one call may run. */
    public Duration timeLimit() {
        return timeLimit;
    }

    /**
     * A context of its own for one stream task, with the source evaluated (module-level code run, imports
     * done), so the first record pays no start-up cost. Close it when the task closes.
     *
     * @param env the flow's {@code env} values, seen by the function as {@code context.env}
     * @throws UdfException if the module-level code fails
     */
    public UdfInstance open(Map<String, String> env) {
        return new UdfInstance(this, UdfEngine.shared(), env == null ? Map.of() : env);
    }
}

package io.tapflow;

import io.tapflow.udf.UdfFunction;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a Python or JavaScript stage, for {@link FlowStageStep#py(String, UdfOptions)} and
 * {@link FlowStageStep#js(String, UdfOptions)}: {@code UdfOptions.defaults().withDeletes()}.
 */
public final class UdfOptions {

    /** The time one call may take on one record by default: 2 s. */
    public static final Duration DEFAULT_TIME_LIMIT = UdfFunction.DEFAULT_TIME_LIMIT;

    private static final UdfOptions DEFAULTS = new UdfOptions(false, null);

    private final boolean deletes;
    private final Duration timeLimit;

    private UdfOptions(boolean deletes, Duration timeLimit) {
        this.deletes = deletes;
        this.timeLimit = timeLimit;
    }

    /** Deletes pass the stage untouched; each call may take {@link #DEFAULT_TIME_LIMIT}. */
    public static UdfOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The function also sees deletes: {@code record} is the row as it was, {@code context.op} is
     * {@code delete}; returning None/null drops the delete (the target keeps the document), anything else
     * lets it through.
     */
    public UdfOptions withDeletes() {
        return new UdfOptions(true, timeLimit);
    }

    /**
     * How long one call may run on one record; a call that runs longer is stopped and its record goes to
     * the dead-letter topic.
     */
    public UdfOptions timeLimit(Duration limit) {
        Objects.requireNonNull(limit, "limit");
        return new UdfOptions(deletes, limit);
    }

    /** Whether the function sees deletes. */
    public boolean deletes() {
        return deletes;
    }

    /** The time limit per record; {@code null} for the default. */
    public Duration timeLimit() {
        return timeLimit;
    }
}

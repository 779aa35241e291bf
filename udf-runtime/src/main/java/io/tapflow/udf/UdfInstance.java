package io.tapflow.udf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream task's context for a {@link UdfFunction}: not thread-safe, used by one thread at a time,
 * closed with the task.
 *
 * <h2>Types</h2>
 * <table>
 *   <caption>How record values look to the function, and what comes back</caption>
 *   <tr><th>Java</th><th>Python</th><th>JavaScript</th></tr>
 *   <tr><td>String</td><td>str</td><td>string</td></tr>
 *   <tr><td>Integer, Long</td><td>int</td><td>number; a long beyond 2^53 is a BigInt</td></tr>
 *   <tr><td>Double, Float</td><td>float</td><td>number</td></tr>
 *   <tr><td>BigDecimal</td><td>decimal.Decimal (exact)</td><td>number, only when a double holds it exactly
 *       (otherwise the record fails: JavaScript has no decimal type)</td></tr>
 *   <tr><td>Boolean</td><td>bool</td><td>boolean</td></tr>
 *   <tr><td>LocalDate</td><td>datetime.date</td><td>Date at 00:00 UTC</td></tr>
 *   <tr><td>LocalDateTime</td><td>naive datetime.datetime</td><td>Date, read as UTC (milliseconds)</td></tr>
 *   <tr><td>Instant</td><td>datetime.datetime in UTC</td><td>Date (milliseconds)</td></tr>
 *   <tr><td>LocalTime</td><td>datetime.time</td><td>string {@code HH:mm:ss[.fff]}</td></tr>
 *   <tr><td>byte[]</td><td>bytes</td><td>Uint8Array</td></tr>
 *   <tr><td>Map, List (JSON columns)</td><td>dict, list</td><td>object, array</td></tr>
 *   <tr><td>null</td><td>None</td><td>null (undefined comes back as null)</td></tr>
 * </table>
 * Back in Java, a Python int is a Long (a BigInteger beyond 64 bits), a float a Double, a Decimal a
 * BigDecimal, an aware datetime an Instant, a naive one a LocalDateTime. A JavaScript number is a Long when
 * it is whole, a Double otherwise, and a Date an Instant. Then each top-level field takes the Java type it
 * had coming in, where that type holds the new value exactly: an INT column stays an Integer, a DECIMAL a
 * BigDecimal of the same scale, a DATETIME a LocalDateTime, and a value the function did not change comes
 * back as it went in (so a JavaScript UDF keeps the microseconds of the dates it does not touch).
 */
public final class UdfInstance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdfInstance.class);
    private static final long JS_SAFE_INTEGER = (1L << 53) - 1;

    enum Stop { TIME, MEMORY }

    /**
     * One call of the function on one record, as the watchdog sees it. Each call is a new object: the watchdog
     * stops a call by naming it ({@link #stop}), so a stop meant for a call that has ended can never reach the next.
     */
    static final class Call {
        final long threadId = Thread.currentThread().threadId();
        final long deadline;
        final long allocatedAtStart;
        /** Set once an interrupt of this call went through: the watchdog leaves it alone from then on. */
        volatile boolean stopped;
        /** Why the watchdog stopped this call; set before it interrupts. */
        volatile Stop stopReason;

        Call(long deadline, long allocatedAtStart) {
            this.deadline = deadline;
            this.allocatedAtStart = allocatedAtStart;
        }
    }

    private final UdfFunction function;
    private final UdfEngine engine;
    private final boolean python;
    private final Context context;
    private final Value caller;
    private final Value global;
    private Guest guest;
    /**
     * Held while a call starts or ends, and by the watchdog while it stops a call: a stop runs only while the
     * call it was meant for is still the running one, and that call cannot end (nor the next one start) before
     * the stop is over.
     */
    private final Object callLock = new Object();
    /** The running call, or null; written under {@link #callLock}. */
    private volatile Call call;
    private volatile boolean closed;

    UdfInstance(UdfFunction function, UdfEngine engine, Map<String, String> env) {
        this.function = function;
        this.engine = engine;
        this.python = function.language() == UdfLanguage.PYTHON;
        this.context = engine.newContext(function.language(), new LogStream(function.name()));
        try {
            context.eval(Source.newBuilder(function.language().id(), prelude(), "tapflow-prelude").buildLiteral());
            Value bindings = context.getBindings(function.language().id());
            this.guest = new Guest(bindings);
            Map<String, Object> environment = new LinkedHashMap<>(env);
            if (python) {
                Value loaded = bindings.getMember("_tapflow_load").execute(function.source(), function.name());
                this.global = bindings.getMember("_tf_new_dict").execute();
                this.caller = bindings.getMember("_tapflow_caller").execute(loaded.getArrayElement(0),
                        loaded.getArrayElement(1), environment, global);
            } else {
                context.eval(Source.newBuilder("js", function.source(), function.name()).buildLiteral());
                Value process = bindings.getMember("process");
                if (process == null || !process.canExecute()) {
                    throw new UdfException("JavaScript stage '" + function.name() + "': the source defines no"
                            + " function 'process'. Fix: function process(record, context) { ... return record; }");
                }
                this.global = context.eval("js", "({})");
                this.caller = bindings.getMember("_tapflow_caller").execute(process,
                        ProxyObject.fromMap(environment), global);
            }
        } catch (PolyglotException e) {
            context.close(true);
            throw new UdfException(function.language().displayName() + " stage '" + function.name()
                    + "' failed while loading its source: " + e.getMessage(), stackTrace(e), e);
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
        engine.watch(this);
    }

    /**
     * Runs the function on one record.
     *
     * @param record the row; not changed
     * @param event what the function's {@code context} tells about the change
     * @return the row the function returned, or {@code null} if it returned None/null (drop the record)
     * @throws UdfException if the function failed on this record; the instance stays usable
     */
    public Map<String, Object> call(Map<String, Object> record, UdfEvent event) {
        if (closed) {
            throw new IllegalStateException("UDF stage '" + function.name() + "' is closed");
        }
        try {
            return invoke(record, event);
        } catch (PolyglotException e) {
            throw failure(e);
        }
    }

    private Map<String, Object> invoke(Map<String, Object> record, UdfEvent event) {
        Map<String, Object> in = guest.record(record);
        EventView view = new EventView(event);
        Call current = new Call(System.nanoTime() + function.timeLimit().toNanos(), engine.allocatedBytes());
        boolean interruptedBefore = Thread.currentThread().isInterrupted();
        synchronized (callLock) {
            call = current;
        }
        try {
            try {
                if (python) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    boolean keep = caller.execute(in, view, out).asBoolean();
                    return keep ? restore(record, guest.fromPythonHost(out, in, record)) : null;
                }
                Value result = caller.execute(ProxyObject.fromMap(in), view);
                return result.isNull() ? null : restore(record, guest.fromJsObject(result));
            } finally {
                // Waits for a stop of this call that is under way to finish, so it cannot reach the next call.
                synchronized (callLock) {
                    call = null;
                }
                if (current.stopReason != null && !interruptedBefore) {
                    // GraalVM's interrupt also sets the thread's interrupt status (to wake it from a wait). When the
                    // stop timed out (the thread got no CPU in time), that status outlives it: cleared here, or the
                    // next call would fail on it ("Thread was interrupted."), and so would the stream thread's I/O.
                    Thread.interrupted();
                }
            }
        } catch (PolyglotException e) {
            if (current.stopReason != null) {
                throw stoppedFailure(current.stopReason, e);
            }
            throw e;
        }
    }

    /**
     * Interrupts the call the watchdog chose, if it is still the running one; a call that has ended is never
     * interrupted on behalf of another. Called by the watchdog only.
     *
     * @param wait how long to wait for the running code to notice
     * @return whether the call was interrupted: false if it had ended already (then nothing was done), or if it
     *         did not stop within {@code wait} (its thread got no CPU in time, or it runs host code): the watchdog
     *         tries again while it is still the running call
     */
    boolean stop(Call chosen, Stop reason, Duration wait) {
        synchronized (callLock) {
            if (call != chosen || closed) {
                return false;
            }
            chosen.stopReason = reason;
            try {
                context.interrupt(wait);
            } catch (TimeoutException e) {
                return false;
            } catch (IllegalStateException e) {
                // Closed meanwhile: nothing runs any more.
                return false;
            }
            chosen.stopped = true;
            return true;
        }
    }

    Call currentCall() {
        return call;
    }

    /** Closes the context; a call still running is cancelled. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            engine.unwatch(this);
            context.close(true);
        }
    }

    private UdfException stoppedFailure(Stop reason, PolyglotException e) {
        String what = function.language().displayName() + " stage '" + function.name() + "'";
        if (reason == Stop.TIME) {
            return new UdfException(what + " ran longer than its time limit of " + function.timeLimit().toMillis()
                    + " ms on this record and was stopped (an endless loop?). Fix: make process() faster,"
                    + " or give the stage a longer time limit.", stackTrace(e), e);
        }
        return new UdfException(what + " allocated more than " + UdfEngine.ALLOCATION_LIMIT_BYTES / (1024 * 1024)
                + " MB on this record and was stopped. Fix: process one record with less memory.", stackTrace(e), e);
    }

    private UdfException failure(PolyglotException e) {
        String what = function.language().displayName() + " stage '" + function.name() + "'";
        String message = e.getMessage();
        if (e.isResourceExhausted() || (message != null && message.startsWith("MemoryError"))) {
            return new UdfException(what + " ran out of memory on this record (" + message + "): a record may not"
                    + " allocate that much. Fix: process one record with less memory.", stackTrace(e), e);
        }
        if (e.isHostException()) {
            Throwable cause = e.asHostException();
            if (cause instanceof UdfException udf) {
                return udf;
            }
            return new UdfException(what + " failed: " + cause, stackTrace(e), cause);
        }
        return new UdfException(what + " failed on this record: " + message, stackTrace(e), e);
    }

    private String stackTrace(PolyglotException e) {
        if (python && e.isGuestException() && guest != null) {
            try {
                return guest.traceback.execute(e.getGuestObject()).asString();
            } catch (PolyglotException | IllegalStateException unreadable) {
                // Fall back to the frames GraalVM knows.
            }
        }
        StringBuilder trace = new StringBuilder(String.valueOf(e.getMessage()));
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (!frame.isGuestFrame() || frame.getSourceLocation() == null
                    || frame.getSourceLocation().getSource().getName().startsWith("tapflow-prelude")) {
                continue;
            }
            var at = frame.getSourceLocation();
            trace.append("\n  at ").append(frame.getRootName() == null ? "<module>" : frame.getRootName())
                    .append(" (").append(at.getSource().getName()).append(", line ").append(at.getStartLine())
                    .append(", column ").append(at.getStartColumn()).append(')');
        }
        return trace.toString();
    }

    private String prelude() {
        String resource = python ? "prelude.py" : "prelude.js";
        try (InputStream in = UdfInstance.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("udf-runtime is missing its resource " + resource, e);
        }
    }

    /** The change behind the record, as the function's {@code context} reads it. */
    public final class EventView {
        private final UdfEvent event;

        EventView(UdfEvent event) {
            this.event = event;
        }

        /** {@code insert}, {@code update}, {@code delete} or {@code snapshot}. */
        @HostAccess.Export
        public String op() {
            return event.op();
        }

        /** The row before the change, or null. */
        @HostAccess.Export
        public Object before() {
            return event.before() == null ? null : python ? guest.record(event.before())
                    : ProxyObject.fromMap(guest.record(event.before()));
        }

        /** {@code <database>.<table>}. */
        @HostAccess.Export
        public String table() {
            return event.table();
        }

        /** Debezium's source block. */
        @HostAccess.Export
        public Object position() {
            Map<String, Object> position = guest.record(event.position() == null ? Map.of() : event.position());
            return python ? position : ProxyObject.fromMap(position);
        }

        /** When the change was made. */
        @HostAccess.Export
        public Object eventTime() {
            return event.eventTime() == null ? null : guest.toGuest(event.eventTime(), "event_time");
        }
    }

    /**
     * Each top-level field takes back the Java type it came in with, where that type holds the new value
     * exactly; an unchanged value comes back as the very object that went in.
     */
    private static Map<String, Object> restore(Map<String, Object> original, Map<String, Object> result) {
        for (Map.Entry<String, Object> field : result.entrySet()) {
            Object before = original.get(field.getKey());
            if (before != null && field.getValue() != null && before.getClass() != field.getValue().getClass()) {
                field.setValue(Restore.as(before, field.getValue()));
            }
        }
        return result;
    }

    /** Converts values between Java and the context's language. */
    private final class Guest {
        private final Value decimal;
        private final Value date;
        private final Value dateTime;
        private final Value instant;
        private final Value time;
        private final Value bytes;
        private final Value dict;
        private final Value list;
        private final Value str;
        private final Value bigint;
        private final Value none;
        private final Value traceback;
        private final Value integer;

        Guest(Value bindings) {
            none = python ? bindings.getMember("_tf_none").execute() : null;
            traceback = python ? bindings.getMember("_tf_traceback") : null;
            if (python) {
                decimal = bindings.getMember("_tf_decimal");
                date = bindings.getMember("_tf_date");
                dateTime = bindings.getMember("_tf_datetime");
                instant = bindings.getMember("_tf_instant");
                time = bindings.getMember("_tf_time");
                bytes = bindings.getMember("_tf_bytes");
                dict = bindings.getMember("_tf_dict");
                list = bindings.getMember("_tf_list");
                str = bindings.getMember("_tf_str");
                integer = bindings.getMember("_tf_int");
                bigint = null;
            } else {
                integer = null;
                decimal = null;
                dateTime = null;
                instant = null;
                time = null;
                str = null;
                date = bindings.getMember("_tf_date");
                bytes = bindings.getMember("_tf_bytes");
                dict = bindings.getMember("_tf_object");
                list = bindings.getMember("_tf_array");
                bigint = bindings.getMember("_tf_bigint");
            }
        }

        /** A row whose values the guest reads as its own types (see the table on {@link UdfInstance}). */
        Map<String, Object> record(Map<String, Object> row) {
            Map<String, Object> out = new LinkedHashMap<>(row.size() * 2);
            for (Map.Entry<String, Object> field : row.entrySet()) {
                out.put(field.getKey(), toGuest(field.getValue(), field.getKey()));
            }
            return out;
        }

        Object toGuest(Object value, String path) {
            return switch (value) {
                // A Java null would be a foreign object in Python, not None.
                case null -> none;
                case String s -> s;
                case Boolean b -> b;
                case Integer i -> i;
                case Short s -> s.intValue();
                case Byte b -> b.intValue();
                case Double d -> d;
                case Float f -> f.doubleValue();
                case Long l -> python || Math.abs(l) <= JS_SAFE_INTEGER ? l : bigint.execute(l.toString());
                case BigInteger i -> python ? integer.execute(i.toString()) : bigint.execute(i.toString());
                case BigDecimal d -> python ? decimal.execute(d.toString()) : jsNumber(d, path);
                case LocalDate d -> python ? date.execute(d.getYear(), d.getMonthValue(), d.getDayOfMonth())
                        : date.execute(d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
                case LocalDateTime t -> python ? dateTime.execute(t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                        t.getHour(), t.getMinute(), t.getSecond(), micros(t.getNano(), path))
                        : date.execute(t.toInstant(ZoneOffset.UTC).toEpochMilli());
                case Instant t -> instant(t, path);
                case OffsetDateTime t -> instant(t.toInstant(), path);
                case ZonedDateTime t -> instant(t.toInstant(), path);
                case LocalTime t -> python ? time.execute(t.getHour(), t.getMinute(), t.getSecond(),
                        micros(t.getNano(), path)) : t.toString();
                case byte[] b -> bytes.execute(HexFormat.of().formatHex(b));
                case Map<?, ?> m -> {
                    Map<String, Object> converted = new LinkedHashMap<>();
                    m.forEach((k, v) -> converted.put(String.valueOf(k), toGuest(v, path + "." + k)));
                    yield dict.execute(python ? converted : ProxyObject.fromMap(converted));
                }
                case List<?> l -> {
                    List<Object> converted = new ArrayList<>(l.size());
                    for (int i = 0; i < l.size(); i++) {
                        converted.add(toGuest(l.get(i), path + "[" + i + "]"));
                    }
                    yield list.execute(python ? converted : ProxyArray.fromList(converted));
                }
                default -> throw new UdfException(function.language().displayName() + " stage '" + function.name()
                        + "': field '" + path + "' holds a " + value.getClass().getName()
                        + ", which UDFs cannot read. Fix: exclude the field before this stage.");
            };
        }

        private Object instant(Instant t, String path) {
            if (python) {
                return instant.execute(t.getEpochSecond(), micros(t.getNano(), path));
            }
            return date.execute(t.toEpochMilli());
        }

        private int micros(int nanos, String path) {
            if (nanos % 1000 != 0) {
                throw new UdfException("Python stage '" + function.name() + "': field '" + path
                        + "' has nanoseconds, which Python's datetime cannot hold (it keeps microseconds).");
            }
            return nanos / 1000;
        }

        private Object jsNumber(BigDecimal d, String path) {
            double asDouble = d.doubleValue();
            if (Double.isFinite(asDouble) && BigDecimal.valueOf(asDouble).compareTo(d) == 0) {
                return asDouble;
            }
            throw new UdfException("JavaScript stage '" + function.name() + "': field '" + path + "' holds the decimal "
                    + d.toPlainString() + ", which a JavaScript number cannot hold exactly (JavaScript has no decimal"
                    + " type). Fix: use a Python stage (it sees decimal.Decimal), or exclude the field before this stage.");
        }

        /**
         * What Python's {@code out.update(result)} wrote into a host map. A date, time, Decimal or bytes value
         * that is still the very object this record gave Python (they are immutable there) is the original Java
         * value: no conversion back.
         */
        Map<String, Object> fromPythonHost(Map<String, Object> out, Map<String, Object> sent,
                                           Map<String, Object> original) {
            for (Map.Entry<String, Object> field : out.entrySet()) {
                Object value = field.getValue();
                if (sent.get(field.getKey()) instanceof Value given && immutableInPython(original.get(field.getKey()))
                        && !(value instanceof String || value instanceof Number || value instanceof Boolean)
                        && value != null && context.asValue(value).equals(given)) {
                    field.setValue(original.get(field.getKey()));
                } else {
                    field.setValue(fromHost(value, field.getKey()));
                }
            }
            return out;
        }

        private static boolean immutableInPython(Object original) {
            return original instanceof java.time.temporal.Temporal || original instanceof BigDecimal
                    || original instanceof BigInteger || original instanceof byte[];
        }

        private Object fromHost(Object value, String path) {
            return switch (value) {
                case null -> null;
                case String s -> s;
                case Boolean b -> b;
                case Integer i -> i.longValue();
                case Long l -> l;
                case BigInteger i -> i.bitLength() < 64 ? (Object) i.longValue() : i;
                case Double d -> d;
                case Value v -> fromValue(v, path);
                default -> fromValue(context.asValue(value), path);
            };
        }

        Map<String, Object> fromJsObject(Value object) {
            if (!object.hasMembers()) {
                throw new UdfException("JavaScript stage '" + function.name() + "': process must return the record"
                        + " (an object), or null to drop it; it returned " + object);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (String key : object.getMemberKeys()) {
                out.put(key, fromValue(object.getMember(key), key));
            }
            return out;
        }

        Object fromValue(Value v, String path) {
            if (v.isNull()) {
                return null;
            }
            if (v.isBoolean()) {
                return v.asBoolean();
            }
            if (v.isString()) {
                return v.asString();
            }
            if (v.isNumber()) {
                return number(v);
            }
            if (v.isHostObject()) {
                return v.asHostObject();
            }
            if (v.isInstant()) {
                return v.asInstant();
            }
            if (v.isDate() && v.isTime()) {
                return LocalDateTime.of(v.asDate(), v.asTime());
            }
            if (v.isDate()) {
                return v.asDate();
            }
            if (v.isTime()) {
                return v.asTime();
            }
            if (python && "Decimal".equals(v.getMetaObject().getMetaSimpleName())) {
                String text = str.execute(v).asString();
                try {
                    return new BigDecimal(text);
                } catch (NumberFormatException e) {
                    throw new UdfException("Python stage '" + function.name() + "' returned Decimal('" + text
                            + "') in field '" + path + "', which a decimal column cannot hold.");
                }
            }
            if (v.hasBufferElements() && python) {
                byte[] out = new byte[(int) v.getBufferSize()];
                v.readBuffer(0, out, 0, out.length);
                return out;
            }
            if (v.hasHashEntries()) {
                Map<String, Object> out = new LinkedHashMap<>();
                Value entries = v.getHashEntriesIterator();
                while (entries.hasIteratorNextElement()) {
                    Value entry = entries.getIteratorNextElement();
                    Value key = entry.getArrayElement(0);
                    String name = key.isString() ? key.asString() : key.toString();
                    out.put(name, fromValue(entry.getArrayElement(1), path + "." + name));
                }
                return out;
            }
            if (v.hasArrayElements()) {
                List<Object> out = new ArrayList<>((int) v.getArraySize());
                for (long i = 0; i < v.getArraySize(); i++) {
                    out.add(fromValue(v.getArrayElement(i), path + "[" + i + "]"));
                }
                return out;
            }
            if (!python && v.hasMembers() && !v.canExecute()) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (String key : v.getMemberKeys()) {
                    out.put(key, fromValue(v.getMember(key), path + "." + key));
                }
                return out;
            }
            throw new UdfException(function.language().displayName() + " stage '" + function.name()
                    + "' returned a " + v.getMetaObject() + " in field '" + path + "', which a record cannot hold."
                    + " Fix: return strings, numbers, " + (python ? "Decimal, " : "") + "booleans, dates, "
                    + (python ? "dicts, lists or None." : "objects, arrays or null."));
        }

        private Object number(Value v) {
            if (python) {
                // Python floats, and Java doubles that went in inside a list or dict, stay floating point.
                String type = v.getMetaObject().getMetaSimpleName();
                if (type.equals("float") || type.equals("Double") || type.equals("Float")) {
                    return v.asDouble();
                }
                return v.fitsInLong() ? (Object) v.asLong() : v.fitsInBigInteger() ? v.asBigInteger() : v.asDouble();
            }
            if (!v.fitsInDouble() || "bigint".equals(v.getMetaObject().getMetaSimpleName())) {
                return v.fitsInLong() ? (Object) v.asLong() : v.asBigInteger();
            }
            double d = v.asDouble();
            if (v.fitsInLong() && !(d == 0 && 1 / d < 0)) {
                return v.asLong();
            }
            return d;
        }
    }

    /** UDF output (print, console.log) goes to the log, a line at a time, under the stage's name. */
    private static final class LogStream extends OutputStream {
        private final String stage;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LogStream(String stage) {
            this.stage = stage;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                LOG.info("[{}] {}", stage, line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else if (line.size() < 8192) {
                line.write(b);
            }
        }
    }

    /** The rules of {@link #restore}. */
    private static final class Restore {
        static Object as(Object before, Object value) {
            try {
                return switch (before) {
                    case Integer i when value instanceof Number n && integral(n) -> n instanceof BigInteger big
                            ? big.intValueExact() : Math.toIntExact(longExact(n));
                    case Short s when value instanceof Number n && integral(n) -> (short) Math.toIntExact(longExact(n));
                    case Long l when value instanceof Number n && integral(n) -> n instanceof BigInteger big
                            ? big.longValueExact() : longExact(n);
                    case Float f when value instanceof Double d && (double) (float) d.doubleValue() == d -> d.floatValue();
                    case Double d when value instanceof Long l && Math.abs(l) <= JS_SAFE_INTEGER -> l.doubleValue();
                    case BigDecimal d when value instanceof Number n -> decimal(d, n);
                    case LocalDateTime t when value instanceof Instant i -> sameMillis(t.toInstant(ZoneOffset.UTC), i)
                            ? t : LocalDateTime.ofInstant(i, ZoneOffset.UTC);
                    case LocalDate d when value instanceof Instant i
                            && i.equals(i.truncatedTo(ChronoUnit.DAYS)) -> LocalDate.ofInstant(i, ZoneOffset.UTC);
                    case Instant t when value instanceof Instant i && sameMillis(t, i) -> t;
                    case LocalTime t when value instanceof String s -> LocalTime.parse(s);
                    case byte[] b when value instanceof List<?> list -> bytes(list);
                    default -> value;
                };
            } catch (ArithmeticException | java.time.format.DateTimeParseException | ClassCastException e) {
                return value;
            }
        }

        private static boolean integral(Number n) {
            return n instanceof Long || n instanceof Integer || n instanceof BigInteger
                    || (n instanceof Double d && d == Math.rint(d) && !d.isInfinite());
        }

        private static long longExact(Number n) {
            if (n instanceof Double d) {
                if (Math.abs(d) > JS_SAFE_INTEGER) {
                    throw new ArithmeticException("not exact");
                }
                return d.longValue();
            }
            return n.longValue();
        }

        private static boolean sameMillis(Instant original, Instant value) {
            return original.truncatedTo(ChronoUnit.MILLIS).equals(value);
        }

        private static Object decimal(BigDecimal before, Number n) {
            BigDecimal value = switch (n) {
                case BigInteger i -> new BigDecimal(i);
                case Long l -> BigDecimal.valueOf(l);
                case Integer i -> BigDecimal.valueOf(i);
                case Double d when Double.isFinite(d) -> BigDecimal.valueOf(d);
                default -> null;
            };
            if (value == null) {
                return n;
            }
            if (value.compareTo(before) == 0) {
                return before;
            }
            try {
                return value.setScale(before.scale());
            } catch (ArithmeticException e) {
                return value;
            }
        }

        private static byte[] bytes(List<?> list) {
            byte[] out = new byte[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) ((Number) list.get(i)).intValue();
            }
            return out;
        }
    }
}

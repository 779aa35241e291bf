package io.tapflow.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What the demo prints: numbered steps, indented details, progress lines and the failure at the end. Logs
 * of the parts it runs go to a file, not here.
 */
final class Console {

    private final PrintStream out;
    private final boolean terminal;
    private int step;
    private String progressLabel;
    private String lastProgressLine;
    private long lastProgressAt;

    private Console(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** A stream that is not a terminal, for tests: progress prints a line every few seconds. */
    static Console to(PrintStream out) {
        return new Console(out, false);
    }

    /** Standard output; progress rewrites its line when it is a terminal, else prints a line every few seconds. */
    static Console onStandardOutput() {
        return new Console(System.out, System.console() != null && System.getenv("CI") == null);
    }

    synchronized void title(String title) {
        out.println(title);
        out.println("=".repeat(Math.min(title.length(), 100)));
    }

    synchronized void step(String what) {
        endProgress();
        out.println();
        out.println("[" + ++step + "] " + what);
    }

    synchronized void info(String line) {
        endProgress();
        out.println("    " + line);
    }

    synchronized void done(String line) {
        endProgress();
        out.println("    done: " + line);
    }

    /** Prints text indented, line by line. */
    synchronized void block(String text) {
        endProgress();
        text.lines().forEach(line -> out.println("      " + line));
    }

    /** {@code label: 45,000 / 100,000 (45%)}, on one line that is rewritten in a terminal. */
    synchronized void progress(String label, long done, long total) {
        String line = "    " + label + ": " + number(done) + " / " + number(total)
                + (total > 0 ? " (" + Math.min(100, done * 100 / total) + "%)" : "");
        long now = System.nanoTime();
        if (line.equals(lastProgressLine)) {
            return;
        }
        lastProgressLine = line;
        if (terminal) {
            out.print("\r" + line + "   ");
            progressLabel = label;
            if (done >= total) {
                endProgress();
            }
        } else if (done >= total || !label.equals(progressLabel) || now - lastProgressAt > 5_000_000_000L) {
            out.println(line);
            progressLabel = label;
            lastProgressAt = now;
        }
        out.flush();
    }

    /** The reason the demo stops, on standard error. */
    synchronized void failed(RuntimeException error) {
        endProgress();
        System.err.println();
        System.err.println("tap demo failed: " + error.getMessage());
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !error.getMessage().contains(cause.getMessage())) {
                System.err.println("  caused by: " + cause.getMessage());
            }
        }
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private void endProgress() {
        if (terminal && progressLabel != null) {
            out.println();
        }
        progressLabel = null;
    }
}

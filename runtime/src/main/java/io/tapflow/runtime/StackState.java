package io.tapflow.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** {@code stack.properties}: what a start of the embedded stack remembers for the next one. */
final class StackState {

    private final Path file;
    private final Properties values;

    private StackState(Path file, Properties values) {
        this.file = file;
        this.values = values;
    }

    static StackState load(Path home) {
        Path file = home.resolve("stack.properties");
        Properties values = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                values.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new StackState(file, values);
    }

    String get(String key) {
        return values.getProperty(key);
    }

    void put(String key, String value) {
        values.setProperty(key, value);
    }

    void save() {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                values.store(out, "TapFlow embedded stack: reused by the next start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

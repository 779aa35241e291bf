package io.tapflow.runtime.catalog;

import io.tapflow.Secret;
import io.tapflow.SecretStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Secret values in a properties file that only its owner can read, which Kafka Connect reads through
 * its {@code FileConfigProvider}: a connector config holds {@code ${file:<path>:<reference>}}, never
 * the value. The catalog holds only the reference.
 */
public final class FileSecretStore implements SecretStore {

    /** The name the Connect worker's {@code FileConfigProvider} is registered under. */
    public static final String CONFIG_PROVIDER = "file";

    private final Path file;
    private final Path fileOnConnectWorkers;

    /**
     * A store in {@code file}, created (readable by its owner only) on the first secret; the Connect
     * workers read the same path.
     */
    public FileSecretStore(Path file) {
        this(file, file.toAbsolutePath());
    }

    /**
     * A store in {@code file} that the Connect workers read at another path: a worker in a container that
     * mounts the file's folder, say, at {@code /etc/tapflow/secrets}.
     *
     * @param fileOnConnectWorkers where the workers' {@code FileConfigProvider} finds the file
     */
    public FileSecretStore(Path file, Path fileOnConnectWorkers) {
        if (!fileOnConnectWorkers.isAbsolute()) {
            throw new IllegalArgumentException("the path Connect workers read the secret store at must be"
                    + " absolute, got '" + fileOnConnectWorkers + "'");
        }
        this.file = file.toAbsolutePath();
        this.fileOnConnectWorkers = fileOnConnectWorkers;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized String put(String reference, Secret secret) {
        Properties secrets = load();
        secrets.setProperty(reference, secret.reveal());
        save(secrets);
        return connectReference(reference);
    }

    @Override
    public synchronized Secret get(String reference) {
        String value = load().getProperty(reference);
        if (value == null) {
            throw new IllegalStateException("no secret '" + reference + "' in " + file
                    + ". Fix: save the data source again with its password.");
        }
        return Secret.of(value);
    }

    /** How a Connect worker with the {@code file} config provider reads the secret. */
    @Override
    public String connectReference(String reference) {
        return "${" + CONFIG_PROVIDER + ":" + fileOnConnectWorkers + ":" + reference + "}";
    }

    private Properties load() {
        Properties secrets = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                secrets.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the secret store " + file, e);
            }
        }
        return secrets;
    }

    private void save(Properties secrets) {
        try {
            Files.createDirectories(file.getParent());
            Path next = Files.createTempFile(file.getParent(), ".secrets", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(next)) {
                secrets.store(out, "TapFlow secrets: readable by their owner only; never in the catalog");
            }
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secret store " + file, e);
        }
    }
}

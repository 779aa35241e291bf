package io.tapflow.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Where the files the embedded stack runs from live: the Kafka Connect plugin folders and the schema
 * registry server.
 *
 * <p>The build of the {@code runtime} module fills {@code runtime/target/connect-plugins/} (one folder per
 * plugin: {@code debezium}, {@code mongodb-sink}, {@code apicurio-converter}) and
 * {@code runtime/target/apicurio-registry/}, and records both absolute paths in the
 * {@code runtime-layout.properties} resource, so code run from this checkout ({@code ./tap}, tests) finds
 * them with no setting. An installation laid out elsewhere sets the system properties
 * {@value #CONNECT_PLUGINS_PROPERTY} and {@value #SCHEMA_REGISTRY_HOME_PROPERTY}, which win.
 */
public final class RuntimeLayout {

    /** System property: the folder holding one subfolder per Connect plugin (Connect's {@code plugin.path}). */
    public static final String CONNECT_PLUGINS_PROPERTY = "tapflow.connect.plugins";
    /** System property: the folder holding the schema registry server's {@code quarkus-run.jar}. */
    public static final String SCHEMA_REGISTRY_HOME_PROPERTY = "tapflow.schema.registry.home";

    private static final String RESOURCE = "runtime-layout.properties";
    private static final String HOW_TO_FIX = "Build the runtime module (./tap build) in this checkout, or set -D%s"
            + " to the folder.";

    private RuntimeLayout() {
    }

    /**
     * The folder whose subfolders are the Connect plugins: Connect's {@code plugin.path}.
     *
     * @throws IllegalStateException if it does not exist or holds no plugin folder, with the fix
     */
    public static Path connectPlugins() {
        Path folder = locate(CONNECT_PLUGINS_PROPERTY, "connect.plugins.dir", "Kafka Connect plugin folder");
        try (Stream<Path> entries = Files.list(folder)) {
            if (entries.noneMatch(Files::isDirectory)) {
                throw new IllegalStateException("The Kafka Connect plugin folder " + folder + " holds no plugin"
                        + " folder. " + HOW_TO_FIX.formatted(CONNECT_PLUGINS_PROPERTY));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Kafka Connect plugin folder " + folder, e);
        }
        return folder;
    }

    /**
     * The folder of the Apicurio schema registry server, holding {@code quarkus-run.jar}.
     *
     * @throws IllegalStateException if it does not exist or has no {@code quarkus-run.jar}, with the fix
     */
    public static Path schemaRegistryHome() {
        Path folder = locate(SCHEMA_REGISTRY_HOME_PROPERTY, "schema.registry.home", "schema registry folder");
        if (!Files.isRegularFile(folder.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("The schema registry folder " + folder + " has no quarkus-run.jar. "
                    + HOW_TO_FIX.formatted(SCHEMA_REGISTRY_HOME_PROPERTY));
        }
        return folder;
    }

    private static Path locate(String systemProperty, String buildKey, String what) {
        String configured = System.getProperty(systemProperty);
        String path = configured != null && !configured.isBlank() ? configured : built().getProperty(buildKey);
        if (path == null || path.isBlank()) {
            throw new IllegalStateException("No " + what + " is known: " + RESOURCE + " is missing from the class"
                    + " path. " + HOW_TO_FIX.formatted(systemProperty));
        }
        Path folder = Path.of(path).toAbsolutePath();
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("The " + what + " " + folder + " does not exist"
                    + (configured != null ? " (set by -D" + systemProperty + ")" : "") + ". "
                    + HOW_TO_FIX.formatted(systemProperty));
        }
        return folder;
    }

    private static Properties built() {
        Properties properties = new Properties();
        try (InputStream in = RuntimeLayout.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return properties;
    }
}

package io.tapflow.runtime.registry;

import io.tapflow.runtime.RuntimeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Apicurio schema registry (the app unpacked under {@link RuntimeLayout#schemaRegistryHome()}) running as a
 * child process of this JVM: the embedded stack's registry, where Debezium, flows and the MongoDB sink
 * register and look up the Avro schemas of their records.
 *
 * <p>The process runs on the {@code java} of this JVM (which must be 21 or newer) with a 256 MiB heap and
 * listens on 127.0.0.1 only: its API on {@link #url()} and its management interface (health) on a second
 * port. Its output goes to {@link #logFile()}, never to this JVM's console.
 *
 * <p><b>Storage.</b> By default the registry keeps its schemas in memory (an H2 in-memory database) and
 * forgets them when it stops. With {@link Builder#dataDir(Path)} it keeps them in an H2 database file in
 * that folder, so a registry started again on the same folder resumes with the same schemas <em>and the same
 * ids</em>, which the records already on Kafka topics refer to. Every commit is written to the file at once,
 * so the schemas survive a killed process too. Only one registry may use a folder at a time (H2 locks the
 * file; a second one fails to start).
 *
 * <p><b>Compatibility.</b> A subject with no rule of its own is checked with {@code BACKWARD} compatibility:
 * a new version must be able to read the data written with the previous one, so adding an optional column
 * passes and changing a column's type is refused. This is the registry's default global rule (set with
 * {@code apicurio.rules.global.compatibility}); a global rule set through the registry's API replaces it.
 *
 * <p>{@link #close()} stops the process. A shutdown hook stops it as well if this JVM exits without closing
 * it; nothing can stop it if this JVM is killed outright ({@code kill -9}).
 *
 * <pre>{@code
 * try (SchemaRegistryServer registry = SchemaRegistryServer.builder().dataDir(home.resolve("registry")).start()) {
 *     WireFormat avro = WireFormat.avro(registry.apicurioV2Url());
 *     ...
 * }
 * }</pre>
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);

    /** The compatibility rule a subject without its own rule is checked with. */
    public static final String DEFAULT_COMPATIBILITY = "BACKWARD";
    /** The file the registry's output goes to, in the data folder (or the work folder when in memory). */
    public static final String LOG_FILE_NAME = "registry.log";

    private static final int MIN_JAVA_FEATURE = 21;
    private static final String LOOPBACK = "127.0.0.1";
    /** The H2 database file name in the data folder; H2 adds {@code .mv.db}. */
    private static final String DATABASE_NAME = "registry";
    private static final int LOG_TAIL_LINES = 30;
    private static final int LOG_ERROR_LINES = 8;
    private static final int PORT_ATTEMPTS = 3;
    /** What Quarkus logs when it cannot bind: a port picked free was taken before the registry bound it. */
    private static final String PORT_IN_USE = "seems to be in use by another process";
    /** What it logs when the management interface cannot bind. */
    private static final String ADDRESS_IN_USE = "Address already in use";
    private static final long READY_POLL_MS = 100;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final String url;
    private final Path logFile;
    private final Path temporaryWorkDir;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private SchemaRegistryServer(Process process, String url, Path logFile, Path temporaryWorkDir,
            Thread shutdownHook) {
        this.process = process;
        this.url = url;
        this.logFile = logFile;
        this.temporaryWorkDir = temporaryWorkDir;
        this.shutdownHook = shutdownHook;
    }

    /** Settings for a registry: in memory, on ports the system picks; {@link Builder#start()} starts it. */
    public static Builder builder() {
        return new Builder();
    }

    /** The registry's base URL, for example {@code http://127.0.0.1:40123}. */
    public String url() {
        return url;
    }

    /**
     * The Apicurio v2 API, {@code <url>/apis/registry/v2}: the URL the Apicurio Connect converter (Debezium,
     * flows, the MongoDB sink) is given; see {@code WireFormat.avro}.
     */
    public String apicurioV2Url() {
        return url + "/apis/registry/v2";
    }

    /** The Apicurio v3 API, {@code <url>/apis/registry/v3}: for Apicurio 3.x serdes and the registry's admin API. */
    public String apicurioV3Url() {
        return url + "/apis/registry/v3";
    }

    /**
     * The Confluent-compatible API, {@code <url>/apis/ccompat/v7}, for clients written for a Confluent schema
     * registry: subjects are {@code <topic>-key} and {@code <topic>-value}, and the ids in records resolve at
     * {@code /schemas/ids/<id>}.
     */
    public String confluentCompatibleUrl() {
        return url + "/apis/ccompat/v7";
    }

    /** The file holding the registry process's output; kept after {@link #close()} only with a data folder. */
    public Path logFile() {
        return logFile;
    }

    /** Whether the registry process is running: started, not closed, not exited. */
    public boolean isRunning() {
        return !closed && process.isAlive();
    }

    /**
     * Stops the registry process: asks it to stop, and kills it if it has not stopped within 10 s. Without a
     * data folder its schemas are gone, and so is its work folder with the log. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long begin = System.nanoTime();
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting: the hook is running or has run, and stops nothing more.
        }
        if (temporaryWorkDir != null) {
            deleteRecursively(temporaryWorkDir);
        }
        log.info("Schema registry at {} stopped in {} ms", url, (System.nanoTime() - begin) / 1_000_000);
    }

    @Override
    public String toString() {
        return "SchemaRegistryServer[" + url + (closed ? ", closed" : "") + "]";
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Schema registry process {} did not stop within {} s; killing it", process.pid(),
                        STOP_TIMEOUT.toSeconds());
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("Cannot delete the schema registry work folder {}: {}", folder, e.toString());
        }
    }

    /** Settings of a {@link SchemaRegistryServer}; {@link #start()} starts it. */
    public static final class Builder {

        private Path home;
        private Path dataDir;
        private int port;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /**
         * The folder holding the registry's {@code quarkus-run.jar}; default
         * {@link RuntimeLayout#schemaRegistryHome()}.
         */
        public Builder home(Path folder) {
            this.home = Objects.requireNonNull(folder, "home");
            return this;
        }

        /**
         * Keeps the schemas in an H2 database file in this folder (created if missing), so that a registry
         * started again on the same folder has the same schemas under the same ids; the log goes there too.
         * Default: schemas in memory, lost when the registry stops.
         */
        public Builder dataDir(Path folder) {
            Objects.requireNonNull(folder, "dataDir");
            if (folder.toAbsolutePath().toString().contains(";")) {
                // ';' separates settings in an H2 URL.
                throw new IllegalArgumentException("Schema registry data folder '" + folder + "' contains ';',"
                        + " which an H2 database path cannot: choose a folder without it");
            }
            this.dataDir = folder.toAbsolutePath();
            return this;
        }

        /**
         * The API's port on 127.0.0.1; default 0, a free port the system picks. A fixed port keeps
         * {@link #url()} the same across restarts, which matters because connector configurations keep it.
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Schema registry port " + port + " must be 0 (any free port) or"
                        + " 1 to 65535");
            }
            this.port = port;
            return this;
        }

        /** How long {@link #start()} waits for the registry to be ready; default 60 s. */
        public Builder startTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("Schema registry start timeout must be positive, got " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Starts the registry process and waits until its management interface reports it ready.
         *
         * @throws IllegalStateException if this JVM is older than Java 21, or the registry exits or is not
         *                               ready within the start timeout; the message has the end of its log
         */
        public SchemaRegistryServer start() {
            Path java = javaExecutable();
            Path registryHome = home != null ? home : RuntimeLayout.schemaRegistryHome();
            if (!Files.isRegularFile(registryHome.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException("The schema registry folder " + registryHome + " has no"
                        + " quarkus-run.jar: give the folder the Apicurio registry app was unpacked into");
            }
            // On a failed start a temporary work folder stays, for the log the error names.
            Path temporaryWorkDir = null;
            try {
                Path workDir;
                if (dataDir != null) {
                    workDir = Files.createDirectories(dataDir);
                } else {
                    temporaryWorkDir = Files.createTempDirectory("tapflow-schema-registry-");
                    workDir = temporaryWorkDir;
                }
                Path logFile = workDir.resolve(LOG_FILE_NAME);
                for (int attempt = 1; ; attempt++) {
                    int apiPort = port != 0 ? port : freePort();
                    Attempt started = launch(java, registryHome, workDir, temporaryWorkDir, logFile, apiPort,
                            freePort());
                    Optional<SchemaRegistryServer> ready = started.awaitReady(temporaryWorkDir);
                    if (ready.isPresent()) {
                        return ready.get();
                    }
                    // A port picked free was taken in the meantime: pick again.
                    if (attempt == PORT_ATTEMPTS) {
                        throw started.failure("could not bind its ports in " + PORT_ATTEMPTS + " attempts. Fix: if"
                                + " port " + apiPort + " is taken by another program, stop it, or delete"
                                + " registry.port from the stack's stack.properties so another is picked");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the schema registry in "
                        + (dataDir != null ? dataDir : "a temporary folder") + ": " + e.getMessage(), e);
            }
        }

        private Attempt launch(Path java, Path registryHome, Path workDir, Path temporaryWorkDir, Path logFile,
                int apiPort, int managementPort) throws IOException {
            List<String> command = new ArrayList<>(List.of(java.toString(),
                    "-Xmx256m",
                    // The registry answers few requests (clients cache schemas by id): starting fast
                    // (about a second less) matters more than peak throughput.
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.host=" + LOOPBACK,
                    "-Dquarkus.http.port=" + apiPort,
                    "-Dquarkus.management.host=" + LOOPBACK,
                    "-Dquarkus.management.port=" + managementPort,
                    // One line per request would make the log grow without bound.
                    "-Dquarkus.http.access-log.enabled=false",
                    "-Dquarkus.log.console.format=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %s%e%n",
                    "-Dapicurio.rules.global.compatibility=" + DEFAULT_COMPATIBILITY,
                    // The default pool opens 20 connections to a database only this process uses.
                    "-Dapicurio.datasource.jdbc.initial-size=1",
                    "-Dapicurio.datasource.jdbc.min-size=1"));
            if (dataDir != null) {
                // WRITE_DELAY=0: H2 otherwise writes commits up to 0.5 s later, and a registry killed in
                // that window would give the ids of schemas records already carry to new schemas.
                command.add("-Dapicurio.datasource.url=jdbc:h2:file:" + dataDir.resolve(DATABASE_NAME)
                        + ";WRITE_DELAY=0");
            }
            command.addAll(List.of("-jar", registryHome.resolve("quarkus-run.jar").toString()));

            long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            Files.writeString(logFile, "---- " + Instant.now() + " TapFlow starts the schema registry: "
                    + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
            Thread hook = new Thread(() -> {
                stop(process);
                if (temporaryWorkDir != null) {
                    deleteRecursively(temporaryWorkDir);
                }
            }, "tapflow-schema-registry-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            return new Attempt(process, hook, "http://" + LOOPBACK + ":" + apiPort,
                    URI.create("http://" + LOOPBACK + ":" + managementPort + "/health/ready"), logFile, logStart,
                    startTimeout);
        }

        private static Path javaExecutable() {
            int feature = Runtime.version().feature();
            Path java = Path.of(System.getProperty("java.home"), "bin",
                    System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java");
            if (feature < MIN_JAVA_FEATURE) {
                throw new IllegalStateException("The schema registry needs Java " + MIN_JAVA_FEATURE + " or newer,"
                        + " and runs on the Java of this JVM, which is " + Runtime.version() + " (" + java + ")."
                        + " Run TapFlow with a JDK " + MIN_JAVA_FEATURE + "+ (set JAVA_HOME).");
            }
            return java;
        }

        private static java.io.File nullFile() {
            return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
                return socket.getLocalPort();
            }
        }
    }

    /** One start of the process, until it is ready or has failed. */
    private record Attempt(Process process, Thread hook, String url, URI readiness, Path logFile, long logStart,
                           Duration timeout) {

        /**
         * The running server once ready; empty if the process exited because a port picked free was taken.
         *
         * @throws IllegalStateException on any other failure, with the end of the log
         */
        Optional<SchemaRegistryServer> awaitReady(Path temporaryWorkDir) {
            long begin = System.nanoTime();
            long deadline = begin + timeout.toNanos();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest request = HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).GET().build();
            String lastAnswer = "no answer yet";
            try {
                while (System.nanoTime() < deadline) {
                    if (!process.isAlive()) {
                        // The management port is always picked free, so a bind failure may be a race to retry.
                        String output = logSinceStart();
                        if (output.contains(PORT_IN_USE) || output.contains(ADDRESS_IN_USE)) {
                            stopAndForget();
                            return Optional.empty();
                        }
                        throw failure("the process exited with code " + process.exitValue());
                    }
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            log.info("Schema registry ready at {} in {} ms (process {}, log {})", url,
                                    (System.nanoTime() - begin) / 1_000_000, process.pid(), logFile);
                            return Optional.of(new SchemaRegistryServer(process, url, logFile, temporaryWorkDir,
                                    hook));
                        }
                        lastAnswer = "HTTP " + response.statusCode() + " " + response.body();
                    } catch (IOException notListeningYet) {
                        lastAnswer = notListeningYet.toString();
                    }
                    Thread.sleep(READY_POLL_MS);
                }
                throw failure("it was not ready within " + timeout.toSeconds() + " s (last answer of " + readiness
                        + ": " + lastAnswer + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for it to be ready");
            } finally {
                http.close();
            }
        }

        /** Stops the process and returns the error to throw, with the end of this start's log. */
        IllegalStateException failure(String reason) {
            stopAndForget();
            List<String> lines = Arrays.asList(logSinceStart().split("\\R"));
            // The cause is often deep in a stack trace longer than the tail: name it first.
            List<String> errors = lines.stream()
                    .filter(line -> line.contains(" ERROR ") || line.startsWith("Caused by:"))
                    .limit(LOG_ERROR_LINES).toList();
            String nl = System.lineSeparator();
            return new IllegalStateException("The schema registry at " + url + " did not start: " + reason
                    + ". Its log is " + logFile + "."
                    + (errors.isEmpty() ? "" : nl + "Errors it logged:" + nl + String.join(nl, errors))
                    + nl + "The last lines:" + nl
                    + String.join(nl, lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())));
        }

        private void stopAndForget() {
            stop(process);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting and the hook stops the process anyway.
            }
        }

        private String logSinceStart() {
            try {
                byte[] all = Files.readAllBytes(logFile);
                int from = (int) Math.min(logStart, all.length);
                return new String(all, from, all.length - from, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + logFile + ": " + e + ")";
            }
        }
    }
}

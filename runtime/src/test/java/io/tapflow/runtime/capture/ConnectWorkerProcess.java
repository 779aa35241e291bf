package io.tapflow.runtime.capture;

import io.tapflow.runtime.connect.EmbeddedConnectWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Connect worker in a JVM of its own, so that a test can crash it for real: {@link #kill()} ends the
 * process at once (SIGKILL), and it takes its database connections and uncommitted work with it, as a
 * worker whose machine dies would. An in-process worker cannot do that: closing it is a graceful stop.
 */
final class ConnectWorkerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final URI restUrl;

    private ConnectWorkerProcess(Process process, URI restUrl) {
        this.process = process;
        this.restUrl = restUrl;
    }

    /**
     * Starts a worker of the Connect cluster {@code cluster} with these worker settings, in a new JVM with
     * this test's class path; its output goes to {@code <work>/connect-worker-<pid>.log}.
     */
    static ConnectWorkerProcess start(Path work, String bootstrapServers, String cluster, Map<String, String> settings) {
        try {
            Path urlFile = Files.createTempFile(work, "connect-worker", ".url");
            Files.delete(urlFile);
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-XX:+UseSerialGC",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"), ConnectWorkerProcess.class.getName(),
                    bootstrapServers, cluster, urlFile.toString()));
            settings.forEach((key, value) -> command.add(key + "=" + value));
            Path log = work.resolve("connect-worker-" + System.nanoTime() + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!Files.exists(urlFile)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException("the Connect worker process did not start within "
                            + START_TIMEOUT.toSeconds() + " s; its output:\n" + Files.readString(log));
                }
                Thread.sleep(100);
            }
            return new ConnectWorkerProcess(process, URI.create(Files.readString(urlFile).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a Connect worker process", e);
        }
    }

    URI restUrl() {
        return restUrl;
    }

    /** Ends the process at once, with no chance to stop its connectors or commit anything. */
    void kill() {
        try {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    /** The worker process: bootstrap servers, cluster name, the file to write the REST URL to, then settings. */
    public static void main(String[] args) throws Exception {
        EmbeddedConnectWorker.Builder builder = EmbeddedConnectWorker.builder(args[0], args[1]);
        for (int i = 3; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            builder.workerConfig(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        EmbeddedConnectWorker worker = builder.start();
        Path urlFile = Path.of(args[2]);
        Path written = Files.writeString(urlFile.resolveSibling(urlFile.getFileName() + ".tmp"),
                worker.restUrl().toString());
        Files.move(written, urlFile, StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}

package io.tapflow.runtime.mongodb;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.tapflow.runtime.net.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The embedded stack's MongoDB: <a href="https://github.com/bwaldvogel/mongo-java-server">mongo-java-server</a>,
 * an implementation of the MongoDB wire protocol in this JVM (not MongoDB itself), keeping its documents
 * in an H2 MVStore file so that they survive a restart. It listens on 127.0.0.1 only and has no users.
 *
 * <p>What it is good for: the sink connector's upserts and deletes, finds, counts and indexes, with BSON
 * types kept (Decimal128, dates, sub-documents, arrays). What it lacks: transactions, sessions, change
 * streams, and MongoDB's speed (a few thousand single upserts per second, about ten thousand in bulk).
 *
 * <p><b>Durability.</b> The store commits in the background what was written up to a second earlier;
 * {@link #close()} commits the rest, and a shutdown hook does the same when the JVM exits without closing the
 * server. A process killed outright ({@code kill -9}) loses up to the last second of writes, though the file
 * stays consistent: the sink writes again what came after its last committed Kafka offset, which covers that
 * second unless an offset commit fell within it. Only one server may use a file at a time.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    /** The store's file in the server's directory. */
    public static final String DATA_FILE = "mongodb.mv.db";

    private final Path dataFile;
    private final MVStore store;
    private final MongoServer server;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private EmbeddedMongoServer(Path dataFile, MVStore store, MongoServer server, int port) {
        this.dataFile = dataFile;
        this.store = store;
        this.server = server;
        this.port = port;
        this.shutdownHook = new Thread(this::stop, "tapflow-embedded-mongodb-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Opens (or creates) the store in {@code directory} and listens on 127.0.0.1.
     *
     * @param port the port to listen on, if it is free; another free port otherwise (see {@link #port()})
     * @throws IllegalStateException if the store is in use by another server, or cannot be opened
     */
    public static EmbeddedMongoServer start(Path directory, int port) {
        Path dataFile = directory.toAbsolutePath().resolve(DATA_FILE);
        try {
            Files.createDirectories(dataFile.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded MongoDB's directory " + dataFile.getParent(), e);
        }
        return startOn(dataFile, port);
    }

    /** {@code mongodb://127.0.0.1:<port>}: the server, with no database. */
    public String uri() {
        return "mongodb://" + LoopbackPorts.LOOPBACK + ":" + port;
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** The store's file. */
    public Path dataFile() {
        return dataFile;
    }

    /**
     * Stops listening, closes the clients' connections and commits and closes the store. Safe to call more
     * than once.
     */
    @Override
    public void close() {
        if (closed.get()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs (or ran) stop() itself.
        }
        stop();
    }

    private void stop() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // Closes the backend, and with it the store, once the connections are closed.
            server.shutdownNow();
        } finally {
            // A store still open here missed the server's shutdown: committing it is what keeps the data.
            if (!store.isClosed()) {
                store.close();
            }
        }
    }

    private static EmbeddedMongoServer startOn(Path dataFile, int port) {
        MVStore store = open(dataFile);
        H2Backend backend;
        try {
            backend = new H2Backend(store);
        } catch (RuntimeException e) {
            // A store left open would stay locked.
            store.close();
            throw new IllegalStateException("cannot read the embedded MongoDB's file " + dataFile + ": " + e
                    + ". Fix: if it was written by another version of TapFlow, start with an empty directory or move"
                    + " the file away.", e);
        }
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(LoopbackPorts.LOOPBACK, port);
        } catch (Exception e) {
            // Netty rethrows the bind's checked exception undeclared. A server that fails to bind closes its
            // backend, and so the store: the next attempt opens it again.
            if (!store.isClosed()) {
                store.close();
            }
            if (e instanceof BindException && port != 0) {
                // Taken since it was checked: any free port then.
                return startOn(dataFile, 0);
            }
            throw new IllegalStateException("the embedded MongoDB cannot listen on " + LoopbackPorts.LOOPBACK + ":"
                    + port + ": " + e.getMessage() + ". Fix: check that this machine lets programs listen on "
                    + LoopbackPorts.LOOPBACK + ".", e);
        }
        return new EmbeddedMongoServer(dataFile, store, server, server.getLocalAddress().getPort());
    }

    private static MVStore open(Path dataFile) {
        try {
            return MVStore.open(dataFile.toString());
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new IllegalStateException("the embedded MongoDB's file " + dataFile + " is in use by another"
                        + " TapFlow stack. Fix: stop the TapFlow that uses this directory, or give this one another"
                        + " directory.", e);
            }
            throw new IllegalStateException("cannot open the embedded MongoDB's file " + dataFile + ": "
                    + e.getMessage() + ". Fix: check that the file is readable and writable; if it is damaged, moving"
                    + " it away starts an empty MongoDB.", e);
        }
    }
}

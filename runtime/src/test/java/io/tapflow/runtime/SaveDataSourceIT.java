package io.tapflow.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.DataSource;
import io.tapflow.Secret;
import io.tapflow.connect.SourceCheckException;
import io.tapflow.runtime.catalog.Catalog;
import io.tapflow.testing.mariadb.MariaDbServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DataSource.save()} on the embedded stack: a good source is checked and stored in the catalog
 * with its password kept out of it; a bad one (wrong password, missing grant, unknown database,
 * unreachable host, STATEMENT binlog) is refused with the fix and nothing is stored; what was
 * saved is still there after a restart; the password shows up in no output and no catalog record.
 */
class SaveDataSourceIT {

    private static final String PASSWORD = "Sv-pw-90210-unique";

    @Test
    void savedOnceCheckedAndKeptAcrossARestart(@TempDir Path home) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (MariaDbServer mariadb = MariaDbServer.start()) {
            mariadb.createDatabase("ECommerceData");
            mariadb.createUser("tapflow", PASSWORD,
                    "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR");
            PrintStream tee = new PrintStream(new TeeStream(out, printed), true, StandardCharsets.UTF_8);
            System.setOut(tee);
            System.setErr(new PrintStream(new TeeStream(err, printed), true, StandardCharsets.UTF_8));
            try (TapFlow tapflow = TapFlow.embedded(home)) {
                assertThatThrownBy(() -> DataSource.mysql("MySQL_ECommerce").host(mariadb.host()).port(mariadb.port())
                        .database("ECommerceData").username("tapflow").password("wrong-" + PASSWORD).asSource().save())
                        .isInstanceOf(SourceCheckException.class)
                        .hasMessageContaining("user 'tapflow' cannot log in")
                        .hasMessageNotContaining(PASSWORD);
                mariadb.createUser("norepl", PASSWORD, "SELECT, RELOAD, SHOW DATABASES");
                assertThatThrownBy(() -> crm(mariadb, "ECommerceData", "norepl").save())
                        .isInstanceOf(SourceCheckException.class)
                        .hasMessageContaining("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'norepl'@'%'");
                assertThatThrownBy(() -> crm(mariadb, "ECommerceDat", "tapflow").save())
                        .isInstanceOf(SourceCheckException.class)
                        .hasMessageContaining("database 'ECommerceDat' does not exist");
                assertThatThrownBy(() -> DataSource.mysql("MySQL_ECommerce").host("127.0.0.1").port(1)
                        .database("ECommerceData").username("tapflow").password(PASSWORD).asSource().save())
                        .isInstanceOf(SourceCheckException.class)
                        .hasMessageContaining("nothing accepts connections at 127.0.0.1:1");
                mariadb.execute("SET GLOBAL binlog_format = 'STATEMENT'");
                try {
                    assertThatThrownBy(() -> crm(mariadb, "ECommerceData", "tapflow").save())
                            .isInstanceOf(SourceCheckException.class)
                            .hasMessageContaining("binlog_format = ROW");
                } finally {
                    mariadb.execute("SET GLOBAL binlog_format = 'ROW'");
                }
                assertThat(tapflow.dataSources()).isEmpty();
                assertThat(home.resolve("secrets.properties")).doesNotExist();

                DataSource crm = DataSource.mysql("MySQL_ECommerce").host(mariadb.host()).port(mariadb.port())
                        .database("ECommerceData").username("tapflow").password(PASSWORD).asSource().save();
                DataSource mongo = DataSource.mongodb("MongoDB_ECommerce").uri("mongodb://127.0.0.1:27017/ecommerce")
                        .asTarget().save();
                assertThat(tapflow.dataSources()).containsExactly(crm, mongo);
                assertThat(catalogRecords(tapflow.bootstrapServers())).isNotEmpty()
                        .noneMatch(record -> record.contains(PASSWORD))
                        .anyMatch(record -> record.contains("\"secret\" : \"MySQL_ECommerce.password\""));
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            assertThat(Files.readString(home.resolve("secrets.properties"))).contains(PASSWORD);
            assertThat(Files.getPosixFilePermissions(home.resolve("secrets.properties")).toString())
                    .isEqualTo("[OWNER_READ, OWNER_WRITE]");

            try (TapFlow resumed = TapFlow.embedded(home)) {
                DataSource crm = resumed.dataSource("MySQL_ECommerce").orElseThrow();
                assertThat(((Secret) crm.setting("password")).reveal()).isEqualTo(PASSWORD);
                assertThat(crm.setting("port")).isEqualTo(mariadb.port());
            }
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isNotEmpty().doesNotContain(PASSWORD);
    }

    private static DataSource crm(MariaDbServer mariadb, String database, String user) {
        return DataSource.mysql("MySQL_ECommerce").host(mariadb.host()).port(mariadb.port())
                .database(database).username(user).password(PASSWORD).asSource();
    }

    private static List<String> catalogRecords(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        List<String> records = new ArrayList<>();
        TopicPartition partition = new TopicPartition(Catalog.TOPIC, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> records.add(
                        new String(r.key(), StandardCharsets.UTF_8) + "=" + (r.value() == null ? ""
                                : new String(r.value(), StandardCharsets.UTF_8))));
            }
        }
        return records;
    }

    /** Writes to two streams: the console, and a buffer the test searches. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}

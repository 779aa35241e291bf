package io.tapflow.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.tapflow.DataSource;
import io.tapflow.Flow;
import io.tapflow.connect.mongodb.MongoSinkConnectorConfig;
import io.tapflow.runtime.TapFlow;
import io.tapflow.testing.Await;
import io.tapflow.testing.mariadb.MariaDbServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A document MongoDB refuses (here, a duplicate under a unique index the user made on the collection)
 * goes to the sink's dead-letter topic with Connect's error headers, and the rows after it still arrive.
 * End to end, MariaDB to the embedded MongoDB. (A row with a field name MongoDB refuses never reaches the
 * sink: the flow dead-letters it, see FlowTestDriverTest; MariaDB cannot produce one, as its JSON columns
 * are text and Avro field names cannot start with '$'.)
 */
class RejectedDocumentGoesToTheSinkDeadLetterTopicIT {

    private static final String PASSWORD = "dlq-Pw-2207";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aDuplicateUnderAUniqueIndexIsDeadLetteredAndTheRowsAfterItArrive(@TempDir Path home) {
        try (MariaDbServer mariadb = MariaDbServer.start();
             TapFlow tapflow = TapFlow.embedded(home.resolve("stack"))) {
            mariadb.createDatabase("ECommerceData");
            mariadb.execute("CREATE TABLE ECommerceData.ecom_customers (customer_id VARCHAR(32) PRIMARY KEY,"
                            + " email VARCHAR(64) NOT NULL)",
                    "INSERT INTO ECommerceData.ecom_customers VALUES ('c1', 'ana@example.com'), ('c2', 'bo@example.com')");
            mariadb.createUser("tapflow", PASSWORD, "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR");
            DataSource.mysql("MySQL_ECommerce").host(mariadb.host()).port(mariadb.port()).database("ECommerceData")
                    .username("tapflow").password(PASSWORD).asSource().save();
            DataSource target = DataSource.mongodb("MongoDB_ECommerce").database("ecommerce").asTarget().save();

            try (MongoClient mongo = MongoClients.create(tapflow.mongoConnectionString(target).reveal())) {
                MongoCollection<Document> customers = mongo.getDatabase("ecommerce").getCollection("customers");
                customers.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));

                Flow.named("customers").readFrom("MySQL_ECommerce.ecom_customers")
                        .writeTo("MongoDB_ECommerce.customers").save().start();

                Await.until("the snapshot", WAIT, customers::countDocuments, count -> count == 2);

                mariadb.execute("INSERT INTO ECommerceData.ecom_customers VALUES ('c3', 'ana@example.com')");
                List<ConsumerRecord<byte[], byte[]>> sinkDeadLetters =
                        read(tapflow, "tapflow.flow.customers.sink-dead-letter", 1);
                assertThat(header(sinkDeadLetters.getFirst(), "__connect.errors.connector.name"))
                        .isEqualTo(MongoSinkConnectorConfig.connectorName("customers"));
                assertThat(header(sinkDeadLetters.getFirst(), "__connect.errors.exception.message"))
                        .containsIgnoringCase("duplicate key");
                mariadb.execute("INSERT INTO ECommerceData.ecom_customers VALUES ('c4', 'cy@example.com')");

                Await.until("c4, after the refused c3", WAIT, () -> customers.countDocuments(new Document("_id", "c4")),
                        count -> count == 1);
                assertThat(customers.find().map(document -> document.getString("_id")).into(new ArrayList<>()))
                        .containsExactlyInAnyOrder("c1", "c2", "c4");
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(TapFlow tapflow, String topic, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, tapflow.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            return Await.until(count + " record(s) on " + topic, WAIT, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records;
            }, read -> read.size() >= count);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

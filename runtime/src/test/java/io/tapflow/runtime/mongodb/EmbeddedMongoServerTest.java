package io.tapflow.runtime.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded MongoDB keeps what the sink writes, BSON types included, across a restart over the same
 * directory; a second server on the same file is refused; a taken port is replaced by a free one.
 */
class EmbeddedMongoServerTest {

    private static final Document ORDER = new Document("_id", "o1")
            .append("total", new Decimal128(new BigDecimal("21.90")))
            .append("huge", new Decimal128(new BigDecimal("12345678901234567890.123456")))
            .append("ordered_at", new Date(1_772_360_130_123L))
            .append("address", new Document("city", "Berlin").append("zip", "10115"))
            .append("tags", List.of("gift", "express"))
            .append("lines", List.of(new Document("sku", "A-1").append("qty", 1L)))
            .append("quantity", 3L)
            .append("paid", true)
            .append("note", null);
    private static final Document LINE_KEY = new Document("order_id", "o1").append("line", 2);

    @Test
    void documentsKeepTheirTypesAcrossARestart(@TempDir Path dir) {
        int port;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, 0);
                MongoClient client = MongoClients.create(server.uri())) {
            port = server.port();
            assertThat(server.uri()).isEqualTo("mongodb://127.0.0.1:" + port);
            assertThat(server.dataFile()).isEqualTo(dir.toAbsolutePath().resolve("mongodb.mv.db"));
            MongoCollection<Document> orders = client.getDatabase("ecommerce").getCollection("orders");
            // As the sink writes: replace by _id, inserting when absent; a composite key is a sub-document.
            orders.replaceOne(Filters.eq("_id", "o1"), ORDER, new ReplaceOptions().upsert(true));
            orders.replaceOne(Filters.eq("_id", LINE_KEY), new Document("_id", LINE_KEY).append("sku", "B-2"),
                    new ReplaceOptions().upsert(true));
            orders.insertOne(new Document("_id", "gone"));
            orders.deleteOne(Filters.eq("_id", "gone"));
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, port);
                MongoClient client = MongoClients.create(server.uri())) {
            assertThat(server.port()).isEqualTo(port);
            MongoCollection<Document> orders = client.getDatabase("ecommerce").getCollection("orders");
            assertThat(orders.countDocuments()).isEqualTo(2);
            assertThat(orders.find(Filters.eq("_id", "o1")).first()).isEqualTo(ORDER);
            assertThat(orders.find(Filters.eq("_id", LINE_KEY)).first()).isNotNull()
                    .extracting(doc -> doc.get("sku")).isEqualTo("B-2");
            assertThat(client.getDatabase("ecommerce").listCollectionNames().into(new ArrayList<>()))
                    .containsExactly("orders");
        }
    }

    @Test
    void aSecondServerOnTheSameDirectoryIsRefused(@TempDir Path dir) {
        try (EmbeddedMongoServer first = EmbeddedMongoServer.start(dir, 0)) {
            assertThatThrownBy(() -> EmbeddedMongoServer.start(dir, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("mongodb.mv.db is in use by another TapFlow stack")
                    .hasMessageContaining("Fix: stop the TapFlow that uses this directory");
            assertThat(first.port()).isPositive();
        }
    }

    @Test
    void closingTwiceIsHarmlessAndFreesTheFile(@TempDir Path dir) {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, 0);
        server.close();
        server.close();
        EmbeddedMongoServer.start(dir, 0).close();
    }

    @Test
    void aTakenPortIsReplacedByAFreeOne(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, taken.getLocalPort())) {
            assertThat(server.port()).isPositive().isNotEqualTo(taken.getLocalPort());
        }
    }
}

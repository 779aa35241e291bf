package io.tapflow.bench.lookup;

import io.tapflow.testing.InProcessKafka;
import io.tapflow.testing.SampleTables;
import io.tapflow.topology.event.ColumnType;
import io.tapflow.topology.event.DebeziumTable;
import io.tapflow.topology.event.RawRecord;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The bench's orders and customers, as Debezium's MySQL connector writes their snapshot and changes (JSON with
 * schemas), generated from fixed seeds: order {@code i} belongs to customer {@link #customerOf(int)}, drawn
 * uniformly, so a customer has {@code orders / customers} orders on average. Every order has a customer that
 * exists, as in the sample database.
 */
final class LookupData {

    static final DebeziumTable ORDERS = SampleTables.ECOM_ORDERS;

    /** {@code ECommerceData.ecom_customers} with Olist's columns, keyed by {@code customer_id}. */
    static final DebeziumTable CUSTOMERS = DebeziumTable.builder("tapflow.MySQL_ECommerce", "ECommerceData",
                    "ecom_customers")
            .column("customer_id", ColumnType.varchar())
            .column("customer_unique_id", ColumnType.varchar())
            .column("customer_zip_code_prefix", ColumnType.varchar())
            .column("customer_city", ColumnType.varchar())
            .column("customer_state", ColumnType.varchar())
            .primaryKey("customer_id")
            .build();

    /** Multiplier of the order number in its {@code order_id}: ids look random and give their number back. */
    private static final long ORDER_ID_FACTOR = 2654435761L;

    private static final String[] STATUSES = {"delivered", "delivered", "delivered", "shipped", "canceled",
        "invoiced", "processing", "", "SendError"};
    private static final String[][] CITIES = {{"sao paulo", "SP"}, {"rio de janeiro", "RJ"},
        {"belo horizonte", "MG"}, {"brasilia", "DF"}, {"curitiba", "PR"}, {"campinas", "SP"},
        {"porto alegre", "RS"}, {"salvador", "BA"}, {"guarulhos", "SP"}, {"niteroi", "RJ"}};

    private final int orders;
    private final int customers;
    private final int[] customerOf;

    LookupData(int orders, int customers, long seed) {
        this.orders = orders;
        this.customers = customers;
        this.customerOf = new int[orders];
        Random random = new Random(seed);
        for (int i = 0; i < orders; i++) {
            customerOf[i] = random.nextInt(customers);
        }
    }

    int orders() {
        return orders;
    }

    int customers() {
        return customers;
    }

    /** The customer (its number) of order {@code i}. */
    int customerOf(int order) {
        return customerOf[order];
    }

    /** How many orders customers {@code 0} to {@code k - 1} have: the documents an update of them all touches. */
    int ordersOfFirstCustomers(int k) {
        int n = 0;
        for (int c : customerOf) {
            if (c < k) {
                n++;
            }
        }
        return n;
    }

    static String orderId(int i) {
        return String.format("%032x", i * ORDER_ID_FACTOR);
    }

    /** The order number of an {@link #orderId}, from its 32 hexadecimal digits. */
    static int orderNumber(CharSequence hex32) {
        long value = 0;
        for (int i = 16; i < 32; i++) {
            value = (value << 4) | Character.digit(hex32.charAt(i), 16);
        }
        return (int) (value / ORDER_ID_FACTOR);
    }

    static String customerId(int c) {
        return String.format("%032x", c * 0x9E3779B1L + 0x5bd1e995L);
    }

    Map<String, Object> order(int i) {
        Random random = new Random(i * 31L + 7);
        LocalDateTime purchased = LocalDateTime.of(2017, 1, 1, 0, 0).plusMinutes(random.nextInt(60 * 24 * 600));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("order_id", orderId(i));
        row.put("customer_id", customerId(customerOf[i]));
        row.put("order_status", STATUSES[random.nextInt(STATUSES.length)]);
        row.put("order_purchase_timestamp", purchased);
        row.put("order_approved_at", purchased.plusHours(random.nextInt(48)));
        row.put("order_delivered_carrier_date", purchased.plusDays(2 + random.nextInt(5)));
        row.put("order_delivered_customer_date", random.nextInt(20) == 0 ? null : purchased.plusDays(5 + random.nextInt(25)));
        row.put("order_estimated_delivery_date", purchased.plusDays(20).withHour(0).withMinute(0));
        return row;
    }

    static Map<String, Object> customer(int c) {
        Random random = new Random(c * 131L + 17);
        String[] city = CITIES[random.nextInt(CITIES.length)];
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("customer_id", customerId(c));
        row.put("customer_unique_id", String.format("%016x%016x", random.nextLong(), random.nextLong()));
        row.put("customer_zip_code_prefix", String.format("%05d", random.nextInt(100_000)));
        row.put("customer_city", city[0]);
        row.put("customer_state", city[1]);
        return row;
    }

    /** Writes the snapshot of every order to {@code topic}; returns the bytes written (keys and values). */
    long produceOrders(InProcessKafka kafka, String topic) {
        try (Sending sending = new Sending(kafka, topic)) {
            for (int i = 0; i < orders; i++) {
                sending.send(ORDERS.snapshot(order(i)));
            }
            return sending.done();
        }
    }

    /** Writes the snapshot of every customer to {@code topic}; returns the bytes written. */
    long produceCustomers(InProcessKafka kafka, String topic) {
        try (Sending sending = new Sending(kafka, topic)) {
            for (int c = 0; c < customers; c++) {
                sending.send(CUSTOMERS.snapshot(customer(c)));
            }
            return sending.done();
        }
    }

    /** Updates customers {@code 0} to {@code k - 1}: each moves to {@code city} (one Debezium update event each). */
    static void produceCustomerUpdates(InProcessKafka kafka, String topic, int k, String city) {
        try (Sending sending = new Sending(kafka, topic)) {
            for (int c = 0; c < k; c++) {
                Map<String, Object> before = customer(c);
                Map<String, Object> after = new LinkedHashMap<>(before);
                after.put("customer_city", city);
                sending.send(CUSTOMERS.update(before, after));
            }
            sending.done();
        }
    }

    /**
     * Records on their way to one topic, every one of them acknowledged or the bench stops: a benchmark whose input
     * lost a record would wait for a document that never comes.
     */
    private static final class Sending implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String topic;
        private final java.util.concurrent.atomic.AtomicReference<Exception> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        private long bytes;
        private long records;

        Sending(InProcessKafka kafka, String topic) {
            this.producer = producer(kafka);
            this.topic = topic;
            // Waits until the topic's partitions have leaders, so that the first batches do not race its creation.
            producer.partitionsFor(topic);
        }

        void send(List<RawRecord> batch) {
            for (RawRecord record : batch) {
                bytes += record.key().length + (record.value() == null ? 0 : record.value().length);
                records++;
                producer.send(new ProducerRecord<>(topic, record.key(), record.value()), (metadata, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        failure.compareAndSet(null, e);
                    }
                });
            }
        }

        /** Waits for every record's acknowledgement; returns the bytes sent. */
        long done() {
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException(failed.get() + " of " + records + " records could not be written to "
                        + topic + ": " + failure.get(), failure.get());
            }
            return bytes;
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(InProcessKafka kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}

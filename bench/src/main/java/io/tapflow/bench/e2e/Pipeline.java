package io.tapflow.bench.e2e;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A MariaDB table to a MongoDB collection, through Debezium on the embedded Kafka Connect and whatever
 * comes between. {@link #prepare()} starts everything but the capture; {@link #startCapture()} creates the
 * Debezium connector, whose snapshot begins at once.
 */
interface Pipeline extends AutoCloseable {

    /** How the report names it. */
    String name();

    /** The MariaDB database whose orders table it reads. */
    String database();

    /** The MongoDB collection it writes. */
    String collection();

    /** Creates its topics and starts every stage after Debezium, which then wait for records. */
    void prepare() throws Exception;

    /** Creates the Debezium connector: the snapshot starts, then streaming. */
    void startCapture() throws Exception;

    /**
     * Its stages in order, each with how many records it has handled so far, so that a run can tell where
     * the time goes. The last stage is MongoDB.
     */
    List<Stage> stages();

    /** Its Kafka Streams application, if it has one. */
    default Optional<KafkaStreams> streams() {
        return Optional.empty();
    }

    /** Its settings, for the report: what differs between pipelines and what is tuned. */
    Map<String, String> settings();

    /** Deletes its connectors and stops its stages. */
    @Override
    void close() throws Exception;

    /** One stage, and its progress: records it has handled since the pipeline started. */
    record Stage(String name, LongSupplier handled) {
    }
}

package io.tapflow.topology;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings a flow runs with; every default is explained where it is set. */
public final class FlowStreamsConfig {

    private FlowStreamsConfig() {
    }

    /** The Streams application id of a flow: its consumer group and the prefix of its internal topics. */
    public static String applicationId(String flowName) {
        return "tapflow-flow-" + flowName;
    }

    /**
     * Settings for running a flow against the given brokers.
     *
     * @param flowName the flow's name
     * @param bootstrapServers {@code host:port} list of the Kafka cluster
     */
    public static Properties of(String flowName, String bootstrapServers) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(flowName));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // A row is written to the target exactly once, even when a worker dies mid-batch.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Exactly-once commits close a transaction; 100 ms keeps end-to-end latency low.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // A new flow starts from the first change Debezium wrote (the snapshot), never the latest.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Larger batches for snapshots; lingering briefly costs little latency under exactly-once.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        return props;
    }
}

package io.tapflow.bench.lookup;

import io.tapflow.testing.InProcessKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** What a stopped Streams application keeps: its state stores on disk and its topics on the broker. */
final class StateSize {

    /**
     * One state store, over all its tasks.
     *
     * @param name the store's name
     * @param tasks how many tasks hold a part of it
     * @param entries keys it holds (counted in RocksDB, every column family)
     * @param bytes its files on disk
     */
    record Store(String name, int tasks, long entries, long bytes) {
    }

    /**
     * One topic, over all its partitions.
     *
     * @param name the topic
     * @param partitions its partitions
     * @param offsets offsets written: records plus exactly-once transaction markers
     * @param records records a {@code read_committed} consumer reads from it now (repartition topics are purged as
     *     Streams consumes them)
     * @param payloadBytes keys and values of those records, uncompressed
     * @param diskBytes the topic's log on the broker's disk now (compressed batches, indexes)
     */
    record Topic(String name, int partitions, long offsets, long records, long payloadBytes, long diskBytes) {
    }

    /**
     * The state stores under an application's state directory ({@code <state.dir>/<application.id>}).
     *
     * @return the stores by name, and under the key {@code ""} the directory's total bytes
     */
    static Map<String, Store> stores(Path appDir) throws IOException {
        Map<String, Store> stores = new TreeMap<>();
        if (!Files.isDirectory(appDir)) {
            return stores;
        }
        RocksDB.loadLibrary();
        try (Stream<Path> tasks = Files.list(appDir)) {
            for (Path task : tasks.filter(Files::isDirectory).toList()) {
                Path rocksdb = task.resolve("rocksdb");
                if (!Files.isDirectory(rocksdb)) {
                    continue;
                }
                try (Stream<Path> dirs = Files.list(rocksdb)) {
                    for (Path store : dirs.filter(Files::isDirectory).toList()) {
                        String name = store.getFileName().toString();
                        long entries = entries(store);
                        long bytes = bytes(store);
                        stores.merge(name, new Store(name, 1, entries, bytes), (a, b) -> new Store(name,
                                a.tasks() + b.tasks(), a.entries() + b.entries(), a.bytes() + b.bytes()));
                    }
                }
            }
        }
        stores.put("", new Store("", 0, 0, bytes(appDir)));
        return stores;
    }

    /**
     * Keys in a closed RocksDB store, in its data column families (Streams keeps timestamped rows in one of them); the
     * column family in which Streams keeps its changelog offsets is left out.
     */
    private static long entries(Path store) {
        try (Options options = new Options()) {
            List<byte[]> families = RocksDB.listColumnFamilies(options, store.toString());
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (byte[] family : families) {
                descriptors.add(new ColumnFamilyDescriptor(family));
            }
            if (System.getenv("TAPFLOW_BENCH_DEBUG") != null) {
                System.out.println("bench lookup: " + store + " column families " + families.stream()
                        .map(f -> new String(f, java.nio.charset.StandardCharsets.UTF_8)).toList());
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (DBOptions dbOptions = new DBOptions();
                 RocksDB db = RocksDB.openReadOnly(dbOptions, store.toString(), descriptors, handles)) {
                long n = 0;
                for (ColumnFamilyHandle handle : handles) {
                    if (new String(handle.getName(), java.nio.charset.StandardCharsets.UTF_8).equals("offsets")) {
                        handle.close();
                        continue;
                    }
                    try (RocksIterator it = db.newIterator(handle)) {
                        for (it.seekToFirst(); it.isValid(); it.next()) {
                            n++;
                        }
                    }
                    handle.close();
                }
                return n;
            }
        } catch (RocksDBException e) {
            System.err.println("bench lookup: cannot count the entries of " + store + ": " + e.getMessage());
            return -1;
        }
    }

    static long bytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    /** The given topics, each read to its end. */
    static List<Topic> topics(InProcessKafka kafka, List<String> names) throws Exception {
        Map<String, TopicDescription> described = kafka.admin().describeTopics(names).allTopicNames().get();
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p ->
                latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        var ends = kafka.admin().listOffsets(latest).all().get();
        List<Integer> brokers = kafka.admin().describeCluster().nodes().get().stream().map(Node::id).toList();
        Map<String, Long> disk = new TreeMap<>();
        for (Map<String, LogDirDescription> dirs : kafka.admin().describeLogDirs(brokers).allDescriptions().get().values()) {
            for (LogDirDescription dir : dirs.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                    disk.merge(replica.getKey().topic(), replica.getValue().size(), Long::sum);
                }
            }
        }
        List<Topic> topics = new ArrayList<>();
        for (String name : names) {
            TopicDescription d = described.get(name);
            List<TopicPartition> partitions = d.partitions().stream()
                    .map(p -> new TopicPartition(name, p.partition())).toList();
            long offsets = partitions.stream().mapToLong(tp -> ends.get(tp).offset()).sum();
            long[] read = read(kafka, partitions);
            topics.add(new Topic(name, partitions.size(), offsets, read[0], read[1], disk.getOrDefault(name, 0L)));
        }
        return topics;
    }

    /** Records and payload bytes a read_committed consumer reads from these partitions, start to end. */
    private static long[] read(InProcessKafka kafka, List<TopicPartition> partitions) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(OutputWatcher.readCommitted(kafka),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long records = 0;
            long bytes = 0;
            long idleSince = System.nanoTime();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    if (System.nanoTime() - idleSince > Duration.ofSeconds(30).toNanos()) {
                        break;
                    }
                    continue;
                }
                idleSince = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    records++;
                    bytes += (record.key() == null ? 0 : record.key().length)
                            + (record.value() == null ? 0 : record.value().length);
                }
            }
            return new long[] {records, bytes};
        }
    }
}

package io.tapflow.bench.e2e;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the bench's MongoDB server applied, per collection, seen from inside the server: each document is
 * timed when the server adds it to its collection, on the thread that applies the sink's write. Nothing
 * polls the collection, so measuring does not slow the writes down or make them look later than they are.
 *
 * <p>{@link #backend()} is the server's storage: mongo-java-server's memory backend, with a hook in the
 * two places a document lands (a new {@code _id}, and a replace of an existing one).
 */
final class AppliedDocuments {

    private final Map<String, Collection> collections = new ConcurrentHashMap<>();

    /** The collection of that name, in any database; created on first use, before or after the server's. */
    Collection collection(String name) {
        return collections.computeIfAbsent(name, Collection::new);
    }

    /** A memory backend that reports every document it applies here. */
    MemoryBackend backend() {
        return new MemoryBackend() {
            @Override
            public MemoryDatabase openOrCreateDatabase(String databaseName) {
                return new MemoryDatabase(databaseName, getCursorRegistry()) {
                    @Override
                    protected MemoryCollection openOrCreateCollection(String name, CollectionOptions options) {
                        Collection applied = collection(name);
                        return new MemoryCollection(this, name, options, cursorRegistry) {
                            @Override
                            protected Integer addDocumentInternal(Document document) {
                                Integer position = super.addDocumentInternal(document);
                                applied.inserted(document);
                                return position;
                            }

                            @Override
                            protected void handleUpdate(Integer position, Document old, Document updated) {
                                super.handleUpdate(position, old, updated);
                                applied.replacedOne();
                            }
                        };
                    }
                };
            }
        };
    }

    /** The writes one collection received. Thread-safe: the server applies writes on several threads. */
    static final class Collection {

        private final String name;
        private final AtomicLong inserted = new AtomicLong();
        private final AtomicLong replaced = new AtomicLong();
        private volatile long firstInsertMillis = -1;
        private volatile Goal goal;
        private volatile Latencies latencies;

        private Collection(String name) {
            this.name = name;
        }

        /** Documents with a new {@code _id} so far: the collection's size, as the bench only inserts rows. */
        long inserted() {
            return inserted.get();
        }

        /** Writes that replaced a document already there: redeliveries, as the bench only inserts rows. */
        long replaced() {
            return replaced.get();
        }

        /** When the first document arrived (epoch millis), or -1. */
        long firstInsertMillis() {
            return firstInsertMillis;
        }

        /**
         * Completes with the time (epoch millis) the collection reaches {@code count} documents. One goal at
         * a time; set it before the writes that reach it start.
         */
        CompletableFuture<Long> whenSizeReaches(long count) {
            Goal next = new Goal(count);
            goal = next;
            if (inserted.get() >= count) {
                next.reached.complete(System.currentTimeMillis());
            }
            return next.reached;
        }

        /** From now on, records each new document's commit-to-apply latency, from its {@code commit_ts}. */
        void startRecordingLatencies() {
            latencies = new Latencies();
        }

        /** Stops recording and returns the latencies recorded since {@link #startRecordingLatencies()}. */
        Latencies stopRecordingLatencies() {
            Latencies recorded = latencies;
            latencies = null;
            return recorded;
        }

        private void inserted(Document document) {
            long now = System.currentTimeMillis();
            if (firstInsertMillis < 0) {
                firstInsertMillis = now;
            }
            Latencies recording = latencies;
            if (recording != null) {
                long committed = epochMillis(document.get("commit_ts"));
                if (committed >= 0) {
                    recording.add(now - committed);
                }
            }
            long size = inserted.incrementAndGet();
            Goal current = goal;
            if (current != null && size >= current.count) {
                current.reached.complete(now);
            }
        }

        private void replacedOne() {
            replaced.incrementAndGet();
        }

        /** A DATETIME column lands as a BSON date; the flow's and the SMT pipeline's encodings agree on that. */
        private static long epochMillis(Object value) {
            return switch (value) {
                case Date date -> date.getTime();
                case Instant instant -> instant.toEpochMilli();
                case Number number -> number.longValue();
                case null, default -> -1;
            };
        }

        @Override
        public String toString() {
            return "collection " + name + " (" + inserted + " documents)";
        }
    }

    /** Waits for a future the server completes, saying what did not arrive if it does not. */
    static long await(CompletableFuture<Long> reached, Duration timeout, String what) throws Exception {
        try {
            return reached.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not arrive within " + timeout.toSeconds() + " s", e);
        }
    }

    private record Goal(long count, CompletableFuture<Long> reached) {
        Goal(long count) {
            this(count, new CompletableFuture<>());
        }
    }

    /** Latencies in milliseconds, in arrival order; percentiles by nearest rank. */
    static final class Latencies {

        private long[] millis = new long[1 << 16];
        private int size;

        synchronized void add(long latency) {
            if (size == millis.length) {
                millis = Arrays.copyOf(millis, size * 2);
            }
            millis[size++] = latency;
        }

        synchronized int count() {
            return size;
        }

        /** The {@code p}-th percentile (0 < p <= 100), by nearest rank. */
        synchronized long percentile(double p) {
            if (size == 0) {
                return -1;
            }
            long[] sorted = Arrays.copyOf(millis, size);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * size);
            return sorted[Math.max(0, Math.min(size, rank) - 1)];
        }

        synchronized long max() {
            return percentile(100);
        }
    }
}

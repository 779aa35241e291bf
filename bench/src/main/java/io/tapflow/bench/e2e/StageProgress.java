package io.tapflow.bench.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * When each stage of a pipeline got through a run's records: a daemon thread reads every stage's progress
 * (topic end offsets, the flow's committed offsets, the collection's size) every 250 ms and notes when
 * each has handled {@code count} more records than at the start. It reads Kafka metadata only, never the
 * records or MongoDB, so it does not slow the pipeline down.
 */
final class StageProgress implements AutoCloseable {

    private static final long SAMPLE_MS = 250;

    private final List<Pipeline.Stage> stages;
    private final long[] base;
    private final long[] reachedMillis;
    private final long count;
    private final long startMillis;
    private final Thread sampler;
    private volatile boolean stopped;

    private StageProgress(List<Pipeline.Stage> stages, long count) {
        this.stages = stages;
        this.count = count;
        this.base = new long[stages.size()];
        this.reachedMillis = new long[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            base[i] = stages.get(i).handled().getAsLong();
            reachedMillis[i] = -1;
        }
        this.startMillis = System.currentTimeMillis();
        this.sampler = Thread.ofPlatform().daemon().name("bench-stage-progress").start(this::sample);
    }

    /** Starts watching the stages go through {@code count} more records each, from now. */
    static StageProgress track(List<Pipeline.Stage> stages, long count) {
        return new StageProgress(stages, count);
    }

    private void sample() {
        while (!stopped) {
            for (int i = 0; i < stages.size(); i++) {
                if (reachedMillis[i] < 0 && stages.get(i).handled().getAsLong() - base[i] >= count) {
                    reachedMillis[i] = System.currentTimeMillis();
                }
            }
            try {
                Thread.sleep(SAMPLE_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Each stage's time from {@code fromMillis} to having handled every record (-1 if it has not). */
    List<StageTime> times(long fromMillis) {
        List<StageTime> times = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            long reached = reachedMillis[i];
            times.add(new StageTime(stages.get(i).name(), reached < 0 ? -1 : (reached - fromMillis) / 1000.0, count));
        }
        return times;
    }

    long startMillis() {
        return startMillis;
    }

    @Override
    public void close() throws InterruptedException {
        // One last look, so a stage that finished after the last sample is seen.
        stopped = true;
        sampler.interrupt();
        sampler.join();
        for (int i = 0; i < stages.size(); i++) {
            if (reachedMillis[i] < 0 && stages.get(i).handled().getAsLong() - base[i] >= count) {
                reachedMillis[i] = System.currentTimeMillis();
            }
        }
    }

    /** A stage's time to handle {@code rows} records; its rate is rows over seconds. */
    record StageTime(String stage, double seconds, long rows) {
        double rowsPerSecond() {
            return seconds <= 0 ? 0 : rows / seconds;
        }
    }
}

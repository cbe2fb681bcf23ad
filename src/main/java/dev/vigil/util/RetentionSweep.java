package dev.vigil.util;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToIntBiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is older than a retention, in the background: at start, then every
 * {@link #INTERVAL}, a batch of {@link #BATCH} per call (each its own transaction, so that a
 * sweep never holds the writer for long); a failed sweep is tried again {@link #RETRY} later.
 */
public final class RetentionSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);
    public static final Duration INTERVAL = Duration.ofHours(1);
    public static final Duration RETRY = Duration.ofMinutes(1);
    public static final int BATCH = 1_000;

    private final String what;
    private final Duration retention;
    private final Clock clock;
    private final ToIntBiFunction<Instant, Integer> deleteBatch;
    private final Worker worker;
    private Instant next;

    /**
     * @param what        what is deleted, for the log: "audit log entries"
     * @param deleteBatch deletes at most the given number of items from before the instant; returns how many
     */
    public RetentionSweep(String thread, String what, Duration retention, Clock clock, ToIntBiFunction<Instant, Integer> deleteBatch) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be more than 0, got " + retention);
        }
        this.what = what;
        this.retention = retention;
        this.clock = clock;
        this.deleteBatch = deleteBatch;
        this.worker = new Worker(thread, this::pass);
    }

    /** Deletes everything older than the retention, a batch at a time; returns how many. */
    public int sweep() {
        Instant cutoff = clock.instant().minus(retention);
        int total = 0;
        int n;
        do {
            n = deleteBatch.applyAsInt(cutoff, BATCH);
            total += n;
        } while (n == BATCH);
        if (total > 0) log.info("deleted {} {} from before {}", total, what, cutoff);
        return total;
    }

    public void start() {
        worker.start();
    }

    /** One pass of the background thread: sweeps when due; returns how long it may sleep. */
    public synchronized long pass() {
        Instant now = clock.instant();
        if (next == null || !now.isBefore(next)) {
            next = now.plus(RETRY);
            sweep();
            next = now.plus(INTERVAL);
        }
        return Math.max(0, Duration.between(clock.instant(), next).toMillis());
    }

    @Override
    public void close() {
        worker.close();
    }
}

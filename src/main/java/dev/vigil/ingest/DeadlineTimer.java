package dev.vigil.ingest;

import dev.vigil.monitor.DeadlineIndex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import dev.vigil.util.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns deadlines into decisions on time: sleeps until the earliest deadline in the index (woken
 * early when an earlier one arrives), then hands every due job to the writer as a {@link
 * Command.Tick}. No sweep over all jobs; the cost of a wake-up is the number of jobs due.
 *
 * <p>It waits a short {@code settle} past each deadline so that a report received just before the
 * deadline, still on its way into the writer's queue, is decided first. If the timer itself wakes
 * far too late (the process was stalled), what is due gets a re-check window instead of a burst of
 * false alarms (PRODUCT.md §6).
 *
 * <p>Ticks go to the writer a chunk at a time, the next chunk once the last is committed: when
 * thousands of jobs are due at once, a ping arriving meanwhile waits behind one chunk in the
 * writer's queue, not behind the whole storm (bench/README.md, "Incident storm"). A chunk is sized
 * to about {@link #CHUNK_TARGET} of the writer's time, as the last full chunk took: a few hundred
 * ticks on an idle SQLite, a few dozen on a busy PostgreSQL.
 */
public final class DeadlineTimer implements AutoCloseable {
    public static final Duration DEFAULT_SETTLE = Duration.ofMillis(200);
    public static final Duration DEFAULT_STALL = Duration.ofSeconds(5);
    private static final int MAX_PER_PASS = 50_000;
    /** What a chunk of ticks should cost the writer: about what a ping may wait behind it. */
    static final Duration CHUNK_TARGET = Duration.ofMillis(10);
    static final int MIN_CHUNK = 16;
    static final int MAX_CHUNK = 1_024;
    private static final int FIRST_CHUNK = 64;
    private static final long CHUNK_TIMEOUT_MS = 30_000;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeadlineTimer.class);

    private final DeadlineIndex index;
    private final Ingest ingest;
    private final Clock clock;
    private final long settleMillis;
    private final long stallMillis;
    private final long recheckMillis;
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();
    private final Worker worker = new Worker("vigil-deadlines", this::pass);
    private volatile boolean closed;
    private final int minChunk;
    private final int maxChunk;
    private volatile int chunkSize;

    public DeadlineTimer(DeadlineIndex index, Ingest ingest, Clock clock, Duration settle, Duration stall,
                         Duration recheckWindow) {
        this(index, ingest, clock, settle, stall, recheckWindow, MIN_CHUNK, MAX_CHUNK);
    }

    DeadlineTimer(DeadlineIndex index, Ingest ingest, Clock clock, Duration settle, Duration stall,
                  Duration recheckWindow, int minChunk, int maxChunk) {
        this.minChunk = minChunk;
        this.maxChunk = maxChunk;
        this.chunkSize = Math.max(minChunk, Math.min(maxChunk, FIRST_CHUNK));
        this.index = index;
        this.ingest = ingest;
        this.clock = clock;
        this.settleMillis = settle.toMillis();
        this.stallMillis = stall.toMillis();
        this.recheckMillis = recheckWindow.toMillis();
        index.onNewEarliest(this::wake);
    }

    public void start() {
        worker.start();
    }

    /**
     * One pass: submits every job due now, chunk by chunk, and returns once the writer has committed
     * them; returns how many. Tests call this with a settable clock.
     */
    public int runOnce() {
        long now = clock.millis();
        int polled = 0;
        int submitted = 0;
        while (polled < MAX_PER_PASS && !closed) {
            int size = chunkSize;
            List<CompletableFuture<?>> chunk = new ArrayList<>(size);
            long start = System.nanoTime();
            int n = index.pollDue(now - settleMillis, Math.min(size, MAX_PER_PASS - polled), (jobId, due) -> {
                if (now - due > stallMillis + settleMillis) {
                    index.put(jobId, now + recheckMillis);
                    deferred.incrementAndGet();
                    return;
                }
                chunk.add(ingest.submit(new Command.Tick(jobId, Instant.ofEpochMilli(due))).exceptionally(e -> {
                    // Never drop a deadline: if the writer could not take it, look again shortly.
                    index.put(jobId, clock.millis() + 1_000);
                    return null;
                }));
            });
            polled += n;
            submitted += chunk.size();
            ticks.addAndGet(chunk.size());
            if (!chunk.isEmpty() && !committed(chunk)) break;
            if (n < size) break;
            if (chunk.size() == size) chunkSize = nextChunk(size, System.nanoTime() - start, minChunk, maxChunk);
        }
        return submitted;
    }

    /** Scales a chunk toward {@link #CHUNK_TARGET} of the writer's time, at most doubling or halving it. */
    static int nextChunk(int size, long tookNanos, int min, int max) {
        long scaled = tookNanos <= 0 ? 2L * size : size * CHUNK_TARGET.toNanos() / tookNanos;
        long bounded = Math.max(size / 2, Math.min(2L * size, scaled));
        return (int) Math.max(min, Math.min(max, bounded));
    }

    /** Waits for the writer to commit a chunk; false if it did not in time (what is left waits in the index). */
    private boolean committed(List<CompletableFuture<?>> chunk) {
        try {
            CompletableFuture.allOf(chunk.toArray(CompletableFuture[]::new)).get(CHUNK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true; // each failed tick was put back in the index
        } catch (TimeoutException e) {
            log.warn("The writer did not commit {} deadline ticks within {} ms; the next pass goes on", chunk.size(),
                    CHUNK_TIMEOUT_MS);
            return false;
        }
    }

    public long ticks() { return ticks.get(); }

    public long deferred() { return deferred.get(); }

    private void wake() {
        worker.wake();
    }

    /** One pass of the background thread; returns how long it may sleep. */
    private long pass() {
        if (runOnce() >= MAX_PER_PASS) return 0;
        long earliest = index.earliest();
        return earliest == Long.MAX_VALUE ? 1_000 : earliest + settleMillis - clock.millis();
    }

    @Override
    public void close() {
        closed = true;
        worker.close();
    }
}

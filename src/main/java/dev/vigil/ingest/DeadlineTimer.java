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
 * <p>Ticks go to the writer a chunk at a time, taken by it together, the next chunk once those are
 * committed: when thousands of jobs are due at once, a ping arriving meanwhile waits behind one
 * chunk in the writer's queue, not behind the whole storm (bench/README.md, "Incident storm").
 * Chunks start at {@value #CHUNK} ticks and grow, up to {@value #MAX_CHUNK}, while the writer
 * commits one within {@link #CHUNK_TARGET_NANOS} / 2, and shrink when one takes longer than that
 * target: a chunk costs the writer about the same few milliseconds on a fast and a slow database.
 */
public final class DeadlineTimer implements AutoCloseable {
    public static final Duration DEFAULT_SETTLE = Duration.ofMillis(200);
    public static final Duration DEFAULT_STALL = Duration.ofSeconds(5);
    private static final int MAX_PER_PASS = 50_000;
    /** Ticks handed to the writer at first; then adapted so that a chunk costs it about {@link #CHUNK_TARGET_NANOS}. */
    static final int CHUNK = 16;
    static final int MAX_CHUNK = 1_000;
    /** How long the writer should take for a chunk, from hand-over to commit: what a ping may wait behind it. */
    static final long CHUNK_TARGET_NANOS = 10_000_000;
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
    private int chunkSize = CHUNK; // only the pass's thread
    private volatile boolean closed;

    public DeadlineTimer(DeadlineIndex index, Ingest ingest, Clock clock, Duration settle, Duration stall,
                         Duration recheckWindow) {
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
            int size = Math.min(chunkSize, MAX_PER_PASS - polled);
            List<Command.Tick> due = new ArrayList<>(size);
            int n = index.pollDue(now - settleMillis, size, (jobId, at) -> {
                if (now - at > stallMillis + settleMillis) {
                    index.put(jobId, now + recheckMillis);
                    deferred.incrementAndGet();
                    return;
                }
                due.add(new Command.Tick(jobId, Instant.ofEpochMilli(at)));
            });
            polled += n;
            if (!due.isEmpty()) {
                long start = System.nanoTime();
                List<CompletableFuture<?>> chunk = new ArrayList<>(due.size());
                List<CompletableFuture<Result>> futures = ingest.submitAll(due);
                for (int i = 0; i < due.size(); i++) {
                    long jobId = due.get(i).jobId();
                    chunk.add(futures.get(i).exceptionally(e -> {
                        // Never drop a deadline: if the writer could not take it, look again shortly.
                        index.put(jobId, clock.millis() + 1_000);
                        return null;
                    }));
                }
                submitted += chunk.size();
                ticks.addAndGet(chunk.size());
                if (!committed(chunk)) break;
                adapt(due.size(), System.nanoTime() - start);
            }
            if (n < size) break;
        }
        return submitted;
    }

    /** Doubles the chunk while the writer commits one well within the target, halves it when it takes longer. */
    private void adapt(int size, long tookNanos) {
        if (tookNanos > CHUNK_TARGET_NANOS) chunkSize = Math.max(CHUNK, chunkSize / 2);
        else if (tookNanos < CHUNK_TARGET_NANOS / 2 && size >= chunkSize) chunkSize = Math.min(MAX_CHUNK, chunkSize * 2);
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

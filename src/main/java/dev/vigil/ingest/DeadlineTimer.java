package dev.vigil.ingest;

import dev.vigil.monitor.DeadlineIndex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import dev.vigil.util.Worker;
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
 */
public final class DeadlineTimer implements AutoCloseable {
    public static final Duration DEFAULT_SETTLE = Duration.ofMillis(200);
    public static final Duration DEFAULT_STALL = Duration.ofSeconds(5);
    private static final int MAX_PER_PASS = 50_000;

    private final DeadlineIndex index;
    private final Ingest ingest;
    private final Clock clock;
    private final long settleMillis;
    private final long stallMillis;
    private final long recheckMillis;
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();
    private final Worker worker = new Worker("vigil-deadlines", this::pass);

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

    /** One pass: submits every job due now; returns how many. Tests call this with a settable clock. */
    public int runOnce() {
        long now = clock.millis();
        int[] n = {0};
        index.pollDue(now - settleMillis, MAX_PER_PASS, (jobId, due) -> {
            if (now - due > stallMillis + settleMillis) {
                index.put(jobId, now + recheckMillis);
                deferred.incrementAndGet();
                return;
            }
            ingest.submit(new Command.Tick(jobId, Instant.ofEpochMilli(due))).exceptionally(e -> {
                // Never drop a deadline: if the writer could not take it, look again shortly.
                index.put(jobId, clock.millis() + 1_000);
                return null;
            });
            n[0]++;
        });
        ticks.addAndGet(n[0]);
        return n[0];
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
        worker.close();
    }
}

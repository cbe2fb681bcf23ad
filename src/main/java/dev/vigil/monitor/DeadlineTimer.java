package dev.vigil.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger log = LoggerFactory.getLogger(DeadlineTimer.class);
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
    private volatile Thread thread;
    private volatile boolean running;

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

    public synchronized void start() {
        if (thread != null) return;
        running = true;
        thread = Thread.ofPlatform().name("vigil-deadlines").daemon(true).start(this::loop);
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
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    private void loop() {
        while (running) {
            try {
                int n = runOnce();
                if (n >= MAX_PER_PASS) continue;
                long earliest = index.earliest();
                long wait = earliest == Long.MAX_VALUE ? 1_000 : earliest + settleMillis - clock.millis();
                if (wait > 0) LockSupport.parkNanos(this, Duration.ofMillis(Math.min(wait, 1_000)).toNanos());
            } catch (RuntimeException e) {
                log.error("deadline timer pass failed; continuing", e);
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

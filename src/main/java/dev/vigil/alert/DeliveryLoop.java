package dev.vigil.alert;

import dev.vigil.store.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the {@link Outbox} holds, on one background thread: each pass claims due
 * notifications under a lease, sends each through its channel, records the attempt and then marks
 * it delivered, retries it later with {@link Backoff}, or fails it (permanent error, attempts
 * exhausted, channel deleted). Between passes it sleeps until the next notification is due or
 * {@link #wake()} is called, at most {@code maxIdle}, so that several servers sharing a database
 * also pick up each other's work.
 *
 * <p>Tests call {@link #runOnce()} with a settable clock instead of starting the thread.
 */
public final class DeliveryLoop implements AutoCloseable {
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    public static final int DEFAULT_BATCH_SIZE = 20;
    public static final int DEFAULT_MAX_ATTEMPTS = 12;
    public static final Duration DEFAULT_MAX_IDLE = Duration.ofSeconds(1);
    /** After a pass that claimed nothing, so that clock skew with the database cannot spin a core. */
    private static final Duration MIN_IDLE = Duration.ofMillis(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);

    private final Transactor transactor;
    private final Clock clock;
    private final int batchSize;
    private final Duration maxIdle;
    private final DeliveryCounters counters = new DeliveryCounters();
    private final DeliveryPass pass;
    private volatile boolean running;
    private volatile Thread thread;

    DeliveryLoop(DeliveryLoopBuilder b) {
        this.transactor = b.transactor;
        this.clock = b.clock;
        this.batchSize = b.batchSize;
        this.maxIdle = b.maxIdle;
        this.pass = new DeliveryPass(b.transactor, b.registry, b.clock, b.lease, b.batchSize, b.maxAttempts,
                b.backoff, b.random, counters);
        if (b.meterRegistry != null) counters.bindTo(b.meterRegistry);
    }

    /** Settings start at the {@code DEFAULT_*} values; {@link DeliveryLoopBuilder#build()} checks them. */
    public static DeliveryLoopBuilder builder(Transactor transactor, ChannelRegistry registry, Clock clock) {
        return new DeliveryLoopBuilder(transactor, registry, clock);
    }

    /** One pass, on the calling thread. @return how many notifications were claimed */
    public int runOnce() {
        return pass.run();
    }

    /** Starts the background thread. */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("delivery loop already started");
        running = true;
        thread = Thread.ofPlatform().name("vigil-delivery").daemon(true).start(this::loop);
    }

    /** Asks for a pass now, e.g. after ingest committed new notifications. Cheap; never blocks. */
    public void wake() {
        Thread t = thread;
        // unpark() before park() is remembered, so a wake during a pass is not lost.
        if (t != null) LockSupport.unpark(t);
    }

    /** Stops the thread, letting a send in progress finish for a few seconds first. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t == null) return;
        LockSupport.unpark(t);
        try {
            if (!t.join(CLOSE_TIMEOUT)) {
                t.interrupt();
                t.join(CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long delivered() { return counters.delivered.get(); }
    public long retried() { return counters.retried.get(); }
    public long failed() { return counters.failed.get(); }
    /** Unexpected errors in the loop itself (not delivery failures): each one is logged. */
    public long errors() { return counters.errors.get(); }

    private void loop() {
        while (running) {
            int claimed = 0;
            try {
                claimed = runOnce();
            } catch (RuntimeException e) {
                counters.errors.incrementAndGet();
                log.error("Delivery pass failed; trying again shortly", e);
            }
            // A full batch means more may be due right now.
            if (claimed < batchSize && running) sleep(claimed == 0);
        }
    }

    private void sleep(boolean idle) {
        Duration wait = maxIdle;
        try {
            Optional<Instant> next = transactor.read(tx -> tx.outbox().nextDue());
            if (next.isPresent()) {
                Duration untilDue = Duration.between(clock.instant(), next.get());
                if (untilDue.compareTo(wait) < 0) wait = untilDue.isNegative() ? Duration.ZERO : untilDue;
            }
        } catch (RuntimeException e) {
            counters.errors.incrementAndGet();
            log.error("Cannot read the next due notification; sleeping {}", maxIdle, e);
        }
        if (idle && wait.compareTo(MIN_IDLE) < 0) wait = MIN_IDLE;
        if (!wait.isZero()) LockSupport.parkNanos(this, wait.toNanos());
    }
}

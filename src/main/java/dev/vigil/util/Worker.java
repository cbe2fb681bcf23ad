package dev.vigil.util;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background thread that runs one pass after another: each pass returns how long it may sleep
 * before the next (at most a second, so that a lost wake-up costs little), {@link #wake()} cuts the
 * sleep short, and a pass that throws is logged and followed by a short pause — the loop never dies
 * of one bad item.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final long MAX_SLEEP_MS = 1_000;
    private static final long PAUSE_AFTER_ERROR_MS = 200;

    private final String name;
    private final LongSupplier pass;
    private volatile Thread thread;
    private volatile boolean running;

    /** @param pass runs one pass and returns the milliseconds to sleep before the next (0: at once) */
    public Worker(String name, LongSupplier pass) {
        this.name = name;
        this.pass = pass;
    }

    public synchronized void start() {
        if (thread != null) return;
        running = true;
        thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    /** Asks for a pass now. Cheap; an unpark before the park is remembered. */
    public void wake() {
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    private void loop() {
        while (running) {
            long sleep;
            try {
                sleep = Math.min(pass.getAsLong(), MAX_SLEEP_MS);
            } catch (RuntimeException e) {
                log.error("{} pass failed; continuing", name, e);
                sleep = PAUSE_AFTER_ERROR_MS;
            }
            if (sleep > 0 && running) LockSupport.parkNanos(this, Duration.ofMillis(sleep).toNanos());
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        Thread t = thread;
        if (t == null) return;
        try {
            t.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

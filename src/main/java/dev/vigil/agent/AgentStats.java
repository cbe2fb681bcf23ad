package dev.vigil.agent;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of an agent, read by its metrics endpoint and readiness. Thread-safe. */
public final class AgentStats {
    private final AtomicLong pollsOk = new AtomicLong();
    private final AtomicLong pollsFailed = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final Map<String, AtomicLong> finished = new ConcurrentHashMap<>();
    private volatile long lastOkNanos = -1;

    void polled(boolean ok) {
        if (ok) {
            pollsOk.incrementAndGet();
            lastOkNanos = System.nanoTime();
        } else {
            pollsFailed.incrementAndGet();
        }
    }

    void runStarted() {
        started.incrementAndGet();
    }

    void finished(String end) {
        finished.computeIfAbsent(end, e -> new AtomicLong()).incrementAndGet();
    }

    public long pollsOk() { return pollsOk.get(); }

    public long pollsFailed() { return pollsFailed.get(); }

    public long started() { return started.get(); }

    /** Finished runs by how they ended (succeeded, failed, timed_out, cancelled, lost). */
    public Map<String, Long> finished() {
        Map<String, Long> out = new TreeMap<>();
        finished.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Time since the last poll the server answered; null if none yet. */
    public Duration sinceLastPoll() {
        long t = lastOkNanos;
        return t < 0 ? null : Duration.ofNanos(System.nanoTime() - t);
    }
}

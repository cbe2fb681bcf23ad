package dev.vigil.agent;

import dev.vigil.domain.RunState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of an agent, read by its metrics endpoint and readiness. Thread-safe. */
public final class AgentStats {
    private final AtomicLong pollsOk = new AtomicLong();
    private final AtomicLong pollsFailed = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final Map<RunState, AtomicLong> finished = new EnumMap<>(RunState.class);
    private volatile long lastOkNanos = -1;

    public AgentStats() {
        for (RunState end : RunState.ENDS) finished.put(end, new AtomicLong());
    }

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

    void ended(RunState end) {
        finished.get(end).incrementAndGet(); // one of RunState.ENDS, each counted from the start
    }

    public long pollsOk() { return pollsOk.get(); }

    public long pollsFailed() { return pollsFailed.get(); }

    public long started() { return started.get(); }

    /** Finished runs that ended so ({@link RunState#ENDS}). */
    public long finished(RunState end) {
        return finished.get(end).get();
    }

    /** Time since the last poll the server answered; null if none yet. */
    public Duration sinceLastPoll() {
        long t = lastOkNanos;
        return t < 0 ? null : Duration.ofNanos(System.nanoTime() - t);
    }
}

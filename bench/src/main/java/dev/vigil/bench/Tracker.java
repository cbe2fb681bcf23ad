package dev.vigil.bench;

import dev.vigil.agent.wire.Assignment;
import dev.vigil.agent.wire.PollReply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Dispatch times, duplicate dispatches, and dispatch → committed latency. */
final class Tracker {
    final Map<Long, Long> dispatched = new ConcurrentHashMap<>();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong polls = new AtomicLong();
    final Latencies latency = new Latencies();
    private final List<TimedRemoteLink> sampled = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Thread sampler;

    void handed(PollReply reply) {
        long now = System.nanoTime();
        if (!reply.runs().isEmpty()) polls.incrementAndGet();
        for (Assignment a : reply.runs()) {
            if (dispatched.putIfAbsent(a.runId(), now) != null) duplicates.incrementAndGet();
        }
    }

    void committed(long runId, long now) {
        Long at = dispatched.get(runId);
        if (at != null) latency.record(now - at);
    }

    synchronized void sample(TimedRemoteLink link) {
        sampled.add(link);
        if (sampler == null) {
            sampler = Thread.ofPlatform().daemon(true).name("bench-delivery-sampler").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (TimedRemoteLink l : sampled) l.sample(this);
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            });
        }
    }

    void stop() {
        Thread t = sampler;
        if (t != null) t.interrupt();
    }
}

package dev.vigil.bench;

import dev.vigil.agent.ServerLink;
import dev.vigil.agent.remote.RemoteLink;
import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.PollReply;
import dev.vigil.agent.wire.RunEvent;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The product's {@link RemoteLink}, with the times its polls hand out runs and the times their
 * finishes are acknowledged by the server. The spool delivers in order, so "events delivered" =
 * events handed over − events still pending, sampled every millisecond (finishes appear
 * committed up to ~1 ms late).
 */
final class TimedRemoteLink implements ServerLink, AutoCloseable {
    private final RemoteLink link;
    private final Tracker tracker;
    private final AtomicLong sent = new AtomicLong();
    private final ConcurrentLinkedQueue<long[]> finishes = new ConcurrentLinkedQueue<>(); // {ordinal, runId}

    TimedRemoteLink(RemoteLink link, Tracker tracker) {
        this.link = link;
        this.tracker = tracker;
        tracker.sample(this);
    }

    @Override
    public PollReply poll(Poll poll) throws java.io.IOException, InterruptedException {
        PollReply reply = link.poll(poll);
        tracker.handed(reply);
        return reply;
    }

    /** Called from the agent's poll thread only (the no-op executor finishes there), so ordinals follow spool order. */
    @Override
    public void send(RunEvent event) {
        link.send(event);
        long n = sent.incrementAndGet();
        if (event.kind() == RunEvent.Kind.FINISHED) finishes.add(new long[] {n, event.runId()});
    }

    void sample(Tracker t) {
        long s = sent.get();
        long delivered = s - link.pending();
        long now = System.nanoTime();
        for (long[] f; (f = finishes.peek()) != null && f[0] <= delivered; ) {
            finishes.poll();
            t.committed(f[1], now);
        }
    }

    @Override
    public void onDelivered(Runnable listener) { link.onDelivered(listener); }

    @Override
    public Set<Long> undelivered() { return link.undelivered(); }

    @Override
    public boolean flush(Duration max) throws InterruptedException { return link.flush(max); }

    @Override
    public void leave(String name, String instance) throws java.io.IOException, InterruptedException {
        link.leave(name, instance);
    }

    @Override
    public void close() throws java.io.IOException { link.close(); }
}

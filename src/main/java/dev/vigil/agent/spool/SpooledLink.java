package dev.vigil.agent.spool;

import dev.vigil.agent.ServerLink;
import dev.vigil.agent.wire.RunEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What every agent's link shares: run events go through {@link SpooledEvents} (on disk first, then
 * delivered in order and in batches by a thread of their own). A subclass says how a batch is
 * delivered — over HTTP for {@code vigil agent}, in process for the embedded agent — and how to poll
 * and leave.
 */
public abstract class SpooledLink implements ServerLink, AutoCloseable {
    private final SpooledEvents events;

    /** Opens the spool in {@code dir}; nothing is delivered before {@link #startDelivery()}. */
    protected SpooledLink(Path dir, String threadName, int maxEvents, long maxBytes) throws IOException {
        // The delivery thread starts later, once the subclass is whole: deliver() may use its fields.
        this.events = new SpooledEvents(dir, threadName, maxEvents, maxBytes, this::deliver);
    }

    /**
     * Delivers a batch: returns once all of it is durable on the server; throws
     * {@link SpooledEvents.Rejected} for a batch the server refuses as malformed, anything else to
     * have it sent again later.
     */
    protected abstract void deliver(List<RunEvent> batch) throws IOException, InterruptedException;

    /** Starts delivering, what the spool holds from before first. */
    public void startDelivery() {
        events.start();
    }

    @Override
    public final void send(RunEvent event) {
        events.append(event);
    }

    @Override
    public final void sendAll(List<RunEvent> batch) {
        events.appendAll(batch);
    }

    @Override
    public final void onDelivered(Runnable listener) {
        events.onDelivered(listener);
    }

    @Override
    public final Set<Long> undelivered() {
        return events.undeliveredFinishes();
    }

    @Override
    public final boolean flush(Duration max) throws InterruptedException {
        return events.awaitDelivered(max);
    }

    /** Events waiting in the spool (for metrics and tests). */
    public final int pending() {
        return events.pending();
    }

    /** Stops delivering; what is left stays in the spool for the next start. */
    @Override
    public void close() throws IOException {
        events.close();
    }
}

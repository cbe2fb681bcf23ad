package dev.vigil.agent.spool;

import dev.vigil.agent.wire.RunEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outgoing half of every agent's link, remote or embedded: run events go to an
 * {@link EventSpool} on disk first, and a thread of their own hands them on in order and in batches
 * through a {@link Delivery}, taking them off the spool only once they are delivered. A server that
 * is down, restarting or slow, or a crash of the agent, so costs nothing but delay.
 */
public final class SpooledEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpooledEvents.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** How a batch reaches the server: over HTTP for {@code vigil agent}, in process for the embedded agent. */
    @FunctionalInterface
    public interface Delivery {
        /**
         * Returns once the whole batch is durable on the server. Any exception has the batch sent
         * again later, except {@link Rejected}.
         */
        void deliver(List<RunEvent> batch) throws IOException, InterruptedException;
    }

    /** The server refuses the batch as malformed and would refuse it again: sending it as is will never help. */
    public static final class Rejected extends IOException {
        public Rejected(String message) {
            super(message);
        }
    }

    private final EventSpool spool;
    private final int maxEvents;
    private final long maxBytes;
    private final Delivery delivery;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Runnable onDelivered = () -> {};

    /**
     * Opens (or creates) the spool in {@code dir}; events an earlier process left there are
     * delivered first once {@link #start()} is called.
     *
     * @param maxEvents events per batch at most
     * @param maxBytes  a rough bound on a batch's size as JSON (a batch holds at least one event)
     */
    public SpooledEvents(Path dir, String threadName, int maxEvents, long maxBytes, Delivery delivery) throws IOException {
        if (maxEvents < 1) throw new IllegalArgumentException("maxEvents must be at least 1, got " + maxEvents);
        this.spool = new EventSpool(dir);
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.delivery = delivery;
        this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::deliverLoop);
    }

    /** Starts delivering. Events appended before are kept and delivered then. */
    public void start() {
        thread.start();
    }

    /** Appends an event; a start or finish is on disk when this returns (see {@link EventSpool}). */
    public void append(RunEvent event) {
        spool.append(event);
    }

    /** Appends events in order, with one {@code fsync} for all of them. */
    public void appendAll(List<RunEvent> events) {
        if (!events.isEmpty()) spool.appendAll(events);
    }

    /** Who to tell after each delivered batch; keep it cheap (it runs on the delivery thread). */
    public void onDelivered(Runnable listener) {
        this.onDelivered = listener;
    }

    /** Runs whose finish is spooled but not yet delivered. */
    public Set<Long> undeliveredFinishes() {
        return spool.undeliveredFinishes();
    }

    /** Waits until everything appended is delivered or the time is up; true if all was. */
    public boolean awaitDelivered(Duration max) throws InterruptedException {
        return spool.awaitEmpty(max.toMillis());
    }

    /** Events waiting in the spool. */
    public int pending() {
        return spool.size();
    }

    private void deliverLoop() {
        long backoff = 0;
        while (!closed) {
            try {
                List<RunEvent> batch = bounded(spool.peek(maxEvents, 1_000), maxBytes);
                if (batch.isEmpty()) continue;
                deliverOrSplit(batch);
                backoff = 0;
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) return;
                backoff = Math.min(Math.max(backoff * 2, 250), MAX_BACKOFF_MILLIS);
                log.warn("cannot deliver {} run events ({}); retrying in {} ms", spool.size(), e.toString(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /**
     * Delivers a batch; on success all of it is delivered. A batch refused as malformed is sent
     * again one event at a time, and only the events refused alone are dropped, so one bad event
     * cannot hold back every report after it.
     */
    private void deliverOrSplit(List<RunEvent> batch) throws IOException, InterruptedException {
        try {
            delivery.deliver(batch);
            spool.delivered(batch.size());
            onDelivered.run();
        } catch (Rejected e) {
            if (batch.size() == 1) {
                log.error("the server rejected run event {}: {}; dropped", batch.getFirst(), e.getMessage());
                spool.delivered(1);
                return;
            }
            for (RunEvent one : batch) deliverOrSplit(List.of(one));
        }
    }

    /** The leading events that fit in {@code maxBytes} as JSON, roughly (at least one). */
    static List<RunEvent> bounded(List<RunEvent> events, long maxBytes) {
        long bytes = 0;
        int n = 0;
        for (RunEvent e : events) {
            bytes += 200 + (e.text() == null ? 0 : 2L * e.text().length());
            if (n > 0 && bytes > maxBytes) break;
            n++;
        }
        return events.subList(0, n);
    }

    /** Stops delivering (what is left stays in the spool for the next start) and closes the file. */
    @Override
    public void close() throws IOException {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spool.close();
    }
}

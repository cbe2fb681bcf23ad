package dev.vigil.web.ui;

import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every open dashboard that something changed, over server-sent events. A committed batch
 * of the writer (a ping, a run starting or ending, a job turning red) marks the feed dirty; one
 * thread then sends a {@code change} event to all pages, at most every {@link #MIN_INTERVAL_MS}, and
 * each page re-fetches the parts of itself marked live. A burst of thousands of pings is one event.
 * Idle connections get a comment every {@link #KEEPALIVE_MS} so proxies do not close them.
 */
final class LiveFeed implements AutoCloseable {
    static final long MIN_INTERVAL_MS = 150;
    static final long KEEPALIVE_MS = 15_000;
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final AtomicLong version = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean dirty;
    private volatile boolean open = true;
    private final Thread thread;

    LiveFeed() {
        this.thread = Thread.ofVirtual().name("vigil-live-feed").start(this::loop);
    }

    /** Called after each commit, on the writer thread: only flags and wakes. */
    void changed() {
        lock.lock();
        try {
            dirty = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Holds the request open as an event stream until the browser leaves or the server stops. */
    void attach(SseClient client) {
        clients.add(client);
        client.onClose(() -> clients.remove(client));
        client.sendEvent("hello", Long.toString(version.get()));
        client.keepAlive();
    }

    private void loop() {
        while (open) {
            try {
                boolean changed = awaitChange();
                if (!open) break;
                if (changed) {
                    String v = Long.toString(version.incrementAndGet());
                    for (SseClient c : clients) send(c, () -> c.sendEvent("change", v));
                    Thread.sleep(MIN_INTERVAL_MS); // coalesce a burst into one event
                } else {
                    for (SseClient c : clients) send(c, () -> c.sendComment("keepalive"));
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                log.warn("live feed iteration failed; continuing", e);
            }
        }
    }

    private boolean awaitChange() throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KEEPALIVE_MS);
            while (!dirty && open) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                wake.awaitNanos(left);
            }
            dirty = false;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void send(SseClient client, Runnable send) {
        if (client.terminated()) {
            clients.remove(client);
            return;
        }
        try {
            send.run();
        } catch (RuntimeException e) {
            clients.remove(client); // the browser went away
            client.close();
        }
    }

    @Override
    public void close() {
        open = false;
        thread.interrupt();
        for (SseClient c : clients) c.close();
        clients.clear();
    }
}

package dev.vigil.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The incident bench's pings during a storm: an open loop at a fixed rate on {@link PingLoad}'s
 * connections, from a given moment on, each answer's latency kept with the time it was meant to be
 * sent, so that the latencies before, during and after the storm are reported apart.
 */
final class Pinger implements AutoCloseable {
    private final PingLoad load;
    private final int rate;
    private final long fromEpochMillis;
    private final long epochNanosMinusNanoTime = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    private final List<long[]> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stop;
    private volatile Exception failure;
    private Thread thread;

    private Pinger(PingLoad load, int rate, long fromEpochMillis) {
        this.load = load;
        this.rate = rate;
        this.fromEpochMillis = fromEpochMillis;
    }

    static Pinger start(int port, List<UUID> jobs, int rate, long fromEpochMillis, int maxSeconds) throws Exception {
        Pinger p = new Pinger(new PingLoad(port, jobs, 64), rate, fromEpochMillis);
        p.thread = Thread.ofPlatform().name("bench-pinger").start(() -> {
            try {
                Thread.sleep(Math.max(0, fromEpochMillis - System.currentTimeMillis()));
                p.load.openLoop(rate, maxSeconds, () -> p.stop, (intended, latency, status) ->
                        p.samples.add(new long[] {(intended + p.epochNanosMinusNanoTime) / 1_000_000L, latency, status}));
            } catch (Exception e) {
                p.failure = e;
            }
        });
        return p;
    }

    void stop() throws InterruptedException {
        stop = true;
        thread.join();
    }

    /** Latencies of the pings meant to be sent before the deadline, during the storm, and after it. */
    void print(String tag, long deadline, long stormEnd) {
        if (failure != null) {
            System.out.printf("RESULT incidents-pings %s FAILED: %s%n", tag, failure);
            return;
        }
        long end = stormEnd < 0 ? Long.MAX_VALUE : stormEnd;
        window(tag, "before the deadline (1 s)", fromEpochMillis, deadline);
        window(tag, "during the storm (deadline -> all incidents open, " + (stormEnd < 0 ? "never" : (end - deadline) + " ms") + ")",
                deadline, end + 1);
        window(tag, "after the storm (until delivery ended)", end + 1, Long.MAX_VALUE);
    }

    private void window(String tag, String what, long from, long until) {
        Latencies lat = new Latencies();
        long bad = 0;
        synchronized (samples) {
            for (long[] s : samples) {
                if (s[0] < from || s[0] >= until) continue;
                lat.record(s[1]);
                if (s[2] != 200) bad++;
            }
        }
        System.out.printf("RESULT incidents-pings %s rate=%d/s %s: %s, not 200: %d%n", tag, rate, what, lat.summary(), bad);
    }

    @Override
    public void close() throws Exception {
        stop = true;
        if (thread != null) thread.join();
        load.close();
    }
}

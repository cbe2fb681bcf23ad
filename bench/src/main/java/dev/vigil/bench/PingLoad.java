package dev.vigil.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A lean HTTP/1.1 keep-alive load generator for ping URLs: raw non-blocking sockets, one selector
 * thread reading every answer, at most one request in flight per connection (no pipelining).
 * Closed loop: each connection sends its next ping as soon as the previous is answered. Open loop:
 * a sender thread sends at fixed intended times on whichever connection is free, and latency is
 * measured from the intended time, so a stalled server is charged for the pings it delayed
 * (no coordinated omission).
 */
final class PingLoad implements AutoCloseable {
    private final Selector selector;
    private final List<Conn> conns = new ArrayList<>();
    private final byte[][] requests;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong okAll = new AtomicLong();

    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        volatile long intendedNanos;

        Conn(SocketChannel channel) { this.channel = channel; }
    }

    /** Totals of one phase. */
    record Outcome(long ok, long failed, double seconds, Latencies latencies) {
        double rate() { return ok / seconds; }
    }

    /** Pings the given jobs round-robin. */
    PingLoad(int port, List<UUID> jobs, int connections) throws IOException {
        this(port, connections, jobs.stream().map(u -> "/ping/" + u).toList());
    }

    /** GETs the given paths round-robin. */
    PingLoad(int port, int connections, List<String> paths) throws IOException {
        this.requests = new byte[paths.size()][];
        for (int i = 0; i < paths.size(); i++) {
            requests[i] = ("GET " + paths.get(i) + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }
        this.selector = Selector.open();
        for (int i = 0; i < connections; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
            Conn c = new Conn(ch);
            ch.register(selector, SelectionKey.OP_READ, c);
            conns.add(c);
        }
    }

    /** Closed loop for {@code warmup + measure} seconds; counts answers completed in the measured window. */
    Outcome closedLoop(double warmupSeconds, double measureSeconds) throws IOException {
        long start = System.nanoTime();
        long from = start + (long) (warmupSeconds * 1e9);
        long until = from + (long) (measureSeconds * 1e9);
        Latencies lat = new Latencies();
        long[] ok = {0}, failed = {0};
        int[] busy = {conns.size()};
        for (Conn c : conns) send(c, System.nanoTime());
        while (busy[0] > 0) {
            selector.select(100);
            long now = System.nanoTime();
            for (SelectionKey key : selector.selectedKeys()) {
                Conn c = (Conn) key.attachment();
                int status = readAnswer(c);
                if (status == 0) continue;
                if (status == 200) okAll.incrementAndGet();
                if (now >= from && now < until) {
                    if (status == 200) ok[0]++; else failed[0]++;
                    lat.record(now - c.intendedNanos);
                }
                if (now < until) send(c, now); else busy[0]--;
            }
            selector.selectedKeys().clear();
        }
        return new Outcome(ok[0], failed[0], measureSeconds, lat);
    }

    /**
     * Open loop at {@code rate} pings/s for {@code seconds}; latencies from the intended send time.
     * If the server cannot keep up, sending stops {@code seconds + 15} s after the start; pings
     * never sent or never answered then count with their wait so far (a lower bound) and as failed.
     */
    Outcome openLoop(int rate, double seconds) throws Exception {
        return openLoop(rate, seconds, () -> false, null);
    }

    /** Each answer of an open loop: intended send time (nanoTime), latency from it, HTTP status. */
    interface Sample {
        void answered(long intendedNanos, long latencyNanos, int status);
    }

    /**
     * As {@link #openLoop(int, double)}, but sending stops early once {@code stop} says so (pings
     * not sent by then are not counted), and every answer is also given to {@code sample} (if not
     * null), so that a caller can pick the pings of a window of its own.
     */
    Outcome openLoop(int rate, double seconds, java.util.function.BooleanSupplier stop, Sample sample) throws Exception {
        long total = (long) (rate * seconds);
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        double interval = 1e9 / rate;
        ConcurrentLinkedQueue<Conn> free = new ConcurrentLinkedQueue<>(conns);
        Latencies lat = new Latencies();
        AtomicLong ok = new AtomicLong(), failed = new AtomicLong(), answered = new AtomicLong(), sent = new AtomicLong();
        long start = System.nanoTime() + 10_000_000;
        long giveUp = start + (long) (seconds * 1e9) + 15_000_000_000L;
        Thread sender = Thread.ofPlatform().name("bench-sender").start(() -> {
            for (long i = 0; i < total; i++) {
                if (stop.getAsBoolean()) {
                    stopped.set(true);
                    return;
                }
                long intended = start + (long) (i * interval);
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
                Conn c;
                while ((c = free.poll()) == null) {
                    if (System.nanoTime() > giveUp) return;
                    LockSupport.parkNanos(20_000); // all busy: the delay is charged to the server
                }
                try {
                    send(c, intended);
                    sent.incrementAndGet();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        while (sender.isAlive() || answered.get() < sent.get()) {
            if (System.nanoTime() > giveUp + 5_000_000_000L) break;
            selector.select(100);
            long now = System.nanoTime();
            for (SelectionKey key : selector.selectedKeys()) {
                Conn c = (Conn) key.attachment();
                int status = readAnswer(c);
                if (status == 0) continue;
                lat.record(now - c.intendedNanos);
                if (sample != null) sample.answered(c.intendedNanos, now - c.intendedNanos, status);
                if (status == 200) okAll.incrementAndGet();
                if (status == 200) ok.incrementAndGet(); else failed.incrementAndGet();
                answered.incrementAndGet();
                free.add(c);
            }
            selector.selectedKeys().clear();
        }
        sender.join();
        long end = System.nanoTime();
        long expected = stopped.get() ? sent.get() : total;
        long missing = expected - answered.get();
        for (long i = answered.get(); i < expected; i++) {
            long intended = start + (long) (i * interval);
            lat.record(end - intended);
            if (sample != null) sample.answered(intended, end - intended, 0);
        }
        return new Outcome(ok.get(), failed.get() + missing, (end - start) / 1e9, lat);
    }

    /** Every 200 answered on these connections, in or out of a measured window. */
    long okAll() { return okAll.get(); }

    private void send(Conn c, long intendedNanos) throws IOException {
        c.intendedNanos = intendedNanos;
        ByteBuffer out = ByteBuffer.wrap(requests[(int) (sequence.getAndIncrement() % requests.length)]);
        while (out.hasRemaining()) {
            if (c.channel.write(out) == 0) Thread.onSpinWait();
        }
    }

    /** Reads what arrived; returns the status code once a whole answer is in, else 0. */
    private static int readAnswer(Conn c) throws IOException {
        if (c.channel.read(c.in) < 0) throw new IOException("server closed a connection");
        byte[] b = c.in.array();
        int len = c.in.position();
        int headerEnd = indexOf(b, len);
        if (headerEnd < 0) return 0;
        String head = new String(b, 0, headerEnd, StandardCharsets.US_ASCII);
        int status = Integer.parseInt(head.substring(9, 12));
        int bodyLength = contentLength(head);
        int total = headerEnd + 4 + bodyLength;
        if (len < total) return 0;
        if (len > total) throw new IOException("unexpected bytes after an answer");
        c.in.clear();
        return status;
    }

    private static int indexOf(byte[] b, int len) {
        for (int i = 0; i + 3 < len; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
        }
        return -1;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
            if (line.toLowerCase().startsWith("transfer-encoding")) {
                throw new IllegalStateException("chunked answers are not supported by this client: " + line);
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        for (Conn c : conns) c.channel.close();
        selector.close();
    }
}

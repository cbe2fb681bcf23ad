package dev.vigil.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The target of the {@code allinone} scenario's {@code http} jobs: a minimal HTTP/1.1 server on
 * 127.0.0.1, one selector thread, raw non-blocking sockets, keep-alive, answering every request
 * {@code 200} with an empty body — cheap enough (tens of thousands of requests/s on one core, see
 * {@code allinone-receiver}) that it is not what is measured.
 *
 * <p>For every request to {@code /hit/<i>} (fire) or {@code /d/<i>} (drain) it records, in
 * preallocated arrays: the arrival time (wall clock in microseconds, read as soon as the read that
 * completed the request returned), the job index from the path, and — once the server sends them
 * (PRODUCT.md §5) — the run id, the scheduled fire time and the idempotency key from the headers.
 *
 * <p>A <em>gate</em> holds answers back: while it is closed, requests are recorded on arrival but
 * answered only when it opens, so an agent's slots stay busy and the runs behind them stay queued.
 */
final class RunReceiver implements AutoCloseable {
    /** Header names looked for, first match wins (the server's names are not settled yet). */
    static final String[] RUN_ID = {"x-vigil-run-id", "x-vigil-run"};
    static final String[] SCHEDULED = {"x-vigil-scheduled-for", "x-vigil-scheduled-at", "x-vigil-scheduled",
            "x-vigil-fire-time"};
    static final String[] IDEMPOTENCY = {"idempotency-key", "x-vigil-idempotency-key"};
    static final long NONE = Long.MIN_VALUE;
    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEAD = 1 << 20;

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Thread thread;
    private final int capacity;
    final long[] arrivalMicros;
    final int[] job;
    final byte[] kind;
    final long[] runId;
    final long[] scheduledMillis;
    private final AtomicInteger next = new AtomicInteger();
    /** Incremented after a record's fields are written: reading it makes them visible to other threads. */
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong unrecorded = new AtomicLong();
    private final AtomicLong badScheduled = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final Set<String> vigilHeaders = ConcurrentHashMap.newKeySet();
    private final AtomicInteger held = new AtomicInteger();
    private volatile boolean gateClosed;
    private volatile boolean closed;
    /** Selector thread only: connections with answers held back by the gate. */
    private final List<Conn> holding = new ArrayList<>();

    private static final class Conn {
        final SocketChannel channel;
        SelectionKey key;
        ByteBuffer in = ByteBuffer.allocate(8 * 1024);
        ByteBuffer out; // what a write could not send yet
        long bodyLeft;
        int heldAnswers;

        Conn(SocketChannel channel) { this.channel = channel; }
    }

    private RunReceiver(int capacity) throws IOException {
        this.capacity = capacity;
        arrivalMicros = new long[capacity];
        job = new int[capacity];
        kind = new byte[capacity];
        runId = new long[capacity];
        scheduledMillis = new long[capacity];
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        thread = Thread.ofPlatform().name("bench-receiver").daemon(true).start(this::loop);
    }

    static RunReceiver start(int capacity) throws IOException {
        return new RunReceiver(capacity);
    }

    static long nowMicros() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000;
    }

    // ---------------------------------------------------------------- the selector thread

    private void loop() {
        while (!closed) {
            try {
                selector.select(20);
                if (!gateClosed && !holding.isEmpty()) release();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) continue;
                    if (key.isAcceptable()) {
                        accept();
                        continue;
                    }
                    Conn c = (Conn) key.attachment();
                    try {
                        if (key.isWritable()) flush(c);
                        if (key.isValid() && key.isReadable()) read(c);
                    } catch (IOException e) {
                        close(c);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                if (!closed) System.err.println("bench receiver: " + e);
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Conn c = new Conn(ch);
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
        }
    }

    private void read(Conn c) throws IOException {
        if (!c.in.hasRemaining()) grow(c);
        int r = c.channel.read(c.in);
        if (r < 0) {
            close(c);
            return;
        }
        long at = nowMicros();
        while (true) {
            if (c.bodyLeft > 0) {
                int skip = (int) Math.min(c.bodyLeft, c.in.position());
                consume(c, skip);
                c.bodyLeft -= skip;
                if (c.bodyLeft > 0) return;
            }
            int end = headEnd(c.in.array(), c.in.position());
            if (end < 0) {
                if (!c.in.hasRemaining()) grow(c);
                return;
            }
            String head = new String(c.in.array(), 0, end, StandardCharsets.ISO_8859_1);
            consume(c, end + 4);
            if (!request(c, at, head)) return;
        }
    }

    /** One request's head: record it, answer it (or hold the answer). False when the connection was closed. */
    private boolean request(Conn c, long at, String head) throws IOException {
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length < 3) {
            rejected.incrementAndGet();
            close(c);
            return false;
        }
        String path = requestLine[1];
        int q = path.indexOf('?');
        if (q >= 0) path = path.substring(0, q);
        String[] names = new String[lines.length];
        String[] values = new String[lines.length];
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) continue;
            names[i] = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            values[i] = lines[i].substring(colon + 1).trim();
        }
        String length = header(names, values, "content-length");
        if (header(names, values, "transfer-encoding") != null) {
            rejected.incrementAndGet(); // not needed by the scenario: its targets send no body
            close(c);
            return false;
        }
        c.bodyLeft = length == null ? 0 : Long.parseLong(length);
        requests.incrementAndGet();
        byte k = path.startsWith("/hit/") ? (byte) 'f' : path.startsWith("/d/") ? (byte) 'd' : 0;
        if (k != 0) {
            int jobIndex;
            try {
                jobIndex = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            } catch (NumberFormatException e) {
                jobIndex = -1;
            }
            record(at, k, jobIndex, lines, names, values);
        }
        if (k != 0 && gateClosed) {
            held.incrementAndGet();
            if (c.heldAnswers++ == 0) holding.add(c);
        } else {
            answer(c, 1);
        }
        return c.channel.isOpen();
    }

    private void record(long at, byte k, int jobIndex, String[] lines, String[] names, String[] values) {
        int i = next.getAndIncrement();
        if (i >= capacity) {
            unrecorded.incrementAndGet();
            return;
        }
        if (i < 20) {
            for (int h = 1; h < lines.length; h++) {
                if (names[h] != null && (names[h].startsWith("x-vigil") || names[h].contains("idempotency"))) {
                    vigilHeaders.add(lines[h].substring(0, lines[h].indexOf(':')).trim());
                }
            }
        }
        long rid = NONE;
        String id = header(names, values, RUN_ID);
        if (id != null) {
            try {
                rid = Long.parseLong(id);
            } catch (NumberFormatException e) {
                rid = NONE;
            }
        }
        long scheduled = NONE;
        String s = header(names, values, SCHEDULED);
        if (s != null) {
            scheduled = parseInstantMillis(s);
            if (scheduled == NONE) badScheduled.incrementAndGet();
        }
        String key = header(names, values, IDEMPOTENCY);
        if (key != null) keys.add(key);
        job[i] = jobIndex;
        kind[i] = k;
        runId[i] = rid;
        scheduledMillis[i] = scheduled;
        arrivalMicros[i] = at;
        done.incrementAndGet();
    }

    private static String header(String[] names, String[] values, String... wanted) {
        for (String w : wanted) {
            for (int i = 1; i < names.length; i++) if (w.equals(names[i])) return values[i];
        }
        return null;
    }

    private void answer(Conn c, int count) throws IOException {
        ByteBuffer b;
        if (count == 1) {
            b = ByteBuffer.wrap(OK);
        } else {
            b = ByteBuffer.allocate(OK.length * count);
            for (int i = 0; i < count; i++) b.put(OK);
            b.flip();
        }
        if (c.out != null) {
            ByteBuffer both = ByteBuffer.allocate(c.out.remaining() + b.remaining());
            both.put(c.out).put(b).flip();
            b = both;
        }
        c.channel.write(b);
        if (b.hasRemaining()) {
            c.out = b.slice();
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            c.out = null;
        }
    }

    private void flush(Conn c) throws IOException {
        if (c.out == null) {
            c.key.interestOps(SelectionKey.OP_READ);
            return;
        }
        c.channel.write(c.out);
        if (!c.out.hasRemaining()) {
            c.out = null;
            c.key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void release() {
        for (Conn c : holding) {
            try {
                if (c.channel.isOpen()) answer(c, c.heldAnswers);
            } catch (IOException e) {
                close(c);
            }
            c.heldAnswers = 0;
        }
        holding.clear();
    }

    private static void consume(Conn c, int n) {
        ByteBuffer in = c.in;
        int len = in.position();
        System.arraycopy(in.array(), n, in.array(), 0, len - n);
        in.position(len - n);
    }

    private static void grow(Conn c) throws IOException {
        if (c.in.capacity() >= MAX_HEAD) throw new IOException("request head too large");
        ByteBuffer bigger = ByteBuffer.allocate(c.in.capacity() * 2);
        c.in.flip();
        bigger.put(c.in);
        c.in = bigger;
    }

    private static int headEnd(byte[] b, int len) {
        for (int i = 0; i + 3 < len; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
        }
        return -1;
    }

    private static void close(Conn c) {
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ---------------------------------------------------------------- for the bench

    /** ISO-8601 instant, or epoch milliseconds (or seconds, when small); {@link #NONE} when neither. */
    static long parseInstantMillis(String s) {
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (RuntimeException e) {
            try {
                long v = Long.parseLong(s);
                return v < 100_000_000_000L ? v * 1000 : v;
            } catch (NumberFormatException e2) {
                return NONE;
            }
        }
    }

    int port() { return ((InetSocketAddress) listener.socket().getLocalSocketAddress()).getPort(); }

    String base() { return "http://127.0.0.1:" + port(); }

    /** Records complete so far; entries 0..n-1 are written and visible once this was read. */
    int recorded() { return Math.min(done.get(), capacity); }

    long requests() { return requests.get(); }

    long unrecorded() { return unrecorded.get(); }

    long badScheduled() { return badScheduled.get(); }

    /** Requests refused (malformed, or a chunked body), each closing its connection. */
    long rejected() { return rejected.get(); }

    int distinctKeys() { return keys.size(); }

    /** Vigil's own header names seen on the first requests, e.g. {@code X-Vigil-Run-Id}. */
    Set<String> vigilHeaders() { return new TreeSet<>(vigilHeaders); }

    void closeGate() {
        held.set(0);
        gateClosed = true;
    }

    /** Requests that arrived while the gate was closed (answered when it opens). */
    int held() { return held.get(); }

    void openGate() {
        gateClosed = false;
        selector.wakeup();
    }

    /** Between phases, with nothing in flight. */
    void reset() {
        openGate();
        next.set(0);
        done.set(0);
        requests.set(0);
        unrecorded.set(0);
        badScheduled.set(0);
        rejected.set(0);
        keys.clear();
        vigilHeaders.clear();
    }

    /**
     * What this receiver manages here, driven by the bench's raw-socket client ({@link PingLoad}, closed
     * loop, one request in flight per connection): {@code /selftest} is answered but not recorded.
     * Client and receiver share the cores (and the machine), so this is a lower bound of the ceiling.
     */
    double selfTest(int connections, double seconds) throws Exception {
        try (PingLoad load = new PingLoad(port(), connections, List.of("/selftest"))) {
            PingLoad.Outcome r = load.closedLoop(1, seconds);
            if (r.failed() > 0) throw new IllegalStateException(r.failed() + " self-test requests failed");
            return r.rate();
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        selector.wakeup();
        thread.join(5_000);
        for (SelectionKey k : selector.keys()) k.channel().close();
        selector.close();
    }
}

package dev.vigil.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook receiver on 127.0.0.1 that answers {@code 200} at once (the JDK's own HTTP server, a
 * fixed pool of threads): the cheapest receiver there is, so that delivery measures Vigil's side.
 * Counts requests and distinct {@code Idempotency-Key}s, to see that nothing was sent twice.
 */
final class LoopbackReceiver implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool;
    private final AtomicLong requests = new AtomicLong();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    private LoopbackReceiver(int threads) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        pool = Executors.newFixedThreadPool(threads, r -> Thread.ofPlatform().name("bench-receiver").daemon(true).unstarted(r));
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.transferTo(java.io.OutputStream.nullOutputStream());
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (key != null) keys.add(key);
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    static LoopbackReceiver start(int threads) throws Exception {
        return new LoopbackReceiver(threads);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    long requests() { return requests.get(); }

    int distinctKeys() { return keys.size(); }

    void reset() {
        requests.set(0);
        keys.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}

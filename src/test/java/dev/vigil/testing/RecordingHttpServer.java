package dev.vigil.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 and a free port that records every request and answers with
 * programmed responses: queued ones first ({@link #enqueue}), then the default (200 unless
 * {@link #respondAlways} changed it). For testing anything that calls out over HTTP.
 */
public final class RecordingHttpServer implements AutoCloseable {

    /** A request as received. Header names are lower case; {@link #header} reads the first value. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** A programmed answer, sent after {@code delay}. */
    public record Response(int status, String body, Duration delay) {
        public static Response of(int status) {
            return new Response(status, "", Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Response> queued = new ConcurrentLinkedQueue<>();
    private volatile Response fallback = Response.of(200);

    private RecordingHttpServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        // One thread per exchange, so a delayed answer does not hold up other requests.
        server.setExecutor(executor);
        server.start();
    }

    public static RecordingHttpServer start() {
        try {
            return new RecordingHttpServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A URL on this server, e.g. {@code url("/hook")}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers the next requests with these statuses, in order, then the default again. */
    public RecordingHttpServer enqueue(int... statuses) {
        for (int status : statuses) queued.add(Response.of(status));
        return this;
    }

    public RecordingHttpServer enqueue(Response response) {
        queued.add(response);
        return this;
    }

    /** Changes the default answer, used when nothing is queued. */
    public RecordingHttpServer respondAlways(Response response) {
        this.fallback = response;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    /** A URL where nothing listens: connecting to it is refused. */
    public static String refusingUrl(String path) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
            Response response = queued.poll();
            if (response == null) response = fallback;
            if (!response.delay().isZero()) sleep(response.delay());
            byte[] out = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) exchange.getResponseBody().write(out);
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

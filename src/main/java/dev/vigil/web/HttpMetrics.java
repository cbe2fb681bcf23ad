package dev.vigil.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code http_server_requests_seconds}: every request answered, by method, route template (never
 * the raw path, which would make a series per job and per run) and status class.
 */
final class HttpMetrics {
    /** The route of a request that matched none (a 404 from the router, or a 405). */
    static final String UNMATCHED = "unmatched";

    private HttpMetrics() {}

    static void register(JavalinConfig config, MeterRegistry registry) {
        // One timer per (method, route, status class), found without building a meter id per request:
        // pings come by the ten thousand per second (bench/README.md: what these metrics cost).
        ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
        config.requestLogger.http((ctx, ms) -> {
            String method = ctx.method().name();
            String route = route(ctx);
            String status = (ctx.statusCode() / 100) + "xx";
            timers.computeIfAbsent(method + ' ' + status + ' ' + route, k -> Timer.builder("http.server.requests")
                            .description("HTTP requests answered, by method, route template and status class")
                            .tag("method", method)
                            .tag("route", route)
                            .tag("status", status)
                            .register(registry))
                    .record((long) (ms * 1_000_000.0), TimeUnit.NANOSECONDS);
        });
    }

    static String route(Context ctx) {
        try {
            var endpoint = ctx.endpoints().lastHttpEndpoint();
            return endpoint == null ? UNMATCHED : endpoint.path;
        } catch (RuntimeException e) {
            return UNMATCHED;
        }
    }
}

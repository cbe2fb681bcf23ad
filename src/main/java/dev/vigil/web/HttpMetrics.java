package dev.vigil.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
        config.requestLogger.http((ctx, ms) -> Timer.builder("http.server.requests")
                .description("HTTP requests answered, by method, route template and status class")
                .tag("method", ctx.method().name())
                .tag("route", route(ctx))
                .tag("status", (ctx.statusCode() / 100) + "xx")
                .register(registry)
                .record((long) (ms * 1_000_000.0), TimeUnit.NANOSECONDS));
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

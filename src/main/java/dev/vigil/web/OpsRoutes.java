package dev.vigil.web;

import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.ValidationException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Health checks, metrics, the OpenAPI document and the schedule preview. */
final class OpsRoutes {
    private final ApiContext api;
    private final PrometheusMeterRegistry metrics;
    private final BooleanSupplier ready;

    OpsRoutes(ApiContext api, PrometheusMeterRegistry metrics, BooleanSupplier ready) {
        this.api = api;
        this.metrics = metrics;
        this.ready = ready;
    }

    void register(JavalinConfig config) {
        config.routes.get("/health/live", ctx -> ctx.contentType("text/plain").result("live"));
        config.routes.get("/health/ready", this::ready);
        config.routes.get("/metrics", this::metrics);
        config.routes.get("/api/v1/openapi.json", this::openapi);
        config.routes.get("/api/v1/schedules/preview", this::preview);
    }

    /**
     * Written as it is formatted: with 10,000 jobs the text is ~7 MB, which as one String would be
     * built, then encoded again (docs/metrics.md, "Cost").
     */
    private void metrics(Context ctx) throws IOException {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        try (var out = new java.io.BufferedOutputStream(ctx.outputStream(), 1 << 16)) {
            metrics.scrape(out);
        }
    }

    private void ready(Context ctx) {
        boolean ok = ready.getAsBoolean();
        ctx.status(ok ? 200 : 503).contentType("text/plain").result(ok ? "ready" : "not ready");
    }

    private void openapi(Context ctx) throws IOException {
        try (InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json missing from the jar; indicates a build bug");
            ctx.contentType("application/json").result(in.readAllBytes());
        }
    }

    /** {@code ?cron=&timezone=} or {@code ?every=}, with {@code from} (default now) and {@code count} (default 5). */
    private void preview(Context ctx) {
        Auth.require(ctx, Role.VIEWER, Auth.key(ctx).projectId());
        Instant from = ctx.queryParam("from") == null ? api.clock.instant() : Fields.instant(ctx.queryParam("from"), "from");
        int count = 5;
        String countText = ctx.queryParam("count");
        if (countText != null) {
            try {
                count = Integer.parseInt(countText);
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1 || count > 1_000) throw new ValidationException("count", "must be a whole number from 1 to 1000");
        }
        SchedulePreview preview = SchedulePreview.of(ctx.queryParam("cron"), ctx.queryParam("timezone"), ctx.queryParam("every"), from, count);
        List<Map<String, Object>> times = preview.fireTimes().stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", t);
            m.put("local", t.atZone(preview.zone()).toOffsetDateTime().toString());
            return m;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schedule", Views.schedule(preview.schedule()));
        body.put("text", preview.text());
        body.put("from", from);
        body.put("fireTimes", times);
        Json.send(ctx, 200, body);
    }
}

package dev.vigil.web;

import dev.vigil.alert.ChannelRegistry;
import dev.vigil.execution.RunLogs;
import dev.vigil.ingest.Ingest;
import dev.vigil.ingest.RunControl;
import dev.vigil.store.Transactor;
import dev.vigil.web.healthchecks.HealthchecksApi;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/** The HTTP server: ping URLs, the API under {@code /api/v1}, the dashboard under {@code /ui}, health and metrics. Routes are thin. */
public final class WebServer implements AutoCloseable {
    /** The request line plus headers, in bytes: a longer URI is a 414, longer headers a 431 (Jetty's default size). */
    static final int MAX_REQUEST_HEAD = 8_192;
    private final Javalin app;
    private final dev.vigil.web.ui.Dashboard dashboard;

    public WebServer(Transactor store, Ingest ingest, Clock clock, String host, int port, String baseUrl,
                     int pingBodyLimit, int pingRateLimit, int pingCreateLimit, PrometheusMeterRegistry metrics, BooleanSupplier ready, Alerting alerting, RunControl runs,
                     dev.vigil.scheduler.Scheduler scheduler, dev.vigil.execution.Dispatcher dispatcher,
                     dev.vigil.execution.RunEvents runEvents, RunLogs runLogs, dev.vigil.cluster.Ownership ownership,
                     java.time.Duration nodeTimeout, PingCounts pingCounts) {
        Javalin[] self = new Javalin[1];
        ApiContext api = new ApiContext(store, ingest, clock, baseUrl, () -> self[0].port());
        KeyCheck keys = new KeyCheck(store, clock);
        Auth auth = new Auth(keys);
        this.dashboard = new dev.vigil.web.ui.Dashboard(store, ingest, clock, runs, scheduler, runLogs, alerting, baseUrl,
                ownership, nodeTimeout, keys);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.jetty.host = host;
            config.jetty.port = port;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = Math.max(4_000_000L, pingBodyLimit * 2L); // agents send output in batches
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(MAX_REQUEST_HEAD));
            // gzip level 3, not Javalin's 6: a dashboard board of 10,000 jobs (9 MB of HTML) compresses in
            // ~26 ms instead of ~74 ms, to 402 KB instead of 302 KB (bench/README.md, "Dashboard board").
            config.http.compressionStrategy = new CompressionStrategy(null, new Gzip(3), null);
            config.routes.before("/api/v1/*", ctx -> {
                // /api/v1/checks and /api/v1/channels are Healthchecks' API, which checks its keys itself
                if (!ctx.path().equals("/api/v1/openapi.json") && !ctx.path().equals(DefinitionRoutes.SCHEMA_PATH)
                        && !HealthchecksApi.serves(ctx.path())) {
                    auth.authenticate(ctx);
                }
            });
            HttpMetrics.register(config, metrics);
            Errors.register(config, dashboard);
            new PingRoutes(store, ingest, clock, pingBodyLimit, pingRateLimit, pingCreateLimit, pingCounts).register(config);
            new DistRoutes().register(config);
            new ProjectRoutes(api).register(config);
            new KeyRoutes(api).register(config);
            new JobRoutes(api).register(config);
            new HistoryRoutes(api, pingBodyLimit).register(config);
            new RunLogRoutes(api, runLogs).register(config);
            new OpsRoutes(api, metrics, ready).register(config);
            new AlertRoutes(api, alerting.channels()).register(config);
            new IncidentRoutes(api, alerting.incidents(), alerting.changed()).register(config);
            new AlertRuleRoutes(api, alerting.changed()).register(config);
            new RunRoutes(api, runs).register(config);
            new ClusterRoutes(api, scheduler, ownership, nodeTimeout).register(config);
            new AuditRoutes(api).register(config);
            new DefinitionRoutes(api, alerting.channels(), alerting.changed()).register(config);
            new AgentRoutes(dispatcher, runEvents).register(config);
            new HealthchecksApi(store, ingest, clock, keys, api::baseUrl).register(config);
            dashboard.register(config);
        });
        self[0] = app;
    }

    public WebServer start() {
        app.start();
        return this;
    }

    /** Tells open dashboards that runs changed outside the writer (queued, cancelled, dispatched). */
    public void changed() {
        dashboard.changed();
    }

    public int port() {
        return app.port();
    }

    /** Every registered HTTP route as {@code "METHOD /path"}, sorted; lets a test hold the OpenAPI document to the code. */
    public java.util.List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(e -> e.method.name() + " " + e.path)
                .sorted().toList();
    }

    @Override
    public void close() {
        dashboard.close(); // ends the live event streams, which would otherwise hold the stop
        app.stop();
    }
}

package dev.vigil.bench;

import dev.vigil.app.Vigil;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

/**
 * {@code GET /metrics} of a server with 10,000 jobs (docs/metrics.md, "Cost of a scrape"): Vigil in
 * this process on a fresh SQLite store (or PostgreSQL, {@code --db postgres}), the jobs of
 * {@link BoardJobs} defined and reported through the API and the ping URLs, then {@code --scrapes}
 * whole scrapes over HTTP, one at a time as Prometheus makes them, after {@code --warmup} unmeasured.
 */
final class MetricsBench {
    private MetricsBench() {}

    private static final String PROJECT = "metrics";

    static void run(Options o) throws Exception {
        Path work = Files.createDirectories(Path.of(o.text("work", "target/work")).toAbsolutePath());
        System.out.println("# metrics: /metrics scrape; " + Machine.describe() + "; max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; load average before: " + Machine.loadAverage());
        EmbeddedPostgres pg = null;
        try {
            int phase = 0;
            for (String kind : o.text("db", "sqlite").split(",")) {
                if (kind.equals("postgres") && pg == null) pg = Db.startPostgres(work, "on", false);
                one(o, Db.database(kind, pg, work, "metrics" + phase++));
            }
        } finally {
            if (pg != null) pg.close();
        }
        System.out.println("load average after: " + Machine.loadAverage());
    }

    private static void one(Options o, Db db) throws Exception {
        int jobs = o.integer("jobs", 10_000);
        int warmup = o.integer("warmup", 20);
        int scrapes = o.integer("scrapes", 100);
        System.out.printf("## %s, %,d jobs%n", db.kind(), jobs);
        Vigil vigil = Vigil.start(db.config(), Clock.systemUTC());
        try {
            Api api = new Api(vigil.port(), Db.ADMIN);
            api.send("POST", "/api/v1/projects", "{\"slug\": \"" + PROJECT + "\", \"name\": \"Metrics bench\"}", 201);
            new BoardJobs(api, PROJECT, jobs, o.integer("parallel", 32)).defineAndReport();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vigil.port() + "/metrics")).build();
            String body = "";
            for (int i = 0; i < warmup; i++) body = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
            long[] nanos = new long[scrapes];
            long cpu0 = Machine.selfCpuNanos();
            long wall0 = System.nanoTime();
            for (int i = 0; i < scrapes; i++) {
                long t = System.nanoTime();
                HttpResponse<String> r = http.send(scrape, HttpResponse.BodyHandlers.ofString());
                nanos[i] = System.nanoTime() - t;
                if (r.statusCode() != 200) throw new IllegalStateException("/metrics answered " + r.statusCode());
                body = r.body();
            }
            double cpuPerScrape = (Machine.selfCpuNanos() - cpu0) / 1e6 / scrapes;
            double wall = (System.nanoTime() - wall0) / 1e9;
            Arrays.sort(nanos);
            long series = body.lines().filter(l -> !l.startsWith("#") && !l.isEmpty()).count();
            long jobSeries = body.lines().filter(l -> l.startsWith("vigil_job_")).count();
            System.out.printf("  %d scrapes in %.1f s: median %.1f ms, p95 %.1f ms, max %.1f ms; process CPU %.1f ms a scrape%n",
                    scrapes, wall, nanos[scrapes / 2] / 1e6, nanos[scrapes * 95 / 100] / 1e6, nanos[scrapes - 1] / 1e6, cpuPerScrape);
            System.out.printf("  a scrape: %,d bytes, %,d series (%,d of them vigil_job_*: %.1f a job)%n", body.length(),
                    series, jobSeries, jobSeries / (double) jobs);
            System.out.printf("RESULT metrics %s jobs=%d median_ms=%.1f p95_ms=%.1f bytes=%d series=%d load=%s%n", db.kind(), jobs,
                    nanos[scrapes / 2] / 1e6, nanos[scrapes * 95 / 100] / 1e6, body.length(), series, Machine.loadAverage());
        } finally {
            vigil.close();
            PingBench.deleteTree(db.dataDir());
        }
    }
}

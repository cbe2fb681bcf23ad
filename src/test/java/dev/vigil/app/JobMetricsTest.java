package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.PromText;
import dev.vigil.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every job as Prometheus sees it at {@code /metrics} of a real server (docs/metrics.md). */
class JobMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    static final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(clock);
        server.createProject("prod");
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    static PromText scrape() {
        return scrape(server);
    }

    /** {@code GET /metrics} of this server, read strictly. */
    static PromText scrape(TestServer server) {
        TestServer.Response r = server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/metrics"))).GET());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        return PromText.parse(r.body());
    }

    private static String define(String slug, String json) {
        TestServer.Response r = server.put("/api/v1/jobs/prod/" + slug, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("uuid").asText();
    }

    private static void ping(String uuid, String suffix) {
        assertThat(server.ping("/ping/" + uuid + suffix, null).status()).isEqualTo(200);
    }

    private static String status(String slug) {
        return server.get("/api/v1/jobs/prod/" + slug).json().get("status").asText();
    }

    @Test
    void a_job_pinged_up_is_up_with_its_last_success_at_the_ping_time() {
        String uuid = define("backup", "{\"schedule\": {\"every\": \"1h\"}}");
        Instant at = clock.instant();
        ping(uuid, "");

        PromText m = scrape();
        assertThat(m.value("vigil_job_up", "project", "prod", "slug", "backup")).isEqualTo(1.0);
        assertThat(m.value("vigil_job_status", "project", "prod", "slug", "backup", "status", "up")).isEqualTo(1.0);
        assertThat(m.series("vigil_job_status")).filteredOn(s -> "backup".equals(s.label("slug"))).hasSize(1);
        assertThat(m.value("vigil_job_healthy", "project", "prod", "slug", "backup")).isEqualTo(1.0);
        assertThat(m.value("vigil_job_paused", "project", "prod", "slug", "backup")).isEqualTo(0.0);
        assertThat(m.value("vigil_job_last_success_timestamp_seconds", "project", "prod", "slug", "backup"))
                .isEqualTo(at.toEpochMilli() / 1000.0);
        assertThat(m.series("vigil_job_up")).allSatisfy(s -> assertThat(s.labels()).doesNotContainKey("job"));
    }

    @Test
    void a_new_job_has_no_last_start_or_success_yet() {
        define("fresh", "{\"schedule\": {\"every\": \"1h\"}}");

        PromText m = scrape();
        assertThat(m.value("vigil_job_status", "project", "prod", "slug", "fresh", "status", "new")).isEqualTo(1.0);
        assertThat(m.value("vigil_job_up", "project", "prod", "slug", "fresh")).isEqualTo(1.0);
        assertThat(m.value("vigil_job_last_start_timestamp_seconds", "project", "prod", "slug", "fresh")).isNull();
        assertThat(m.value("vigil_job_last_success_timestamp_seconds", "project", "prod", "slug", "fresh")).isNull();
    }

    @Test
    void a_missed_job_shows_missed_and_is_down() {
        String uuid = define("heartbeat", "{\"schedule\": {\"every\": \"1m\"}, \"grace\": \"30s\"}");
        ping(uuid, "");
        clock.advance(Duration.ofSeconds(61));
        server.vigil.timer().runOnce();
        await().atMost(WAIT).until(() -> status("heartbeat").equals("late"));
        clock.advance(Duration.ofSeconds(30));
        server.vigil.timer().runOnce();
        await().atMost(WAIT).until(() -> status("heartbeat").equals("missed"));

        PromText m = scrape();
        assertThat(m.value("vigil_job_status", "project", "prod", "slug", "heartbeat", "status", "missed")).isEqualTo(1.0);
        assertThat(m.value("vigil_job_status", "project", "prod", "slug", "heartbeat", "status", "up")).isNull();
        assertThat(m.value("vigil_job_up", "project", "prod", "slug", "heartbeat")).isEqualTo(0.0);
    }

    @Test
    void a_paused_job_shows_paused() {
        define("reports", "{\"schedule\": {\"every\": \"1h\"}}");
        assertThat(server.post("/api/v1/jobs/prod/reports/pause", "{}").status()).isEqualTo(200);

        PromText m = scrape();
        assertThat(m.value("vigil_job_paused", "project", "prod", "slug", "reports")).isEqualTo(1.0);
        assertThat(m.value("vigil_job_status", "project", "prod", "slug", "reports", "status", "paused")).isEqualTo(1.0);
        assertThat(m.value("vigil_job_up", "project", "prod", "slug", "reports")).isEqualTo(1.0);
    }

    @Test
    void a_run_from_start_to_success_is_one_duration_in_its_bucket() {
        String uuid = define("etl", "{\"schedule\": {\"every\": \"1h\"}}");
        Instant startedAt = clock.instant();
        ping(uuid, "/start");
        clock.advance(Duration.ofSeconds(42));
        ping(uuid, "");

        PromText m = scrape();
        String[] job = {"project", "prod", "slug", "etl"};
        assertThat(m.value("vigil_job_last_start_timestamp_seconds", job)).isEqualTo(startedAt.toEpochMilli() / 1000.0);
        assertThat(m.value("vigil_job_run_duration_seconds_count", job)).isEqualTo(1.0);
        assertThat(m.value("vigil_job_run_duration_seconds_sum", job)).isEqualTo(42.0);
        assertThat(m.value("vigil_job_run_duration_seconds_bucket", "project", "prod", "slug", "etl", "le", "15.0")).isEqualTo(0.0);
        assertThat(m.value("vigil_job_run_duration_seconds_bucket", "project", "prod", "slug", "etl", "le", "60.0")).isEqualTo(1.0);
        assertThat(m.value("vigil_job_run_duration_seconds_bucket", "project", "prod", "slug", "etl", "le", "+Inf")).isEqualTo(1.0);
        assertThat(m.value("vigil_runs_finished_total", "project", "prod", "state", "succeeded")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void a_managed_run_is_counted_with_its_duration() {
        server.createProject("ops");
        assertThat(server.put("/api/v1/jobs/ops/work", "{\"command\": \"true\"}").status()).isEqualTo(201);
        assertThat(server.post("/api/v1/jobs/ops/work/runs", "{}").status()).isEqualTo(201);
        await().atMost(WAIT).until(() -> server.runs("ops", "work").getFirst().get("state").asText().equals("succeeded"));

        PromText m = scrape();
        assertThat(m.value("vigil_job_run_duration_seconds_count", "project", "ops", "slug", "work")).isEqualTo(1.0);
        assertThat(m.value("vigil_runs_finished_total", "project", "ops", "state", "succeeded")).isEqualTo(1.0);
        assertThat(m.value("vigil_runs_finished_total", "project", "ops", "state", "failed")).isEqualTo(0.0);
    }

    @Test
    void a_deleted_job_leaves_metrics() {
        String uuid = define("doomed", "{\"schedule\": {\"every\": \"1h\"}}");
        ping(uuid, "/start");
        ping(uuid, "");
        assertThat(scrape().samples().keySet()).anyMatch(s -> "doomed".equals(s.label("slug")) && s.name().startsWith("vigil_job_run_duration"));

        assertThat(server.delete("/api/v1/jobs/prod/doomed").status()).isEqualTo(204);

        assertThat(scrape().samples().keySet()).noneMatch(s -> "doomed".equals(s.label("slug")));
    }

    @Test
    void pings_are_counted_by_outcome_unknown_checks_without_a_project() {
        String uuid = define("chatty", "{\"schedule\": {\"every\": \"1h\"}}");
        PromText before = scrape();

        assertThat(server.ping("/ping/" + UUID.randomUUID(), null).status()).isEqualTo(404);
        int answered = 0;
        int status = 200;
        while (status == 200 && answered < 1_000) {
            status = server.ping("/ping/" + uuid, null).status();
            answered++;
        }
        assertThat(status).isEqualTo(429); // the clock stands still: the job's budget runs out

        PromText after = scrape();
        assertThat(delta(before, after, "outcome", "not_found")).isEqualTo(1.0);
        assertThat(delta(before, after, "outcome", "rate_limited", "project", "prod")).isEqualTo(1.0);
        assertThat(delta(before, after, "outcome", "accepted", "project", "prod")).isEqualTo(answered - 1);
        assertThat(after.value("vigil_pings_total", "outcome", "accepted")).isEqualTo(0.0);
    }

    private static double delta(PromText before, PromText after, String... labels) {
        Double b = before.value("vigil_pings_total", labels);
        return after.value("vigil_pings_total", labels) - (b == null ? 0 : b);
    }

    @Test
    void http_requests_are_counted_under_their_route_template_never_the_raw_path() {
        define("templated", "{\"schedule\": {\"every\": \"1h\"}}");
        assertThat(server.get("/api/v1/jobs/prod/templated").status()).isEqualTo(200);

        await().atMost(WAIT).untilAsserted(() -> {
            PromText m = scrape();
            assertThat(m.value("http_server_requests_seconds_count", "method", "GET", "route", "/api/v1/jobs/{project}/{slug}",
                    "status", "2xx")).isGreaterThanOrEqualTo(1.0);
            assertThat(m.series("http_server_requests_seconds_count")).noneMatch(s -> s.label("route").contains("templated"));
        });
        assertThat(server.get("/no/such/page").status()).isEqualTo(404);
        await().atMost(WAIT).untilAsserted(() -> assertThat(scrape().series("http_server_requests_seconds_count"))
                .anyMatch(s -> s.label("route").equals("unmatched") && s.label("status").equals("4xx"))
                .noneMatch(s -> s.label("route").contains("such")));
    }

    @Test
    void jvm_process_and_build_info_are_exported() {
        PromText m = scrape();
        assertThat(m.types()).containsKeys("jvm_memory_used_bytes", "jvm_gc_live_data_size_bytes", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "system_cpu_count", "process_uptime_seconds", "process_files_open_files",
                "vigil_build_info");
        assertThat(m.value("vigil_build_info", "version", dev.vigil.util.Version.current())).isEqualTo(1.0);
    }

    @Test
    void the_alert_notifications_help_text_covers_every_outcome() {
        String text = server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/metrics"))).GET()).body();
        assertThat(text).contains("# HELP vigil_alert_notifications_total Alert notifications by outcome: delivered;");
        assertThat(PromText.parse(text).series("vigil_alert_notifications_total")).hasSize(5);
    }
}

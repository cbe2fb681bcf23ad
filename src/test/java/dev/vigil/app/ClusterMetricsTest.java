package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.sql.EmbeddedPostgresHolder;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.PromText;
import dev.vigil.testing.TestServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one PostgreSQL, as docs/metrics.md ("Several servers") says Prometheus sees them:
 * each exports every job's state (so the documented {@code max by} counts it once), and a run ended
 * by one server is counted by that one only (so {@code sum} counts it once).
 */
class ClusterMetricsTest {

    @Test
    void both_servers_export_every_job_and_a_run_is_counted_by_the_server_that_ended_it() throws Exception {
        String db = EmbeddedPostgresHolder.newDatabase("vigil_cluster_metrics");
        MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
        try (TestServer a = TestServer.start(clock, config(db)); TestServer b = TestServer.start(clock, config(db))) {
            a.createProject("prod");
            String uuid = a.put("/api/v1/jobs/prod/backup", "{\"schedule\": {\"every\": \"1h\"}}").json().get("uuid").asText();
            assertThat(a.ping("/ping/" + uuid + "/start", null).status()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(30));
            assertThat(b.ping("/ping/" + uuid, null).status()).isEqualTo(200); // the run ends on b

            List<PromText> scrapes = List.of(JobMetricsTest.scrape(a), JobMetricsTest.scrape(b));
            for (PromText m : scrapes) {
                assertThat(m.value("vigil_job_up", "project", "prod", "slug", "backup")).isEqualTo(1.0);
                assertThat(m.value("vigil_job_status", "project", "prod", "slug", "backup", "status", "up")).isEqualTo(1.0);
            }
            assertThat(sum(scrapes, "vigil_job_run_duration_seconds_count", "project", "prod", "slug", "backup")).isEqualTo(1.0);
            assertThat(sum(scrapes, "vigil_job_run_duration_seconds_sum", "project", "prod", "slug", "backup")).isEqualTo(30.0);
            assertThat(sum(scrapes, "vigil_runs_finished_total", "project", "prod", "state", "succeeded")).isEqualTo(1.0);
            assertThat(scrapes.get(0).value("vigil_runs_finished_total", "project", "prod", "state", "succeeded")).isNull();
        }
    }

    private static Config config(String db) throws Exception {
        return Config.forTests(Files.createTempDirectory("vigil-cluster-metrics")).withAdminKey(TestServer.ADMIN_KEY)
                .withDbUrl(db, "postgres", null);
    }

    private static double sum(List<PromText> scrapes, String name, String... labels) {
        return scrapes.stream().map(m -> m.value(name, labels)).mapToDouble(v -> v == null ? 0 : v).sum();
    }
}

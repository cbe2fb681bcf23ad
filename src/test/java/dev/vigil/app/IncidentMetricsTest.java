package dev.vigil.app;

import static dev.vigil.store.TestJobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.IncidentLoop;
import dev.vigil.alert.Incidents;
import dev.vigil.domain.Flip;
import dev.vigil.domain.Health;
import dev.vigil.domain.Job;
import dev.vigil.domain.Status;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.SqlStores;
import dev.vigil.testing.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The incident loop as Prometheus sees it: flips waiting, the oldest one's age, flips decided. */
class IncidentMetricsTest {
    private static final Instant T = Instant.parse("2026-03-01T02:10:00Z");

    @TempDir
    Path dataDir;

    @Test
    void backlog_and_lag_show_flips_waiting_and_the_counter_those_decided() {
        MutableClock clock = new MutableClock(T, java.time.ZoneOffset.UTC);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Transactor db = SqlStores.sqlite(dataDir)) {
            IncidentLoop loop = new IncidentLoop(db, new Incidents("https://vigil.example.com"), clock, () -> {});
            Metrics.bindIncidents(registry, loop);
            Job job = db.write(tx -> tx.jobs().insert(aJob("backup").in(tx.projects().insert("prod", "Prod", "k", T)).build()));
            for (int i = 0; i < 2; i++) {
                Instant at = T.plusSeconds(i);
                db.write(tx -> tx.flips().insert(new Flip(0, job.id(), at, Status.UP, Status.MISSED, Health.HEALTHY,
                        Health.HEALTHY, true, true, "missed"), null));
            }
            clock.set(T.plusSeconds(5));

            assertThat(registry.scrape()).contains("vigil_incident_backlog 2.0").contains("vigil_incident_lag_seconds 5.0")
                    .contains("vigil_incident_flips_decided_total 0.0");

            loop.runOnce();

            assertThat(registry.scrape()).contains("vigil_incident_flips_decided_total 2.0")
                    .contains("vigil_incident_flips_failed_total 0.0");
            assertThat(loop.lag(loop.backlog())).isEqualTo(Duration.ZERO);
        }
    }
}

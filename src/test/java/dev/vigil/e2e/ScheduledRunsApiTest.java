package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.Config;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A managed job defined through the API fires through the server's scheduler; every fire time is visible. */
class ScheduledRunsApiTest {
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.closeAndDelete();
    }

    @Test
    void fire_times_of_a_managed_job_become_runs_visible_in_the_api() throws Exception {
        MutableClock clock = MutableClock.at("2025-06-01T10:01:00Z");
        // No agent: this test is about which fire times become runs, not about running them.
        server = TestServer.start(clock, Config.forTests(java.nio.file.Files.createTempDirectory("vigil-sched"))
                .withAdminKey(TestServer.ADMIN_KEY).withEmbeddedAgent(false));
        server.createProject("ops");
        var put = server.put("/api/v1/jobs/ops/report", "{\"schedule\": {\"cron\": \"*/5 * * * *\"}, \"command\": \"true\", \"overlap\": \"skip\"}");
        assertThat(put.status()).as(put.body()).isEqualTo(201);

        var upcoming = server.get("/api/v1/upcoming?project=ops").json().get("upcoming");
        assertThat(upcoming.get(0).get("job").asText()).isEqualTo("ops/report");
        assertThat(upcoming.get(0).get("fireTime").asText()).isEqualTo("2025-06-01T10:05:00Z");

        clock.set(Instant.parse("2025-06-01T10:05:00Z"));
        server.vigil.scheduler().runOnce();
        var queued = server.get("/api/v1/runs?state=queued&project=ops").json().get("runs");
        assertThat(queued).hasSize(1);
        assertThat(queued.get(0).get("job").asText()).isEqualTo("ops/report");
        assertThat(server.get("/api/v1/agents").json().get("agents")).isEmpty();
        clock.set(Instant.parse("2025-06-01T10:10:00Z"));
        server.vigil.scheduler().runOnce();

        var runs = server.get("/api/v1/jobs/ops/report/runs").json().get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(1).get("trigger").asText()).isEqualTo("schedule");
        assertThat(runs.get(1).get("state").asText()).isEqualTo("queued");
        assertThat(runs.get(1).get("scheduledFor").asText()).isEqualTo("2025-06-01T10:05:00Z");
        assertThat(runs.get(0).get("state").asText()).isEqualTo("skipped");
        assertThat(runs.get(0).get("reason").asText()).isEqualTo("overlap: skip (a run is still active)");

        server.delete("/api/v1/jobs/ops/report");
        clock.set(Instant.parse("2025-06-01T10:15:00Z"));
        assertThat(server.vigil.scheduler().runOnce()).isZero();
    }
}

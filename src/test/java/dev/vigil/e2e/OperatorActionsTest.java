package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Incident;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operator actions are quiet and honest (PRODUCT.md §2): pause stops scheduled runs, resume fires
 * from then on without catch-up or incident, cancel counts neither as success nor failure, and a
 * managed job whose run starts on time never shows late. Through the API of a real server, with a
 * settable clock and the scheduler, deadline timer and embedded agent driven one pass at a time.
 */
class OperatorActionsTest {
    MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(clock);
        server.createProject("ops");
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    private List<JsonNode> runs(String slug) {
        return server.runs("ops", slug);
    }

    private List<JsonNode> scheduledRuns(String slug) {
        return runs(slug).stream().filter(r -> r.get("trigger").asText().equals("schedule")).toList();
    }

    private JsonNode job(String slug) {
        return server.get("/api/v1/jobs/ops/" + slug).json();
    }

    private List<String> flipsTo(String slug) {
        return server.get("/api/v1/jobs/ops/" + slug + "/flips").json().get("flips").findValuesAsText("toStatus");
    }

    private List<Incident> incidents(String slug) {
        return server.vigil.store().read(tx -> {
            long project = tx.projects().bySlug("ops").orElseThrow().id();
            return tx.incidents().byJob(tx.jobs().bySlug(project, slug).orElseThrow().id(), 100);
        });
    }

    /** Moves the clock and lets every loop that depends on it take one pass, the writer finishing each. */
    private void advance(Duration d) {
        clock.advance(d);
        server.vigil.scheduler().runOnce();
        server.vigil.timer().runOnce();
        server.vigil.ingest().execute(new dev.vigil.ingest.Command.Tick(-1, clock.instant())); // waits for what is queued
    }

    /**
     * Moves the clock far: the deadline timer treats deadlines it reaches that late as its own stall
     * and looks again after the re-check window, so let that pass too.
     */
    private void leap(Duration d) {
        advance(d);
        advance(dev.vigil.app.Config.DEFAULT_RECHECK_WINDOW.plusSeconds(1));
    }

    @Test
    void a_paused_job_gets_no_scheduled_runs_and_resumes_from_then_on_without_catch_up_or_incident() {
        server.vigil.agent().close(); // runs stay where the scheduler leaves them
        server.put("/api/v1/jobs/ops/sync", "{\"schedule\": {\"every\": \"1m\"}, \"command\": \"true\", \"overlap\": \"allow\"}");
        advance(Duration.ofMinutes(1));
        assertThat(scheduledRuns("sync")).singleElement().satisfies(r -> assertThat(r.get("state").asText()).isEqualTo("queued"));

        var paused = server.post("/api/v1/jobs/ops/sync/pause", "");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().get("status").asText()).isEqualTo("paused");
        assertThat(scheduledRuns("sync")).singleElement()
                .satisfies(r -> assertThat(r.get("state").asText()).as("queued run of a paused job").isEqualTo("cancelled"));
        for (int i = 0; i < 10; i++) advance(Duration.ofMinutes(1));
        assertThat(scheduledRuns("sync")).as("fire times while paused").hasSize(1);
        assertThat(job("sync").get("status").asText()).isEqualTo("paused");

        Instant resumedAt = clock.instant();
        var resumed = server.post("/api/v1/jobs/ops/sync/resume", "");
        assertThat(resumed.status()).isEqualTo(200);
        advance(Duration.ofSeconds(30));
        assertThat(scheduledRuns("sync")).as("no catch-up of the fire times slept through").hasSize(1);
        advance(Duration.ofSeconds(30));
        assertThat(scheduledRuns("sync")).hasSize(2);
        assertThat(Instant.parse(scheduledRuns("sync").getLast().get("scheduledFor").asText()))
                .isEqualTo(resumedAt.plus(Duration.ofMinutes(1)));
        assertThat(flipsTo("sync")).doesNotContain("late", "missed");
        assertThat(incidents("sync")).isEmpty();
    }

    @Test
    void a_run_its_agent_took_ahead_of_its_time_never_starts_once_the_job_is_paused(@org.junit.jupiter.api.io.TempDir
                                                                                    java.nio.file.Path dir) {
        java.nio.file.Path marker = dir.resolve("ran");
        server.put("/api/v1/jobs/ops/sync", "{\"schedule\": {\"every\": \"1m\"}, \"command\": \"touch " + marker
                + "\", \"overlap\": \"allow\"}");
        advance(Duration.ofSeconds(59)); // 10:01:00 is handed over a second ahead, and the agent takes it
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scheduledRuns("sync")).singleElement()
                .satisfies(r -> assertThat(r.get("state").asText()).isEqualTo("dispatched")));

        assertThat(server.post("/api/v1/jobs/ops/sync/pause", "").status()).isEqualTo(200);

        assertThat(scheduledRuns("sync")).singleElement()
                .satisfies(r -> assertThat(r.get("state").asText()).isEqualTo("cancelled"));
        // The agent counts its second from when it got the run: well past it, nothing ran.
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5))
                .until(() -> !java.nio.file.Files.exists(marker));
        assertThat(scheduledRuns("sync")).singleElement()
                .satisfies(r -> assertThat(r.path("startedAt").isMissingNode() || r.get("startedAt").isNull()).isTrue());
    }

    @Test
    void resuming_an_unhealthy_job_opens_no_incident() {
        server.put("/api/v1/jobs/ops/broken", "{\"command\": \"exit 1\"}");
        for (int i = 0; i < 2; i++) {
            server.post("/api/v1/jobs/ops/broken/runs", "");
            server.vigil.agent().runOnce();
            int done = i + 1;
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    runs("broken").stream().filter(r -> r.get("state").asText().equals("failed")).count() == done);
        }
        assertThat(job("broken").get("health").asText()).isEqualTo("unhealthy");
        await().atMost(Duration.ofSeconds(10)).until(() -> incidents("broken").size() == 1);

        server.post("/api/v1/jobs/ops/broken/pause", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> incidents("broken").getFirst().state() == Incident.State.RESOLVED);
        server.post("/api/v1/jobs/ops/broken/resume", "");
        leap(Duration.ofHours(25)); // past failureWithoutSuccessFor: resuming starts the job afresh

        JsonNode job = job("broken");
        assertThat(job.get("health").asText()).isEqualTo("healthy");
        assertThat(incidents("broken")).as("the one incident, resolved by the pause").hasSize(1);
        assertThat(incidents("broken").getFirst().state()).isEqualTo(Incident.State.RESOLVED);
    }

    @Test
    void cancelling_runs_touches_neither_status_nor_health_and_opens_no_incident() {
        server.put("/api/v1/jobs/ops/long", "{\"command\": [\"sleep\", \"60\"]}");
        for (int i = 0; i < 2; i++) {
            long id = server.post("/api/v1/jobs/ops/long/runs", "").json().get("id").asLong();
            server.vigil.agent().runOnce();
            await().atMost(Duration.ofSeconds(20)).until(() -> job("long").get("status").asText().equals("running"));
            assertThat(server.post("/api/v1/runs/" + id + "/cancel", "").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    server.get("/api/v1/runs/" + id).json().get("state").asText().equals("cancelled"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> job("long").get("status").asText().equals("new"));
        JsonNode job = job("long");
        assertThat(job.get("health").asText()).isEqualTo("healthy");
        assertThat(job.path("lastFailedAt").isMissingNode() || job.get("lastFailedAt").isNull()).as("a cancel is no failure").isTrue();
        assertThat(flipsTo("long")).doesNotContain("failed");
        assertThat(incidents("long")).isEmpty();
    }

    @Test
    void cancelling_a_queued_scheduled_run_means_its_fire_time_is_not_awaited() {
        server.vigil.agent().close(); // the run stays queued
        server.put("/api/v1/jobs/ops/nightly", "{\"schedule\": {\"every\": \"10m\"}, \"command\": \"true\"}");
        advance(Duration.ofMinutes(10));
        long id = scheduledRuns("nightly").getFirst().get("id").asLong();
        var cancelled = server.post("/api/v1/runs/" + id + "/cancel", "");
        assertThat(cancelled.json().get("state").asText()).isEqualTo("cancelled");
        leap(Duration.ofMinutes(5)); // well past the grace of the cancelled fire time
        assertThat(job("nightly").get("status").asText()).isEqualTo("new");
        assertThat(flipsTo("nightly")).doesNotContain("late", "missed");
        assertThat(incidents("nightly")).isEmpty();
    }

    @Test
    void a_managed_job_whose_run_starts_on_time_never_shows_late() {
        server.put("/api/v1/jobs/ops/quick", "{\"schedule\": {\"every\": \"1m\"}, \"command\": \"true\"}");
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(1));
            server.vigil.scheduler().runOnce(); // fired on the dot
            advance(Duration.ofSeconds(1)); // handing the run to the agent takes a moment; the deadline timer looks
            server.vigil.agent().runOnce();
            int done = i + 1;
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    runs("quick").stream().filter(r -> r.get("state").asText().equals("succeeded")).count() == done);
        }
        assertThat(job("quick").get("status").asText()).isEqualTo("up");
        assertThat(flipsTo("quick")).doesNotContain("late", "missed");
    }

    @Test
    void a_managed_run_that_does_not_start_is_late_then_missed() {
        server.vigil.agent().close(); // nobody starts it
        server.put("/api/v1/jobs/ops/stuck", "{\"schedule\": {\"every\": \"10m\"}, \"command\": \"true\"}");
        clock.advance(Duration.ofMinutes(10));
        server.vigil.scheduler().runOnce();
        advance(Duration.ofSeconds(6));
        assertThat(job("stuck").get("status").asText()).isEqualTo("late");
        leap(Duration.ofMinutes(2));
        assertThat(job("stuck").get("status").asText()).isEqualTo("missed");
    }
}

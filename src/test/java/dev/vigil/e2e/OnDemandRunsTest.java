package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On-demand runs, cancel, re-run, retries and pipelines through the API, run by the embedded agent. */
class OnDemandRunsTest {
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

    private String output(JsonNode run) {
        return server.get("/api/v1/runs/" + run.get("id").asLong()).json().get("output").asText();
    }

    @Test
    void a_triggered_run_uses_parameter_overrides_and_a_rerun_reuses_them() {
        server.put("/api/v1/jobs/ops/report", "{\"command\": \"echo day=$DAY\", \"params\": {\"DAY\": \"mon\"}, \"env\": {\"DAY\": \"env\"}}");
        var r = server.post("/api/v1/jobs/ops/report/runs", "{\"params\": {\"DAY\": \"fri\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("trigger").asText()).isEqualTo("manual");
        assertThat(r.json().get("params").get("DAY").asText()).isEqualTo("fri");
        server.vigil.agent().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> runs("report").getFirst().get("state").asText().equals("succeeded"));
        assertThat(output(runs("report").getFirst())).contains("day=fri");

        var again = server.post("/api/v1/runs/" + r.json().get("id").asLong() + "/rerun", "");
        assertThat(again.status()).isEqualTo(201);
        server.vigil.agent().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> runs("report").size() == 2
                && runs("report").get(1).get("state").asText().equals("succeeded"));
        assertThat(output(runs("report").get(1))).contains("day=fri");
        assertThat(server.get("/api/v1/jobs/ops/report").json().get("status").asText()).isEqualTo("up");
    }

    @Test
    void unknown_parameters_and_watched_jobs_are_refused() {
        server.put("/api/v1/jobs/ops/report", "{\"command\": \"true\", \"params\": {\"DAY\": \"mon\"}}");
        var bad = server.post("/api/v1/jobs/ops/report/runs", "{\"params\": {\"MONTH\": \"jan\"}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("params.MONTH");
        assertThat(server.post("/api/v1/jobs/ops/report/runs", "[]").status()).isEqualTo(400);
        var noBody = server.post("/api/v1/jobs/ops/report/runs", "null");
        assertThat(noBody.status()).as("JSON null is no body, as generated clients send it: " + noBody.body()).isEqualTo(201);
        server.put("/api/v1/jobs/ops/watched", "{}");
        assertThat(server.post("/api/v1/jobs/ops/watched/runs", "").status()).isEqualTo(409);
    }

    @Test
    void a_running_run_is_cancelled_and_its_process_stopped() {
        server.put("/api/v1/jobs/ops/long", "{\"command\": [\"sleep\", \"60\"]}");
        long id = server.post("/api/v1/jobs/ops/long/runs", "").json().get("id").asLong();
        server.vigil.agent().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> runs("long").getFirst().get("state").asText().equals("running"));
        assertThat(server.post("/api/v1/runs/" + id + "/cancel", "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> runs("long").getFirst().get("state").asText().equals("cancelled"));
        assertThat(server.vigil.agent().runningCount()).isZero();
        assertThat(server.post("/api/v1/runs/" + id + "/cancel", "").status()).isEqualTo(409);
    }

    @Test
    void a_queued_run_is_cancelled_before_it_starts() {
        server.vigil.agent().close(); // nobody takes it
        server.put("/api/v1/jobs/ops/waiting", "{\"command\": \"true\"}");
        long id = server.post("/api/v1/jobs/ops/waiting/runs", "").json().get("id").asLong();
        var cancelled = server.post("/api/v1/runs/" + id + "/cancel", "");
        assertThat(cancelled.json().get("state").asText()).isEqualTo("cancelled");
    }

    @Test
    void a_failing_run_is_retried_after_its_back_off_and_only_the_last_attempt_counts() {
        server.put("/api/v1/jobs/ops/flaky", "{\"command\": \"exit 1\", \"retries\": 1, \"retryBackoff\": \"30s\"}");
        server.post("/api/v1/jobs/ops/flaky/runs", "");
        server.vigil.agent().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> runs("flaky").size() == 2);
        JsonNode retry = runs("flaky").get(1);
        assertThat(retry.get("trigger").asText()).isEqualTo("retry");
        assertThat(retry.get("attempt").asInt()).isEqualTo(2);
        assertThat(server.vigil.agent().runOnce()).isZero(); // back-off not over
        assertThat(server.get("/api/v1/jobs/ops/flaky").json().get("status").asText()).isEqualTo("running");

        clock.advance(Duration.ofSeconds(31));
        server.vigil.agent().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> runs("flaky").get(1).get("state").asText().equals("failed"));
        var job = server.get("/api/v1/jobs/ops/flaky").json();
        assertThat(job.get("status").asText()).isEqualTo("failed");
        assertThat(runs("flaky")).hasSize(2);
        var events = server.get("/api/v1/jobs/ops/flaky/flips").json().get("flips");
        assertThat(events.findValuesAsText("toStatus")).contains("failed");
    }

    @Test
    void a_job_succeeding_triggers_the_jobs_that_run_after_it() {
        server.put("/api/v1/jobs/ops/extract", "{\"command\": \"true\"}");
        server.put("/api/v1/jobs/ops/load", "{\"command\": \"echo loading\", \"after\": [\"extract\"]}");
        server.post("/api/v1/jobs/ops/extract/runs", "");
        server.vigil.agent().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> runs("load").size() == 1);
        assertThat(runs("load").getFirst().get("trigger").asText()).isEqualTo("upstream");
        server.vigil.agent().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> runs("load").getFirst().get("state").asText().equals("succeeded"));
    }

    @Test
    void an_upstream_trigger_follows_the_downstream_jobs_overlap_rule() {
        server.put("/api/v1/jobs/ops/extract", "{\"command\": \"true\"}");
        server.put("/api/v1/jobs/ops/report", "{\"command\": [\"sleep\", \"60\"], \"after\": [\"extract\"], \"overlap\": \"skip\"}");
        long running = server.post("/api/v1/jobs/ops/report/runs", "").json().get("id").asLong();
        server.vigil.agent().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> runs("report").getFirst().get("state").asText().equals("running"));

        server.post("/api/v1/jobs/ops/extract/runs", "");
        server.vigil.agent().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> runs("report").size() == 2);
        JsonNode upstream = runs("report").get(1);
        assertThat(upstream.get("trigger").asText()).isEqualTo("upstream");
        assertThat(upstream.get("state").asText()).as("the report is still running: overlap skip").isEqualTo("skipped");
        server.post("/api/v1/runs/" + running + "/cancel", "");
        await().atMost(Duration.ofSeconds(20)).until(() -> runs("report").getFirst().get("state").asText().equals("cancelled"));
    }

    @Test
    void pings_without_a_rid_never_close_or_supersede_a_run_an_agent_is_running() {
        String uuid = server.put("/api/v1/jobs/ops/mixed", "{\"command\": [\"sleep\", \"60\"]}").json().get("uuid").asText();
        long id = server.post("/api/v1/jobs/ops/mixed/runs", "").json().get("id").asLong();
        server.vigil.agent().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> runs("mixed").getFirst().get("state").asText().equals("running"));
        server.ping("/ping/" + uuid + "/start", null);
        server.ping("/ping/" + uuid, null);
        var managed = server.get("/api/v1/runs/" + id).json();
        assertThat(managed.get("state").asText()).isEqualTo("running");
        assertThat(runs("mixed")).hasSize(2);
        assertThat(runs("mixed").get(1).get("trigger").asText()).isEqualTo("external");
        assertThat(runs("mixed").get(1).get("state").asText()).isEqualTo("succeeded");
        server.post("/api/v1/runs/" + id + "/cancel", "");
        await().atMost(Duration.ofSeconds(20)).until(() -> server.vigil.agent().runningCount() == 0);
    }
}

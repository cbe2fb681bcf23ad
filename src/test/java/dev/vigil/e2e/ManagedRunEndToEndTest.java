package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A managed job end to end in the all-in-one server: the scheduler fires it, the embedded agent runs
 * it as an OS process, and the run's start and finish flow through the same status rules as pings.
 */
class ManagedRunEndToEndTest {
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.closeAndDelete();
    }

    private JsonNode latestRun(String slug) {
        return server.get("/api/v1/jobs/ops/" + slug + "/runs").json().get("runs").get(0);
    }

    @Test
    void a_fired_job_runs_as_a_process_and_its_exit_code_output_and_status_are_recorded() {
        MutableClock clock = MutableClock.at("2025-06-01T10:01:00Z");
        server = TestServer.start(clock);
        server.createProject("ops");
        server.put("/api/v1/jobs/ops/flaky", """
                {"schedule": {"cron": "*/5 * * * *"}, "command": "echo \\"hello from $VIGIL_JOB at $DAY\\"; exit 3",
                 "params": {"DAY": "monday"}}""");
        clock.set(Instant.parse("2025-06-01T10:05:00Z"));
        server.vigil.scheduler().runOnce();
        server.vigil.agent().runOnce();

        await().atMost(Duration.ofSeconds(20)).until(() -> latestRun("flaky").get("state").asText().equals("failed"));
        JsonNode run = latestRun("flaky");
        assertThat(run.get("trigger").asText()).isEqualTo("schedule");
        assertThat(run.get("exitCode").asInt()).isEqualTo(3);
        assertThat(run.get("agent").asText()).startsWith("embedded@");
        String output = server.get("/api/v1/runs/" + run.get("id").asLong()).json().get("output").asText();
        assertThat(output).contains("hello from ops/flaky at monday");
        var log = server.get("/api/v1/runs/" + run.get("id").asLong() + "/log");
        assertThat(log.header("Content-Type")).startsWith("text/plain");
        assertThat(log.body()).isEqualTo(output);
        JsonNode job = server.get("/api/v1/jobs/ops/flaky").json();
        assertThat(job.get("status").asText()).isEqualTo("failed");
        assertThat(job.get("lastStartedAt").asText()).isEqualTo("2025-06-01T10:05:00Z");
    }

    @Test
    void a_run_past_its_timeout_is_killed_and_recorded_timed_out() {
        MutableClock clock = MutableClock.at("2025-06-01T10:01:00Z");
        server = TestServer.start(clock);
        server.createProject("ops");
        server.put("/api/v1/jobs/ops/slow", "{\"schedule\": {\"every\": \"1h\"}, \"command\": [\"sleep\", \"30\"], \"timeout\": \"1s\"}");
        clock.set(Instant.parse("2025-06-01T11:01:00Z"));
        server.vigil.scheduler().runOnce();
        server.vigil.agent().runOnce();

        await().atMost(Duration.ofSeconds(20)).until(() -> latestRun("slow").get("state").asText().equals("timed_out"));
        assertThat(latestRun("slow").get("reason").asText()).startsWith("timed out after");
        assertThat(server.get("/api/v1/jobs/ops/slow").json().get("status").asText()).isEqualTo("failed");
        assertThat(server.vigil.agent().runningCount()).isZero();
        var agent = server.get("/api/v1/agents").json().get("agents").get(0);
        assertThat(agent.get("name").asText()).startsWith("embedded@");
        assertThat(agent.get("capacity").asInt()).isEqualTo(dev.vigil.app.Config.DEFAULT_EMBEDDED_AGENT_CAPACITY);
    }
}

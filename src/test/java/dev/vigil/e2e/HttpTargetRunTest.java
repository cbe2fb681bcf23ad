package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Managed jobs with an {@code http} target, run by the server's embedded agent against a real local endpoint. */
class HttpTargetRunTest {
    TestServer server;
    RecordingHttpServer endpoint;

    @BeforeEach
    void start() {
        server = TestServer.start(Clock.systemUTC());
        server.createProject("ops");
        endpoint = RecordingHttpServer.start();
    }

    @AfterEach
    void stop() {
        endpoint.close();
        server.closeAndDelete();
    }

    private JsonNode finished(String slug) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode r = server.get("/api/v1/jobs/ops/" + slug + "/runs").json().get("runs").get(0);
            return r != null && !r.get("state").asText().matches("queued|dispatched|running");
        });
        return server.get("/api/v1/jobs/ops/" + slug + "/runs").json().get("runs").get(0);
    }

    @Test
    void a_2xx_answer_is_a_success_and_the_request_is_sent_as_defined() {
        endpoint.respondAlways(new RecordingHttpServer.Response(200, "refreshed 42 rows", Duration.ZERO));
        var put = server.put("/api/v1/jobs/ops/refresh", "{\"http\": {\"method\": \"POST\", \"url\": \"" + endpoint.url("/hooks/refresh")
                + "\", \"headers\": {\"X-Token\": \"abc\"}, \"body\": \"{\\\"full\\\": true}\"}}");
        assertThat(put.status()).as(put.body()).isLessThan(300);
        server.post("/api/v1/jobs/ops/refresh/runs", "{}");

        JsonNode run = finished("refresh");
        assertThat(run.get("state").asText()).isEqualTo("succeeded");
        RecordingHttpServer.Request req = endpoint.requests().getFirst();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/hooks/refresh");
        assertThat(req.header("X-Token")).isEqualTo("abc");
        assertThat(req.body()).isEqualTo("{\"full\": true}");
        assertThat(req.header("Vigil-Run-Id")).isEqualTo(run.get("id").asText());
        assertThat(req.header("Vigil-Job")).isEqualTo("ops/refresh");
        assertThat(req.header("Vigil-Attempt")).isEqualTo("1");
        assertThat(req.header("Vigil-Scheduled-For")).as("a manual run has no fire time").isNull();
        assertThat(req.header("Idempotency-Key")).isEqualTo("vigil:ops/refresh:run-" + run.get("id").asText());
        String log = server.get("/api/v1/runs/" + run.get("id").asLong() + "/log").body();
        assertThat(log).contains("200").contains("refreshed 42 rows");
    }

    @Test
    void a_scheduled_request_carries_its_fire_time_and_a_key_shared_by_its_retries() {
        endpoint.respondAlways(new RecordingHttpServer.Response(503, "busy", Duration.ZERO));
        server.put("/api/v1/jobs/ops/tick", "{\"schedule\": {\"cron\": \"* * * * * *\"}, \"retries\": 1, \"retryBackoff\": \"1s\","
                + " \"overlap\": \"skip\", \"catchUp\": \"none\", \"http\": {\"url\": \"" + endpoint.url("/tick") + "\"}}");
        await().atMost(Duration.ofSeconds(20)).until(() -> endpoint.requests().stream().anyMatch(r -> "2".equals(r.header("Vigil-Attempt"))));
        server.post("/api/v1/jobs/ops/tick/pause", "");
        RecordingHttpServer.Request retry = endpoint.requests().stream().filter(r -> "2".equals(r.header("Vigil-Attempt"))).findFirst().orElseThrow();
        RecordingHttpServer.Request first = endpoint.requests().stream()
                .filter(r -> "1".equals(r.header("Vigil-Attempt")) && retry.header("Vigil-Scheduled-For").equals(r.header("Vigil-Scheduled-For")))
                .findFirst().orElseThrow();
        assertThat(retry.header("Idempotency-Key")).isEqualTo(first.header("Idempotency-Key"))
                .isEqualTo("vigil:ops/tick:" + retry.header("Vigil-Scheduled-For"));
        assertThat(retry.header("Vigil-Run-Id")).isNotEqualTo(first.header("Vigil-Run-Id"));
        assertThat(java.time.Instant.parse(first.header("Vigil-Scheduled-For")).getNano()).isZero();
    }

    @Test
    void a_5xx_answer_fails_the_run_with_the_status_as_reason() {
        endpoint.respondAlways(new RecordingHttpServer.Response(503, "down for maintenance", Duration.ZERO));
        server.put("/api/v1/jobs/ops/flaky", "{\"http\": {\"method\": \"GET\", \"url\": \"" + endpoint.url("/x") + "\"}}");
        server.post("/api/v1/jobs/ops/flaky/runs", "{}");

        JsonNode run = finished("flaky");
        assertThat(run.get("state").asText()).isEqualTo("failed");
        assertThat(server.get("/api/v1/runs/" + run.get("id").asLong()).json().get("reason").asText()).contains("503");
    }

    @Test
    void a_slow_endpoint_is_timed_out() {
        endpoint.respondAlways(new RecordingHttpServer.Response(200, "late", Duration.ofSeconds(10)));
        server.put("/api/v1/jobs/ops/slow", "{\"http\": {\"method\": \"GET\", \"url\": \"" + endpoint.url("/slow") + "\"}, \"timeout\": \"1s\"}");
        server.post("/api/v1/jobs/ops/slow/runs", "{}");

        JsonNode run = finished("slow");
        assertThat(run.get("state").asText()).isEqualTo("timed_out");
    }

    @Test
    void a_request_an_agent_would_refuse_is_refused_when_the_job_is_defined() {
        var r = server.put("/api/v1/jobs/ops/bad", "{\"http\": {\"url\": \"" + endpoint.url("/x") + "\", \"headers\": {\"Host\": \"evil\"}}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("http.headers");
        assertThat(server.get("/api/v1/jobs/ops/bad").status()).isEqualTo(404);
    }
}

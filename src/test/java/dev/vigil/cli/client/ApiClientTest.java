package dev.vigil.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.testing.TestServer;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against a real server: answers parsed, every kind of error carried with a message for people. */
class ApiClientTest {
    static TestServer server;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(Clock.systemUTC());
        server.createProject("ops");
        admin = new ApiClient(server.vigil.baseUrl(), TestServer.ADMIN_KEY);
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    private static ApiException failure(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("no ApiException");
    }

    @Test
    void answers_are_parsed_and_their_body_kept_as_sent() {
        var put = admin.put("/jobs/ops/" + ApiClient.seg("nightly"), Map.of("tags", java.util.List.of("etl")));
        assertThat(put.get("slug").asText()).isEqualTo("nightly");
        var reply = admin.send("GET", "/jobs" + ApiClient.query("project", "ops", "tag", "etl", "status", null), null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("jobs").get(0).get("slug").asText()).isEqualTo("nightly");
        assertThat(reply.body()).startsWith("{\"jobs\":");
        assertThat(admin.delete("/jobs/ops/nightly").isMissingNode()).isTrue();
    }

    @Test
    void a_missing_job_is_not_found_with_the_apis_message() {
        ApiException e = failure(() -> admin.get("/jobs/ops/nope"));
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.error()).isEqualTo("not_found");
        assertThat(e.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(e.getMessage()).startsWith("not found: ").contains("nope");
    }

    @Test
    void invalid_input_names_the_field() {
        ApiException e = failure(() -> admin.put("/jobs/ops/bad", "{\"schedule\": {\"cron\": \"61 * * * *\"}}"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.field()).isEqualTo("schedule.cron");
        assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(e.getMessage()).startsWith("refused as invalid: schedule.cron: minute field");
        assertThat(e.body()).contains("\"field\"");
    }

    @Test
    void an_unknown_key_and_a_key_without_the_role_are_auth_errors() {
        ApiException unknown = failure(() -> new ApiClient(server.vigil.baseUrl(), "vk_wrong", "VIGIL_KEY", ApiClient.DEFAULT_TIMEOUT).get("/jobs"));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(unknown.getMessage()).startsWith("the server does not accept the API key from VIGIL_KEY (401)");

        String viewerKey = admin.post("/keys", Map.of("name", "viewer", "role", "viewer")).get("key").asText();
        admin.put("/jobs/ops/paused", "{}");
        ApiException forbidden = failure(() -> new ApiClient(server.vigil.baseUrl(), viewerKey).post("/jobs/ops/paused/pause", null));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.neededRole()).isEqualTo("operator");
        assertThat(forbidden.getMessage()).isEqualTo("this API key may not do this: it needs the operator role (403)");
    }

    @Test
    void an_answer_that_is_not_the_apis_is_quoted_in_part_and_the_request_carries_the_key() {
        try (var proxy = dev.vigil.testing.RecordingHttpServer.start()) {
            proxy.respondAlways(new dev.vigil.testing.RecordingHttpServer.Response(502, "<html>\n" + "bad gateway ".repeat(40) + "</html>",
                    java.time.Duration.ZERO));
            ApiException e = failure(() -> new ApiClient(proxy.url(""), "vk_sent").get("/jobs"));
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(e.getMessage()).startsWith("the server failed (502): <html> bad gateway").endsWith(" …").hasSizeLessThan(240);
            assertThat(e.body()).endsWith("</html>");
            assertThat(proxy.requests().getFirst().header("Authorization")).isEqualTo("Bearer vk_sent");
            assertThat(proxy.requests().getFirst().path()).isEqualTo("/api/v1/jobs");
        }
    }

    @Test
    void a_server_that_is_down_cannot_be_reached() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        ApiException e = failure(() -> new ApiClient(url, "vk").get("/jobs"));
        assertThat(e.status()).isZero();
        assertThat(e.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(e.getMessage()).isEqualTo("cannot reach " + url + ": connection refused");
    }
}

package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.Config;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestNames;
import dev.vigil.testing.TestServer;
import dev.vigil.testing.TestServer.Response;
import dev.vigil.util.OutboundPolicy;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server with the released default outbound policy (PRODUCT.md §9) sends neither alerts nor http
 * targets' requests to loopback, link-local or metadata addresses: a channel naming one is refused
 * when created, and a name that resolves to one ({@link TestNames#LOOPBACK}, as a rebound name
 * would) is refused when connecting, the refusal recorded as the delivery's or the run's reason.
 */
class OutboundRequestsTest {
    final MutableClock clock = MutableClock.at("2026-03-01T01:00:00Z");
    final RecordingHttpServer receiver = RecordingHttpServer.start();
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        Config released = Config.forTests(Files.createTempDirectory("vigil-test")).withAdminKey(TestServer.ADMIN_KEY)
                .withOutbound(OutboundPolicy.defaults());
        server = TestServer.start(clock, released);
        server.createProject("prod");
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
        receiver.close();
    }

    @Test
    void a_channel_to_a_denied_address_or_name_is_refused_naming_the_field() {
        Map<String, String> refused = Map.of(
                "{\"kind\": \"webhook\", \"name\": \"a\", \"config\": {\"url\": \"" + receiver.url("/hook") + "\"}}", "config.url",
                "{\"kind\": \"webhook\", \"name\": \"b\", \"config\": {\"url\": \"http://localhost:9093/hook\"}}", "config.url",
                "{\"kind\": \"slack\", \"name\": \"c\", \"config\": {\"url\": \"http://[::1]:8080/services/x\"}}", "config.url",
                "{\"kind\": \"alertmanager\", \"name\": \"d\", \"config\": {\"url\": \"http://169.254.169.254/latest\"}}", "config.url",
                "{\"kind\": \"opsgenie\", \"name\": \"e\", \"config\": {\"apiKey\": \"k\", \"apiUrl\": \"http://metadata.google.internal\"}}", "config.apiUrl",
                "{\"kind\": \"email\", \"name\": \"f\", \"config\": {\"host\": \"127.0.0.1\", \"from\": \"v@example.com\", \"to\": [\"o@example.com\"]}}", "config.host");
        refused.forEach((body, field) -> {
            Response r = server.post("/api/v1/projects/prod/channels", body);
            assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).as(body).isEqualTo(field);
            assertThat(r.json().get("message").asText()).as(body).contains("are denied").contains("VIGIL_OUTBOUND_ALLOW");
        });
        assertThat(server.get("/api/v1/projects/prod/channels").json().get("channels")).isEmpty();
        Response fine = server.post("/api/v1/projects/prod/channels",
                "{\"kind\": \"webhook\", \"name\": \"public\", \"config\": {\"url\": \"https://hooks.example.com/vigil\"}}");
        assertThat(fine.status()).as(fine.body()).isEqualTo(201);
    }

    @Test
    void an_alert_to_a_name_that_resolves_to_loopback_fails_for_good_and_says_why() {
        int port = java.net.URI.create(receiver.url("/")).getPort();
        Response channel = server.post("/api/v1/projects/prod/channels", "{\"kind\": \"webhook\", \"name\": \"pager\", \"config\": "
                + "{\"url\": \"http://" + TestNames.LOOPBACK + ":" + port + "/hook\"}}");
        assertThat(channel.status()).as("the name itself is not denied: " + channel.body()).isEqualTo(201);
        assertThat(server.put("/api/v1/jobs/prod/backup", "{\"schedule\": {\"cron\": \"0 2 * * *\"}, \"grace\": \"10m\"}").status())
                .isEqualTo(201);

        clock.set(Instant.parse("2026-03-01T02:00:01Z"));
        server.vigil.timer().runOnce();
        clock.set(Instant.parse("2026-03-01T02:10:01Z"));
        server.vigil.timer().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(
                server.get("/api/v1/notifications?project=prod").json().get("notifications").path(0).path("state").asText()));

        JsonNode n = server.get("/api/v1/notifications?project=prod").json().get("notifications").get(0);
        assertThat(n.get("attempts").asInt()).as("sending again cannot help").isEqualTo(1);
        assertThat(n.get("lastError").asText()).isEqualTo("outbound requests to " + TestNames.LOOPBACK + " (127.0.0.1) are denied: "
                + "127.0.0.0/8 (loopback) is on the deny list (VIGIL_OUTBOUND_DENY, default); allow it with VIGIL_OUTBOUND_ALLOW");
        assertThat(receiver.requestCount()).isZero();
    }

    @Test
    void an_http_target_on_a_denied_address_fails_the_run_with_the_reason_and_sends_nothing() {
        receiver.respondAlways(new RecordingHttpServer.Response(200, "ok", Duration.ZERO));
        int port = java.net.URI.create(receiver.url("/")).getPort();
        for (String host : new String[] {"127.0.0.1", TestNames.LOOPBACK}) {
            String slug = host.equals("127.0.0.1") ? "literal" : "named";
            Response job = server.put("/api/v1/jobs/prod/" + slug, "{\"http\": {\"url\": \"http://" + host + ":" + port + "/run\"}}");
            assertThat(job.status()).as("the agent decides, not the server: " + job.body()).isEqualTo(201);
            assertThat(server.post("/api/v1/jobs/prod/" + slug + "/runs", "{}").status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> server.get("/api/v1/jobs/prod/" + slug + "/runs").json()
                    .get("runs").path(0).path("state").asText().equals("failed"));
            long id = server.get("/api/v1/jobs/prod/" + slug + "/runs").json().get("runs").get(0).get("id").asLong();
            assertThat(server.get("/api/v1/runs/" + id).json().get("reason").asText()).as(host)
                    .contains("outbound requests to " + host).contains("127.0.0.0/8 (loopback)");
        }
        assertThat(receiver.requestCount()).isZero();
    }
}

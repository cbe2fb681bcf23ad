package dev.vigil.web;

import static dev.vigil.web.KeyApiTest.call;
import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestServer;
import dev.vigil.web.ui.UiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an alert receiver answered is shown to editors and admins only; viewers and operators see its
 * status (PRODUCT.md §9, docs/security.md): in notifications, delivery attempts, a failing channel
 * and the dashboard's alert and incident pages.
 */
class ReceiverAnswerVisibilityTest {
    static final String ANSWER = "invalid routing key; your request: Authorization=Bearer hunter2";
    static final MutableClock clock = MutableClock.at("2026-03-01T01:00:00Z");
    static final RecordingHttpServer receiver = RecordingHttpServer.start();
    static TestServer server;
    static long incident;

    @BeforeAll
    static void start() {
        receiver.enqueue(new RecordingHttpServer.Response(400, ANSWER, Duration.ZERO));
        server = TestServer.start(clock);
        server.createProject("prod");
        var channel = server.post("/api/v1/projects/prod/channels", "{\"kind\": \"webhook\", \"name\": \"pager\", \"config\": {\"url\": \""
                + receiver.url("/hook") + "\"}}");
        assertThat(channel.status()).as(channel.body()).isEqualTo(201);
        var job = server.put("/api/v1/jobs/prod/backup", "{\"schedule\": {\"cron\": \"0 2 * * *\"}, \"grace\": \"10m\"}");
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        clock.set(Instant.parse("2026-03-01T02:00:01Z"));
        server.vigil.timer().runOnce();
        clock.set(Instant.parse("2026-03-01T02:10:01Z"));
        server.vigil.timer().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(
                server.get("/api/v1/notifications?project=prod").json().get("notifications").path(0).path("state").asText()));
        incident = server.get("/api/v1/incidents?project=prod").json().get("incidents").get(0).get("id").asLong();
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
        receiver.close();
    }

    @Test
    void viewers_and_operators_see_the_status_editors_and_admins_the_answer() {
        for (String role : List.of("viewer", "operator", "editor", "admin")) {
            String key = createKey(server, TestServer.ADMIN_KEY, role + "-reader", role, null).get("key").asText();
            boolean answers = role.equals("editor") || role.equals("admin");
            JsonNode n = call(server, key, "GET", "/api/v1/notifications?project=prod", null).json().get("notifications").get(0);
            JsonNode attempt = n.get("history").get(0);
            JsonNode inIncident = call(server, key, "GET", "/api/v1/incidents/" + incident, null).json().get("notifications").get(0);
            JsonNode channel = call(server, key, "GET", "/api/v1/projects/prod/channels", null).json().get("channels").get(0);

            assertThat(attempt.get("statusCode").asInt()).as(role).isEqualTo(400);
            if (answers) {
                assertThat(n.get("lastError").asText()).as(role).isEqualTo("127.0.0.1 answered HTTP 400: " + ANSWER);
                assertThat(attempt.get("error").asText()).as(role).endsWith(ANSWER);
                assertThat(inIncident.get("lastError").asText()).as(role).endsWith(ANSWER);
                assertThat(channel.get("failingError").asText()).as(role).endsWith(ANSWER);
            } else {
                assertThat(n.get("lastError").asText()).as(role).isEqualTo("127.0.0.1 answered HTTP 400");
                assertThat(attempt.get("error").asText()).as(role).isEqualTo("127.0.0.1 answered HTTP 400");
                assertThat(inIncident.get("lastError").asText()).as(role).isEqualTo("127.0.0.1 answered HTTP 400");
                assertThat(channel.get("failingError").asText()).as(role).isEqualTo("127.0.0.1 answered HTTP 400");
            }
        }
    }

    @Test
    void the_dashboard_shows_the_answer_to_admins_only() {
        String viewer = createKey(server, TestServer.ADMIN_KEY, "ui-viewer", "viewer", null).get("key").asText();
        UiClient asViewer = UiClient.loggedIn(server, viewer);
        UiClient asAdmin = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
        for (String page : List.of("/ui/p/prod/alerts", "/ui/p/prod/alerts?fragment=1", "/ui/p/prod/incidents/" + incident)) {
            assertThat(asViewer.get(page).body()).as(page).contains("127.0.0.1 answered HTTP 400").doesNotContain("hunter2");
            assertThat(asAdmin.get(page).body()).as(page).contains("hunter2");
        }
    }
}

package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.RecordingHttpServer.Request;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Killing the server in the middle of sending an alert loses nothing: {@code vigil server} runs as a
 * child process and is killed with SIGKILL while the receiver holds the request open. After a
 * restart on the same data directory the alert is sent again when its delivery lease runs out, with
 * the same idempotency key and incident key, so a receiver that deduplicates sees one incident.
 * Takes about a minute: the lease is 60 s.
 */
class AlertRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final Processes processes = new Processes();
    private final RecordingHttpServer receiver = RecordingHttpServer.start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void an_alert_in_flight_when_the_server_is_killed_is_sent_again_after_restart_with_the_same_keys() throws Exception {
        // The first request is held for longer than it takes to kill the server.
        receiver.enqueue(new RecordingHttpServer.Response(200, "", Duration.ofSeconds(20)));
        Process server = processes.startServer();
        processes.post("/api/v1/projects", "{\"slug\": \"crash\"}");
        processes.post("/api/v1/projects/crash/channels", "{\"kind\": \"webhook\", \"name\": \"hook\","
                + " \"config\": {\"url\": \"" + receiver.url("/hook") + "\"}}");
        processes.put("/api/v1/jobs/crash/tick", "{\"schedule\": {\"cron\": \"*/2 * * * * *\"}, \"grace\": \"1s\"}");

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requestCount() == 1);
        server.destroyForcibly().waitFor(); // SIGKILL while the receiver still holds the request

        processes.startServer();
        await().atMost(Duration.ofSeconds(100)).until(() -> receiver.requestCount() >= 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> processes.get("/api/v1/notifications?project=crash&job=tick")
                .get("notifications").findValuesAsText("state").contains("delivered"));

        Set<String> keys = new HashSet<>();
        Set<String> incidents = new HashSet<>();
        for (Request r : receiver.requests()) {
            JsonNode body = JSON.readTree(r.body());
            if (!body.get("action").asText().equals("trigger")) continue;
            keys.add(r.header("Idempotency-Key"));
            incidents.add(body.get("incidentKey").asText());
        }
        assertThat(keys).as("one notification, sent twice with the same key").hasSize(1);
        assertThat(incidents).as("one incident for receivers that deduplicate").hasSize(1);
        JsonNode notifications = processes.get("/api/v1/notifications?project=crash&job=tick").get("notifications");
        assertThat(notifications).hasSize(1);
        assertThat(notifications.get(0).get("state").asText()).isEqualTo("delivered");
        // The killed server never recorded its attempt; the restarted one recorded the one that got through.
        assertThat(notifications.get(0).get("history")).hasSize(1);
    }
}

package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dead-man's switch end to end: a real server, a real webhook receiver, the real deadline timer,
 * writer and delivery loop. A cron job that is not pinged produces exactly one {@code missed}
 * delivery; a ping brings it back with exactly one recovery delivery.
 */
class MissedAlertEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestServer server;
    private final RecordingHttpServer receiver = RecordingHttpServer.start();

    @AfterEach
    void stop() {
        if (server != null) server.closeAndDelete();
        receiver.close();
    }

    private String setUp(Clock clock, String schedule) {
        server = TestServer.start(clock);
        server.createProject("ops");
        var channel = server.post("/api/v1/projects/ops/channels",
                "{\"kind\": \"webhook\", \"name\": \"hook\", \"config\": {\"url\": \"" + receiver.url("/hook") + "\", \"secret\": \"s3\"}}");
        assertThat(channel.status()).as(channel.body()).isEqualTo(201);
        var job = server.put("/api/v1/jobs/ops/backup", schedule);
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        return job.json().get("uuid").asText();
    }

    @Test
    void unpinged_cron_job_alerts_missed_once_and_one_ping_recovers_it_once() throws Exception {
        MutableClock clock = MutableClock.at("2025-06-01T10:00:10Z");
        String uuid = setUp(clock, "{\"schedule\": {\"cron\": \"* * * * *\"}, \"grace\": \"30s\", \"owner\": \"ops-team\"}");

        clock.set(java.time.Instant.parse("2025-06-01T10:01:01Z"));
        server.vigil.timer().runOnce();
        await().until(() -> status().equals("late"));
        assertThat(receiver.requestCount()).isZero();

        clock.set(java.time.Instant.parse("2025-06-01T10:01:31Z"));
        server.vigil.timer().runOnce();
        await().until(() -> receiver.requestCount() == 1);
        JsonNode down = JSON.readTree(receiver.requests().getFirst().body());
        assertThat(down.get("kind").asText()).isEqualTo("down");
        assertThat(down.get("status").asText()).isEqualTo("missed");
        assertThat(down.get("owner").asText()).isEqualTo("ops-team");
        assertThat(down.get("reason").asText()).contains("2025-06-01T10:01:00Z");

        for (int minute = 2; minute < 10; minute++) {
            clock.advance(Duration.ofMinutes(1));
            server.vigil.timer().runOnce();
        }
        server.vigil.delivery().runOnce();
        assertThat(status()).isEqualTo("missed");
        assertThat(receiver.requestCount()).isEqualTo(1);

        assertThat(server.ping("/ping/" + uuid, null).status()).isEqualTo(200);
        await().until(() -> receiver.requestCount() == 2);
        JsonNode up = JSON.readTree(receiver.requests().get(1).body());
        assertThat(up.get("kind").asText()).isEqualTo("up");
        assertThat(up.get("status").asText()).isEqualTo("up");
        assertThat(receiver.requests().get(1).header("Idempotency-Key"))
                .isNotEqualTo(receiver.requests().getFirst().header("Idempotency-Key"));

        var notifications = server.get("/api/v1/notifications?project=ops&job=backup").json().get("notifications");
        assertThat(notifications).hasSize(2);
        assertThat(notifications.findValuesAsText("state")).containsOnly("delivered");
        assertThat(notifications.get(0).get("history").get(0).get("ok").asBoolean()).isTrue();
    }

    @Test
    void with_the_real_clock_the_timer_decides_missed_by_itself() {
        String uuid = setUp(Clock.systemUTC(), "{\"schedule\": {\"cron\": \"*/2 * * * * *\"}, \"grace\": \"1s\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requestCount() == 1);
        assertThat(status()).isEqualTo("missed");
        server.ping("/ping/" + uuid, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requestCount() == 2);
    }

    private String status() {
        return server.get("/api/v1/jobs/ops/backup").json().get("status").asText();
    }
}

package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.RecordingHttpServer.Request;
import dev.vigil.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts from a real server to real receivers: retries through a flaky receiver, a channel failing
 * for good raising an alarm on the fallback channel, and people acknowledging over the API. Time
 * moves by a settable clock; the deadline timer, escalation and delivery loops are driven by hand.
 */
class AlertDeliveryEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = MutableClock.at("2026-03-01T01:00:00Z");
    private final RecordingHttpServer pager = RecordingHttpServer.start();
    private final RecordingHttpServer fallback = RecordingHttpServer.start();
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.closeAndDelete();
        pager.close();
        fallback.close();
    }

    @Test
    void a_receiver_that_fails_twice_then_succeeds_gets_the_alert_with_one_key() throws Exception {
        pager.enqueue(503, 503);
        start();
        channel("pager", pager, false);
        nightlyJob("backup");

        miss();
        await().until(() -> pager.requestCount() == 1);
        clock.advance(Duration.ofSeconds(7)); // first back-off: 5 s ± 20 %
        server.vigil.delivery().runOnce();
        await().until(() -> pager.requestCount() == 2);
        clock.advance(Duration.ofSeconds(13)); // second: 10 s ± 20 %
        server.vigil.delivery().runOnce();
        await().until(() -> pager.requestCount() == 3);

        assertThat(pager.requests()).extracting(r -> r.header("Idempotency-Key")).containsOnly(
                pager.requests().getFirst().header("Idempotency-Key"));
        await().until(() -> server.get("/api/v1/notifications?project=prod&job=backup").json()
                .get("notifications").get(0).get("state").asText().equals("delivered"));
        JsonNode n = server.get("/api/v1/notifications?project=prod&job=backup").json().get("notifications").get(0);
        assertThat(n.get("attempts").asInt()).isEqualTo(3);
        assertThat(n.get("history")).extracting(h -> h.get("ok").asBoolean() + " " + h.path("statusCode").asText())
                .containsExactly("false 503", "false 503", "true ");
    }

    @Test
    void a_channel_failing_for_good_alarms_the_fallback_and_its_recovery_clears_it() throws Exception {
        pager.enqueue(new RecordingHttpServer.Response(400, "invalid routing key", Duration.ZERO));
        start();
        channel("pager", pager, false);
        channel("ops-fallback", fallback, true);
        routes("{\"routes\": [{\"channels\": [\"pager\"]}]}");
        String uuid = nightlyJob("backup");

        miss();
        await().until(() -> fallback.requestCount() == 1);
        JsonNode alarm = body(fallback.requests().getFirst());
        assertThat(alarm.get("action").asText()).isEqualTo("trigger");
        assertThat(alarm.get("name").asText()).isEqualTo("Alert channel 'pager'");
        assertThat(alarm.get("status").asText()).isEqualTo("failing");
        assertThat(alarm.get("reason").asText()).contains("answered HTTP 400: invalid routing key")
                .contains("Not delivered: DOWN prod/backup: missed");
        assertThat(channelView("pager").get("failing").asBoolean()).isTrue();

        assertThat(server.ping("/ping/" + uuid, null).status()).isEqualTo(200);
        await().until(() -> fallback.requestCount() == 2);
        JsonNode cleared = body(fallback.requests().get(1));
        assertThat(cleared.get("action").asText()).isEqualTo("resolve");
        assertThat(cleared.get("incidentKey").asText()).isEqualTo(alarm.get("incidentKey").asText());
        assertThat(channelView("pager").get("failing").asBoolean()).isFalse();
        assertThat(body(pager.requests().get(1)).get("action").asText()).isEqualTo("resolve");
    }

    @Test
    void acknowledging_over_the_api_stops_the_escalation_and_tells_the_receivers() throws Exception {
        start();
        channel("pager", pager, false);
        channel("alice", fallback, false);
        assertThat(server.put("/api/v1/projects/prod/escalation-policies/ops", """
                {"steps": [{"after": "PT0S", "channels": ["pager"]}, {"after": "PT15M", "owner": true}],
                 "repeat": {"every": "PT30M"}}""").status()).isEqualTo(201);
        routes("{\"routes\": [{\"escalation\": \"ops\"}]}");
        nightlyJob("backup");

        miss();
        await().until(() -> pager.requestCount() == 1);
        clock.set(Instant.parse("2026-03-01T02:25:02Z"));
        server.vigil.escalation().runOnce();
        await().until(() -> fallback.requestCount() == 1);
        assertThat(body(fallback.requests().getFirst()).get("step").asInt()).isEqualTo(1);

        long id = server.get("/api/v1/incidents?project=prod&state=open").json().get("incidents").get(0).get("id").asLong();
        var ack = server.post("/api/v1/incidents/" + id + "/acknowledge", "{\"comment\": \"restoring from snapshot\"}");
        assertThat(ack.status()).as(ack.body()).isEqualTo(200);
        assertThat(ack.json().get("state").asText()).isEqualTo("acknowledged");
        assertThat(ack.json().get("acknowledgedBy").asText()).isNotBlank();
        await().until(() -> pager.requestCount() == 2 && fallback.requestCount() == 2);
        assertThat(body(pager.requests().get(1)).get("action").asText()).isEqualTo("acknowledge");
        assertThat(body(pager.requests().get(1)).get("comment").asText()).isEqualTo("restoring from snapshot");

        clock.set(Instant.parse("2026-03-01T05:00:00Z"));
        server.vigil.escalation().runOnce();
        server.vigil.delivery().runOnce();
        assertThat(pager.requestCount() + fallback.requestCount()).isEqualTo(4);
        assertThat(server.post("/api/v1/incidents/" + id + "/acknowledge", "").status()).isEqualTo(409);

        JsonNode detail = server.get("/api/v1/incidents/" + id).json();
        assertThat(detail.get("history").findValuesAsText("action"))
                .containsExactly("opened", "notified", "escalated", "acknowledged");
        assertThat(detail.get("notifications")).hasSize(4);
    }

    @Test
    void a_silence_records_the_alert_as_suppressed_and_expiring_it_sends_the_incident_still_open() throws Exception {
        start();
        channel("pager", pager, false);
        nightlyJob("backup");
        var silence = server.post("/api/v1/projects/prod/silences",
                "{\"job\": \"backup\", \"duration\": \"4h\", \"comment\": \"restoring the database\"}");
        assertThat(silence.status()).as(silence.body()).isEqualTo(201);

        miss();
        await().until(() -> server.get("/api/v1/notifications?project=prod&job=backup").json()
                .get("notifications").size() == 1);
        server.vigil.delivery().runOnce();
        JsonNode held = server.get("/api/v1/notifications?project=prod&job=backup").json().get("notifications").get(0);
        assertThat(held.get("state").asText()).isEqualTo("suppressed");
        assertThat(held.get("lastError").asText()).startsWith("silence " + silence.json().get("id").asLong())
                .endsWith(": restoring the database");
        assertThat(pager.requestCount()).isZero();
        JsonNode incident = server.get("/api/v1/incidents?project=prod").json().get("incidents").get(0);
        assertThat(incident.get("suppressed").asText()).isEqualTo(held.get("lastError").asText());

        var expired = server.post("/api/v1/projects/prod/silences/" + silence.json().get("id").asLong() + "/expire", "");
        assertThat(expired.status()).as(expired.body()).isEqualTo(200);
        server.vigil.escalation().runOnce(); // the expiry made the held incident due at once
        await().until(() -> pager.requestCount() == 1);
        assertThat(body(pager.requests().getFirst()).get("action").asText()).isEqualTo("trigger");
        assertThat(server.get("/api/v1/incidents/" + incident.get("id").asLong()).json().get("history")
                .findValuesAsText("action")).containsExactly("opened", "suppressed", "released");
    }

    // ---- fixtures ----

    private void start() {
        server = TestServer.start(clock);
        server.createProject("prod");
    }

    private void channel(String name, RecordingHttpServer receiver, boolean isFallback) {
        var r = server.post("/api/v1/projects/prod/channels", "{\"kind\": \"webhook\", \"name\": \"" + name
                + "\", \"fallback\": " + isFallback + ", \"config\": {\"url\": \"" + receiver.url("/" + name) + "\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private void routes(String json) {
        var r = server.put("/api/v1/projects/prod/routes", json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private String nightlyJob(String slug) {
        var r = server.put("/api/v1/jobs/prod/" + slug,
                "{\"schedule\": {\"cron\": \"0 2 * * *\"}, \"grace\": \"10m\", \"owner\": \"alice\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("uuid").asText();
    }

    /** The nightly run does not start: late at 02:00, missed at 02:10. */
    private void miss() {
        clock.set(Instant.parse("2026-03-01T02:00:01Z"));
        server.vigil.timer().runOnce();
        await().until(() -> status().equals("late"));
        clock.set(Instant.parse("2026-03-01T02:10:01Z"));
        server.vigil.timer().runOnce();
        await().until(() -> status().equals("missed"));
    }

    private String status() {
        return server.get("/api/v1/jobs/prod/backup").json().get("status").asText();
    }

    private JsonNode channelView(String name) {
        for (JsonNode c : server.get("/api/v1/projects/prod/channels").json().get("channels")) {
            if (c.get("name").asText().equals(name)) return c;
        }
        throw new AssertionError("no channel " + name);
    }

    private static JsonNode body(Request r) throws Exception {
        return JSON.readTree(r.body());
    }
}

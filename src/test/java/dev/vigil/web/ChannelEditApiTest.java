package dev.vigil.web;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alert.channel.webhook.WebhookSignature;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code PUT …/channels/{id}} changes a channel; {@code POST …/channels/{id}/test} sends through it now. */
class ChannelEditApiTest {
    static final String CHANNELS = "/api/v1/projects/ops/channels";
    final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    TestServer server;
    RecordingHttpServer receiver;

    @BeforeEach
    void start() {
        server = TestServer.start(clock);
        server.createProject("ops");
        receiver = RecordingHttpServer.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
        server.closeAndDelete();
    }

    private long webhook(String name, String extra) {
        TestServer.Response r = server.post(CHANNELS, "{\"kind\": \"webhook\", \"name\": \"" + name + "\", \"config\": {\"url\": \""
                + receiver.url("/hook") + "\"" + extra + "}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private JsonNode audit(String action) {
        return server.get("/api/v1/audit?action=" + action).json().get("entries");
    }

    @Test
    void put_replaces_the_definition_and_is_audited_without_the_secret() {
        long id = webhook("ops-hook", ", \"secret\": \"old-signing-secret\"");

        TestServer.Response r = server.put(CHANNELS + "/" + id, "{\"kind\": \"webhook\", \"name\": \"team-hook\", \"fallback\": true,"
                + " \"config\": {\"url\": \"" + receiver.url("/v2") + "\", \"secret\": \"new-signing-secret\"}}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("name").asText()).isEqualTo("team-hook");
        assertThat(r.json().get("fallback").asBoolean()).isTrue();
        assertThat(r.body()).doesNotContain("secret\"").doesNotContain("/v2");
        JsonNode listed = server.get(CHANNELS).json().get("channels");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("name").asText()).isEqualTo("team-hook");
        JsonNode entry = audit("channel.update").get(0);
        assertThat(entry.get("target").asText()).isEqualTo("ops/team-hook");
        assertThat(entry.get("before").get("name").asText()).isEqualTo("ops-hook");
        assertThat(entry.get("before").get("fallback").asBoolean()).isFalse();
        assertThat(entry.get("after").get("fallback").asBoolean()).isTrue();
        assertThat(entry.get("after").get("config").get("url").asText()).as("the path may hold a secret").endsWith("/[redacted]");
        assertThat(entry.toString()).doesNotContain("new-signing-secret").doesNotContain("old-signing-secret");

        // The channel now sends to the new URL, signed with the new secret.
        assertThat(server.post(CHANNELS + "/" + id + "/test", "").status()).isEqualTo(200);
        RecordingHttpServer.Request got = receiver.requests().getFirst();
        assertThat(got.path()).isEqualTo("/v2");
        assertThat(WebhookSignature.verify("new-signing-secret", got.header("X-Vigil-Timestamp"), got.body(),
                got.header("X-Vigil-Signature"), clock, Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void put_validates_like_create_and_changes_nothing_on_bad_input() {
        long id = webhook("ops-hook", "");

        TestServer.Response bad = server.put(CHANNELS + "/" + id, "{\"kind\": \"webhook\", \"name\": \"ops-hook\", \"config\": {\"url\": \"ftp://x\"}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("config.url");
        assertThat(server.put(CHANNELS + "/" + id, "{\"kind\": \"carrier-pigeon\", \"name\": \"x\"}").json().get("field").asText()).isEqualTo("kind");
        assertThat(server.put(CHANNELS + "/" + id, "{\"kind\": \"log\"}").json().get("field").asText()).isEqualTo("name");
        assertThat(server.put(CHANNELS + "/999", "{\"kind\": \"log\", \"name\": \"x\"}").status()).isEqualTo(404);
        assertThat(audit("channel.update")).isEmpty();

        // A rename would leave the routes naming a channel that is gone; another kind under the same name is fine.
        assertThat(server.put("/api/v1/projects/ops/routes", "{\"routes\": [{\"channels\": [\"ops-hook\"]}]}").status()).isEqualTo(200);
        TestServer.Response rename = server.put(CHANNELS + "/" + id, "{\"kind\": \"log\", \"name\": \"renamed\"}");
        assertThat(rename.status()).isEqualTo(409);
        assertThat(rename.json().get("message").asText()).contains("used by route routes[0]");
        assertThat(server.put(CHANNELS + "/" + id, "{\"kind\": \"log\", \"name\": \"ops-hook\"}").status()).isEqualTo(200);
        long other = webhook("other", "");
        assertThat(server.put(CHANNELS + "/" + other, "{\"kind\": \"log\", \"name\": \"ops-hook\"}").status()).isEqualTo(409);
    }

    @Test
    void test_sends_through_the_real_sender_now_and_answers_what_the_receiver_said() {
        long id = webhook("ops-hook", ", \"secret\": \"signing-secret\"");
        receiver.respondAlways(new RecordingHttpServer.Response(202, "{\"queued\": true}", Duration.ZERO));

        TestServer.Response r = server.post(CHANNELS + "/" + id + "/test", "");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("delivered").asBoolean()).isTrue();
        assertThat(r.json().get("status").asInt()).isEqualTo(202);
        assertThat(r.json().get("answer").asText()).isEqualTo("{\"queued\": true}");
        assertThat(r.json().has("error")).isFalse();
        assertThat(receiver.requests()).hasSize(1);
        RecordingHttpServer.Request got = receiver.requests().getFirst();
        assertThat(got.body()).contains("\"event\":\"vigil.alert\"").contains("\"status\":\"test\"")
                .contains("Test notification from Vigil").contains("sent by admin (configured)");
        assertThat(got.header("Idempotency-Key")).startsWith("vigil-test-" + id + "-");
        assertThat(WebhookSignature.verify("signing-secret", got.header("X-Vigil-Timestamp"), got.body(),
                got.header("X-Vigil-Signature"), clock, Duration.ofMinutes(5))).isTrue();
        // Not through the outbox, and no incident.
        assertThat(server.get("/api/v1/notifications?project=ops").json().get("notifications")).isEmpty();
        assertThat(server.get("/api/v1/incidents?project=ops").json().get("incidents")).isEmpty();
        JsonNode entry = audit("channel.test").get(0);
        assertThat(entry.get("target").asText()).isEqualTo("ops/ops-hook");
        assertThat(entry.get("after").get("status").asInt()).isEqualTo(202);
    }

    @Test
    void a_receiver_that_fails_is_shown_with_its_answer_and_the_channel_is_not_marked_failing() {
        long id = webhook("ops-hook", "");
        receiver.respondAlways(new RecordingHttpServer.Response(500, "database is on fire", Duration.ZERO));

        JsonNode r = server.post(CHANNELS + "/" + id + "/test", "").json();

        assertThat(r.get("delivered").asBoolean()).isFalse();
        assertThat(r.get("status").asInt()).isEqualTo(500);
        assertThat(r.has("answer")).isFalse();
        assertThat(r.get("error").asText()).isEqualTo("127.0.0.1 answered HTTP 500: database is on fire");
        assertThat(receiver.requestCount()).as("sent once, never retried").isEqualTo(1);
        assertThat(server.get(CHANNELS).json().get("channels").get(0).get("failing").asBoolean()).isFalse();

        long gone = server.post(CHANNELS, "{\"kind\": \"webhook\", \"name\": \"gone\", \"config\": {\"url\": \""
                + RecordingHttpServer.refusingUrl("/hook") + "\"}}").json().get("id").asLong();
        JsonNode refused = server.post(CHANNELS + "/" + gone + "/test", "").json();
        assertThat(refused.get("delivered").asBoolean()).isFalse();
        assertThat(refused.has("status")).isFalse();
        assertThat(refused.get("error").asText()).startsWith("cannot connect to 127.0.0.1");
    }

    @Test
    void test_and_put_are_for_admins_of_the_project() {
        long id = webhook("ops-hook", "");
        String editor = createKey(server, TestServer.ADMIN_KEY, "ed", "editor", "ops").get("key").asText();

        TestServer.Response r = server.send(HttpRequest.newBuilder(URI.create(server.url(CHANNELS + "/" + id + "/test")))
                .header("Authorization", "Bearer " + editor).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(r.status()).isEqualTo(403);
        assertThat(receiver.requestCount()).isZero();
        assertThat(server.post(CHANNELS + "/999/test", "").status()).isEqualTo(404);
    }
}

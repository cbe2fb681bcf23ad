package dev.vigil.alert.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.DeliveryException;
import dev.vigil.alert.Fixtures;
import dev.vigil.domain.Channel;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.RecordingHttpServer.Request;
import dev.vigil.testing.RecordingHttpServer.Response;
import dev.vigil.testing.TestOutbound;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookChannelTest {
    private static final String KEY = "vigil-" + Fixtures.JOB_UNIQUE_KEY + "-9-3";

    private final RecordingHttpServer receiver = RecordingHttpServer.start();
    private final MutableClock clock = MutableClock.at("2025-03-01T12:00:05Z");
    private final WebhookChannel webhook = new WebhookChannel(TestOutbound.alertClient(), clock);
    private final AlertMessage message =
            Fixtures.message(Fixtures.backupJob(), Fixtures.missedFlip(9), Fixtures.BASE_URL, "pg_dump: timeout");

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void posts_the_alert_as_json_with_event_and_idempotency_key() throws Exception {
        webhook.send(channel("{\"url\": \"" + receiver.url("/hooks/vigil") + "\"}"), message, KEY);

        Request request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/vigil");
        JsonNode body = new ObjectMapper().readTree(request.body());
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("event", "idempotencyKey", "action", "severity", "incidentId", "incidentKey",
                "openedAt", "jobUniqueKey", "project", "slug", "name", "owner", "tags", "kind", "status", "health", "reason",
                "since", "flipId", "jobUrl", "incidentUrl", "lastOutput", "repeat", "step", "actor", "comment", "flapping",
                "previousSeverity");
        assertThat(body.get("event").asText()).isEqualTo("vigil.alert");
        assertThat(body.get("idempotencyKey").asText()).isEqualTo(KEY);
        assertThat(body.get("jobUniqueKey").asText()).isEqualTo(Fixtures.backupJob().uniqueKey());
        assertThat(request.body()).doesNotContain(Fixtures.JOB_UUID.toString());
        assertThat(body.get("project").asText()).isEqualTo("prod");
        assertThat(body.get("slug").asText()).isEqualTo("nightly-backup");
        assertThat(body.get("name").asText()).isEqualTo("Nightly backup");
        assertThat(body.get("owner").asText()).isEqualTo("alice");
        assertThat(body.get("tags").toString()).isEqualTo("[\"db\",\"backup\"]");
        assertThat(body.get("kind").asText()).isEqualTo("down");
        assertThat(body.get("status").asText()).isEqualTo("missed");
        assertThat(body.get("health").asText()).isEqualTo("healthy");
        assertThat(body.get("reason").asText()).isEqualTo("no start within grace (expected 02:00 UTC)");
        assertThat(body.get("since").asText()).isEqualTo("2025-03-01T12:00:00Z");
        assertThat(body.get("flipId").asLong()).isEqualTo(9);
        assertThat(body.get("jobUrl").asText()).isEqualTo("https://vigil.example.com/ui/p/prod/jobs/nightly-backup");
        assertThat(body.get("lastOutput").asText()).isEqualTo("pg_dump: timeout");
    }

    @Test
    void sends_content_type_idempotency_key_timestamp_and_configured_headers() {
        webhook.send(channel("{\"url\": \"" + receiver.url("/h") + "\", \"headers\": {\"Authorization\": \"Bearer t0k\"}}"),
                message, KEY);

        Request request = receiver.requests().get(0);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Idempotency-Key")).isEqualTo(KEY);
        assertThat(request.header("X-Vigil-Timestamp")).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
        assertThat(request.header("Authorization")).isEqualTo("Bearer t0k");
        assertThat(request.header("X-Vigil-Signature")).as("no secret, no signature").isNull();
    }

    @Test
    void configured_user_agent_replaces_vigils_own() {
        webhook.send(channel("{\"url\": \"" + receiver.url("/h") + "\", \"headers\": {\"User-Agent\": \"acme-relay\"}}"),
                message, KEY);

        assertThat(receiver.requests().get(0).headers().get("user-agent")).containsExactly("acme-relay");
    }

    @Test
    void signature_is_hmac_sha256_of_timestamp_dot_body_with_the_secret() throws Exception {
        webhook.send(channel("{\"url\": \"" + receiver.url("/h") + "\", \"secret\": \"s3cr3t\"}"), message, KEY);

        Request request = receiver.requests().get(0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cr3t".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signed = request.header("X-Vigil-Timestamp") + "." + request.body();
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("X-Vigil-Signature")).isEqualTo(expected);
    }

    @Test
    void receiver_side_verification_accepts_a_fresh_request_and_rejects_tampered_or_old_ones() {
        webhook.send(channel("{\"url\": \"" + receiver.url("/h") + "\", \"secret\": \"s3cr3t\"}"), message, KEY);
        Request r = receiver.requests().get(0);
        String ts = r.header("X-Vigil-Timestamp");
        String sig = r.header("X-Vigil-Signature");
        Duration tolerance = WebhookSignature.DEFAULT_TOLERANCE;

        assertThat(WebhookSignature.verify("s3cr3t", ts, r.body(), sig, clock, tolerance)).isTrue();
        assertThat(WebhookSignature.verify("wrong", ts, r.body(), sig, clock, tolerance)).isFalse();
        assertThat(WebhookSignature.verify("s3cr3t", ts, r.body().replace("down", "up"), sig, clock, tolerance)).isFalse();
        assertThat(WebhookSignature.verify("s3cr3t", Long.toString(Long.parseLong(ts) + 1), r.body(), sig, clock, tolerance))
                .as("the timestamp is signed too").isFalse();
        clock.advance(Duration.ofMinutes(6));
        assertThat(WebhookSignature.verify("s3cr3t", ts, r.body(), sig, clock, tolerance)).as("replayed later").isFalse();
    }

    @Test
    void any_2xx_answer_is_a_delivery() {
        for (int status : new int[] {200, 201, 202, 204}) {
            receiver.enqueue(status);
            assertThatCode(() -> webhook.send(channel("{\"url\": \"" + receiver.url("/h") + "\"}"), message, KEY))
                    .as("HTTP " + status).doesNotThrowAnyException();
        }
    }

    @Test
    void connection_refused_is_retryable_without_a_status_code() {
        Channel refusing = channel("{\"url\": \"" + RecordingHttpServer.refusingUrl("/h") + "\"}");

        assertThatThrownBy(() -> webhook.send(refusing, message, KEY))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.statusCode()).isNull();
                })
                .hasMessageContaining("cannot connect to 127.0.0.1");
    }

    @Test
    void receiver_slower_than_the_timeout_is_retryable() {
        receiver.enqueue(new Response(200, "", Duration.ofSeconds(3)));
        Channel slow = channel("{\"url\": \"" + receiver.url("/h") + "\", \"timeout\": 0.2}");

        assertThatThrownBy(() -> webhook.send(slow, message, KEY))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isFalse())
                .hasMessageContaining("no response from 127.0.0.1 within PT0.2S");
    }

    private static Channel channel(String config) {
        return new Channel(3, Fixtures.PROJECT_ID, "webhook", "ops-hook", config, Fixtures.T0);
    }
}

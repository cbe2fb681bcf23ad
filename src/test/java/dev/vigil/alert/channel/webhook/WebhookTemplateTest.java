package dev.vigil.alert.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.AlertText;
import dev.vigil.alert.Fixtures;
import dev.vigil.alert.Messages;
import dev.vigil.domain.Channel;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.RecordingHttpServer.Request;
import dev.vigil.testing.TestOutbound;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookTemplateTest {
    private static final String KEY = Messages.KEY + "-3";

    private final RecordingHttpServer receiver = RecordingHttpServer.start();
    private final MutableClock clock = MutableClock.at("2025-03-01T12:00:05Z");
    private final WebhookChannel webhook = new WebhookChannel(TestOutbound.alertClient(), clock);
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void whole_string_placeholders_keep_the_fields_json_type() throws Exception {
        JsonNode body = send(Messages.trigger(), """
                {"key": "{{incidentKey}}", "id": "{{incidentId}}", "tags": "{{tags}}", "who": "{{actor}}",
                 "flapping": "{{flapping}}", "opened": "{{ openedAt }}", "event": "{{event}}", "dedup": "{{idempotencyKey}}"}""");

        assertThat(body).isEqualTo(json.readTree("""
                {"key": "%s", "id": 31, "tags": ["db", "backup"], "who": null,
                 "flapping": false, "opened": "2025-03-01T02:10:00Z", "event": "vigil.alert", "dedup": "%s"}"""
                .formatted(Messages.KEY, KEY)));
    }

    @Test
    void placeholders_inside_text_are_replaced_by_the_fields_text() throws Exception {
        JsonNode body = send(Messages.trigger(), """
                {"msg": "[{{severity}}] {{slug}} in {{project}}: {{status}} (tags {{tags}}, actor '{{actor}}', step {{step}})",
                 "nested": [{"link": "<{{jobUrl}}|open>"}, 42, true, null]}""");

        assertThat(body).isEqualTo(json.readTree("""
                {"msg": "[critical] nightly-backup in prod: missed (tags db, backup, actor '', step 0)",
                 "nested": [{"link": "<%s|open>"}, 42, true, null]}""".formatted(Messages.JOB_URL)));
    }

    @Test
    void a_stored_template_naming_the_retired_job_uuid_still_sends_with_null_there_and_the_unique_key_instead()
            throws Exception {
        JsonNode body = send(Messages.trigger(), """
                {"uuid": "{{jobUuid}}", "inText": "job {{jobUuid}}.", "key": "{{jobUniqueKey}}"}""");

        assertThat(body).isEqualTo(json.readTree("""
                {"uuid": null, "inText": "job .", "key": "%s"}""".formatted(Fixtures.JOB_UNIQUE_KEY)));
        assertThat(receiver.requests().get(0).body()).doesNotContain(Fixtures.JOB_UUID.toString());
    }

    @Test
    void title_summary_text_and_output_are_the_shared_wording() throws Exception {
        JsonNode body = send(Messages.resolve(), """
                ["{{title}}", "{{summary}}", "{{text}}", "{{output}}"]""");

        assertThat(body).isEqualTo(json.valueToTree(new String[] {
                AlertText.title(Messages.resolve()), AlertText.summary(Messages.resolve()),
                AlertText.plain(Messages.resolve()), "dumping schema public\npg_dump: error: connection to server failed"}));
        assertThat(body.get(0).asText()).isEqualTo("RESOLVED prod/nightly-backup: up");
    }

    @Test
    void output_is_null_when_the_job_printed_nothing() throws Exception {
        AlertMessage silent = Fixtures.message(Fixtures.backupJob(), Fixtures.missedFlip(9), Fixtures.BASE_URL, null);
        webhook.send(channel("{\"text\": \"{{output}}\", \"quoted\": \"out: {{output}}\"}"), silent, KEY);

        assertThat(json.readTree(receiver.requests().get(0).body()))
                .isEqualTo(json.readTree("{\"text\": null, \"quoted\": \"out: \"}"));
    }

    @Test
    void the_rendered_body_is_what_is_signed_and_the_headers_stay_the_same() throws Exception {
        String config = "{\"url\": \"" + receiver.url("/h") + "\", \"secret\": \"s3cr3t\", \"template\": {\"t\": \"{{title}}\"}}";
        webhook.send(new Channel(3, Fixtures.PROJECT_ID, "webhook", "chat", config, Fixtures.T0), Messages.trigger(), KEY);

        Request r = receiver.requests().get(0);
        assertThat(r.body()).isEqualTo("{\"t\":\"DOWN prod/nightly-backup: missed\"}");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("Idempotency-Key")).isEqualTo(KEY);
        assertThat(WebhookSignature.verify("s3cr3t", r.header("X-Vigil-Timestamp"), r.body(), r.header("X-Vigil-Signature"),
                clock, Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void without_a_template_the_body_is_the_standard_one() {
        webhook.send(channel(null), Messages.trigger(), KEY);

        assertThat(receiver.requests().get(0).body()).isEqualTo(webhook.body(Messages.trigger(), KEY));
    }

    private JsonNode send(AlertMessage message, String template) throws Exception {
        webhook.send(channel(template), message, KEY);
        return json.readTree(receiver.requests().get(0).body());
    }

    private Channel channel(String template) {
        String config = "{\"url\": \"" + receiver.url("/h") + "\"" + (template == null ? "" : ", \"template\": " + template) + "}";
        return new Channel(3, Fixtures.PROJECT_ID, "webhook", "chat", config, Fixtures.T0);
    }
}

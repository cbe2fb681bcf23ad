package dev.vigil.alert.channel.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.DeliveryException;
import dev.vigil.alert.Messages;
import dev.vigil.alert.channel.DocExamples;
import dev.vigil.domain.Channel;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.RecordingHttpServer.Request;
import dev.vigil.testing.RecordingHttpServer.Response;
import dev.vigil.testing.TestOutbound;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PagerDutyChannelTest {
    private static final String ROUTING_KEY = "R0UT1NGKEY0123456789abcdef012345";

    private final RecordingHttpServer receiver = RecordingHttpServer.start().respondAlways(
            new Response(202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + Messages.KEY + "\"}",
                    Duration.ZERO));
    private final PagerDutyChannel pagerDuty = new PagerDutyChannel(TestOutbound.alertClient());

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void trigger_posts_the_full_event_with_the_incident_as_dedup_key() {
        pagerDuty.send(channel(""), Messages.trigger(), "vigil-x-17-4");

        Request request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v2/enqueue");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(DocExamples.read(request.body())).isEqualTo(DocExamples.read("""
                {
                  "routing_key": "R0UT1NGKEY0123456789abcdef012345",
                  "event_action": "trigger",
                  "dedup_key": "vigil-ca272716600136104ad076db1501acb1-31",
                  "payload": {
                    "summary": "DOWN prod/nightly-backup: missed — no start within grace (expected 02:00 UTC)",
                    "source": "vigil:prod/nightly-backup",
                    "severity": "critical",
                    "timestamp": "2025-03-01T02:10:00Z",
                    "custom_details": {
                      "job": "prod/nightly-backup",
                      "owner": "alice",
                      "tags": ["db", "backup"],
                      "status": "missed",
                      "health": "healthy",
                      "reason": "no start within grace (expected 02:00 UTC)",
                      "openedAt": "2025-03-01T02:10:00Z",
                      "lastOutput": "dumping schema public\\npg_dump: error: connection to server failed",
                      "step": 0,
                      "repeat": 0
                    }
                  },
                  "links": [
                    {"href": "https://vigil.example.com/ui/p/prod/jobs/nightly-backup", "text": "Job in Vigil"},
                    {"href": "https://vigil.example.com/ui/p/prod/incidents/31", "text": "Incident"}
                  ],
                  "client": "Vigil",
                  "client_url": "https://vigil.example.com/ui/p/prod/jobs/nightly-backup"
                }"""));
    }

    @Test
    void configured_component_group_and_class_go_into_the_payload() {
        pagerDuty.send(channel(", \"component\": \"postgres\", \"group\": \"prod-db\", \"class\": \"backup\""),
                Messages.trigger(), "k");

        JsonNode payload = body(0).get("payload");
        assertThat(payload.get("component").asText()).isEqualTo("postgres");
        assertThat(payload.get("group").asText()).isEqualTo("prod-db");
        assertThat(payload.get("class").asText()).isEqualTo("backup");
    }

    @Test
    void acknowledge_and_resolve_carry_only_key_action_and_dedup_key() {
        pagerDuty.send(channel(""), Messages.acknowledge(), "k1");
        pagerDuty.send(channel(""), Messages.resolve(), "k2");

        for (String action : List.of("acknowledge", "resolve")) {
            JsonNode body = body(action.equals("acknowledge") ? 0 : 1);
            assertThat(body).isEqualTo(DocExamples.read("""
                    {"routing_key": "%s", "event_action": "%s", "dedup_key": "%s"}"""
                    .formatted(ROUTING_KEY, action, Messages.KEY)));
        }
    }

    @Test
    void every_message_of_one_incident_has_the_same_dedup_key() {
        for (AlertMessage m : List.of(Messages.trigger(), Messages.reminder(), Messages.acknowledge(), Messages.resolve())) {
            pagerDuty.send(channel(""), m, "k");
        }

        assertThat(receiver.requests()).extracting(r -> DocExamples.read(r.body()).get("dedup_key").asText())
                .containsOnly(Messages.KEY).hasSize(4);
    }

    @Test
    void warnings_have_warning_severity_and_reminders_say_so_in_the_summary() {
        pagerDuty.send(channel(""), Messages.warning(), "k1");
        pagerDuty.send(channel(""), Messages.reminder(), "k2");

        assertThat(body(0).at("/payload/severity").asText()).isEqualTo("warning");
        assertThat(body(1).at("/payload/summary").asText()).startsWith("DOWN prod/nightly-backup: missed (reminder 2)");
        assertThat(body(1).at("/payload/custom_details/step").asInt()).isEqualTo(1);
        assertThat(body(1).at("/payload/custom_details/repeat").asInt()).isEqualTo(2);
    }

    @Test
    void summary_is_cut_to_pagerdutys_1024_characters() {
        AlertMessage longReason = Messages.message(AlertMessage.TRIGGER, AlertMessage.CRITICAL, "failed", "unhealthy",
                "x".repeat(2000), Messages.OPENED, 0, 0, null, null);

        pagerDuty.send(channel(""), longReason, "k");

        String summary = body(0).at("/payload/summary").asText();
        assertThat(summary).hasSize(1024).endsWith("x…");
    }

    @Test
    void alert_about_vigil_itself_names_the_dashboard_host_as_source() {
        AlertMessage aboutVigil = new AlertMessage(AlertMessage.TRIGGER, AlertMessage.CRITICAL, 5, "vigil-channel-3-5",
                Messages.OPENED, null, null, null, "channel ops-pager failing", null, null, null, null, null,
                "HTTP 404 from hooks.example.com", Instant.parse("2025-03-01T02:10:00Z"), 0, null,
                "https://vigil.example.com/ui/p/prod/incidents/5", null, 0, 0, null, null, false);

        pagerDuty.send(channel(""), aboutVigil, "k");

        JsonNode body = body(0);
        assertThat(body.at("/payload/source").asText()).isEqualTo("vigil.example.com");
        assertThat(body.at("/payload/custom_details/job").asText()).isEqualTo("channel ops-pager failing");
        assertThat(body.get("links")).hasSize(1);
        assertThat(body.has("client_url")).isFalse();
    }

    @Test
    void invalid_event_is_permanent_and_the_error_hides_the_routing_key() {
        receiver.enqueue(new Response(400, "{\"status\":\"invalid event\",\"errors\":[\"routing_key " + ROUTING_KEY
                + " is not known\"]}", Duration.ZERO));

        assertThatThrownBy(() -> pagerDuty.send(channel(""), Messages.trigger(), "k"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.statusCode()).isEqualTo(400);
                })
                .hasMessageContaining("127.0.0.1 answered HTTP 400")
                .hasMessageContaining("routing_key *** is not known")
                .message().doesNotContain(ROUTING_KEY);
    }

    @ParameterizedTest(name = "HTTP {0} is retried")
    @ValueSource(ints = {429, 500, 502, 503})
    void rate_limits_and_server_errors_are_retryable(int status) {
        receiver.enqueue(status);

        assertThatThrownBy(() -> pagerDuty.send(channel(""), Messages.trigger(), "k"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isFalse());
    }

    @Test
    void accepted_event_is_delivered() {
        assertThatCode(() -> pagerDuty.send(channel(""), Messages.trigger(), "k")).doesNotThrowAnyException();
        assertThat(receiver.requestCount()).isEqualTo(1);
    }

    @Test
    void stored_config_that_became_invalid_fails_permanently_without_sending() {
        Channel broken = new Channel(4, 7, PagerDutyChannel.KIND, "pager", "{\"url\": \"" + receiver.url("/") + "\"}",
                Messages.OPENED);

        assertThatThrownBy(() -> pagerDuty.send(broken, Messages.trigger(), "k"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessage("invalid pagerduty config: config.routingKey: is required");
        assertThat(receiver.requestCount()).isZero();
    }

    @Test
    void documented_trigger_example_is_what_is_sent() {
        PagerDutyConfig config = PagerDutyConfig.parse(DocExamples.json(PagerDutyChannel.KIND, "config").get("config").toString());

        assertThat(DocExamples.json(PagerDutyChannel.KIND, "trigger"))
                .isEqualTo(PagerDutyChannel.body(config, Messages.trigger()));
        assertThat(DocExamples.json(PagerDutyChannel.KIND, "resolve"))
                .isEqualTo(PagerDutyChannel.body(config, Messages.resolve()));
    }

    private JsonNode body(int i) {
        return DocExamples.read(receiver.requests().get(i).body());
    }

    private Channel channel(String extra) {
        return new Channel(4, 7, PagerDutyChannel.KIND, "pager",
                "{\"routingKey\": \"" + ROUTING_KEY + "\", \"url\": \"" + receiver.url("/v2/enqueue") + "\"" + extra + "}",
                Messages.OPENED);
    }
}

package dev.vigil.alert.channel.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.AlertText;
import dev.vigil.alert.DeliveryException;
import dev.vigil.alert.Messages;
import dev.vigil.alert.channel.DocExamples;
import dev.vigil.domain.Channel;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.RecordingHttpServer.Request;
import dev.vigil.testing.RecordingHttpServer.Response;
import dev.vigil.testing.TestOutbound;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlertmanagerChannelTest {
    private final RecordingHttpServer receiver = RecordingHttpServer.start();
    private final MutableClock clock = MutableClock.at("2025-03-01T02:10:05Z");
    private final AlertmanagerChannel alertmanager = new AlertmanagerChannel(TestOutbound.alertClient(), clock);

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void trigger_posts_one_firing_alert_ending_a_firing_ttl_from_now() {
        alertmanager.send(channel(", \"labels\": {\"team\": \"dba\"}"), Messages.trigger(), "k");

        Request request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v2/alerts");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Authorization")).isNull();
        assertThat(DocExamples.read(request.body())).isEqualTo(DocExamples.read("""
                [
                  {
                    "labels": {
                      "alertname": "VigilJobDown",
                      "severity": "critical",
                      "project": "prod",
                      "slug": "nightly-backup",
                      "vigil_incident": "vigil-ca272716600136104ad076db1501acb1-31",
                      "owner": "alice",
                      "team": "dba"
                    },
                    "annotations": {
                      "summary": "DOWN prod/nightly-backup: missed",
                      "description": "DOWN prod/nightly-backup: missed\\n\\nWhat: no start within grace (expected 02:00 UTC)\\nStatus: missed, healthy\\nSeverity: critical\\nSince: 2025-03-01T02:10:00Z\\nOwner: alice\\nTags: db, backup\\n\\nLast output:\\n    dumping schema public\\n    pg_dump: error: connection to server failed\\n\\nJob: https://vigil.example.com/ui/p/prod/jobs/nightly-backup\\nIncident: https://vigil.example.com/ui/p/prod/incidents/31\\n",
                      "job_url": "https://vigil.example.com/ui/p/prod/jobs/nightly-backup",
                      "incident_url": "https://vigil.example.com/ui/p/prod/incidents/31",
                      "last_output": "dumping schema public\\npg_dump: error: connection to server failed"
                    },
                    "startsAt": "2025-03-01T02:10:00Z",
                    "endsAt": "2025-03-08T02:10:05Z",
                    "generatorURL": "https://vigil.example.com/ui/p/prod/jobs/nightly-backup"
                  }
                ]"""));
    }

    @Test
    void resolve_sends_the_same_alert_ending_when_the_incident_resolved() {
        alertmanager.send(channel(""), Messages.resolve(), "k");

        JsonNode alert = alert(0);
        assertThat(alert.get("startsAt").asText()).isEqualTo("2025-03-01T02:10:00Z");
        assertThat(alert.get("endsAt").asText()).isEqualTo(Messages.RESOLVED.toString()).isEqualTo("2025-03-01T04:15:00Z");
        assertThat(alert.at("/annotations/summary").asText()).isEqualTo("RESOLVED prod/nightly-backup: up");
        assertThat(alert.at("/annotations/description").asText()).isEqualTo(AlertText.plain(Messages.resolve()));
    }

    @Test
    void every_message_of_one_incident_has_identical_labels_so_alertmanager_matches_them() {
        String config = ", \"labels\": {\"team\": \"dba\", \"env\": \"prod\"}";
        List<AlertMessage> life = List.of(Messages.trigger(), Messages.reminder(), Messages.acknowledge(), Messages.resolve());
        for (AlertMessage m : life) {
            alertmanager.send(channel(config), m, "k");
            clock.advance(Duration.ofMinutes(30));
        }

        List<JsonNode> labels = receiver.requests().stream().map(r -> DocExamples.read(r.body()).get(0).get("labels")).toList();
        assertThat(labels).hasSize(4).containsOnly(labels.get(0));
        assertThat(labels.get(0).get("vigil_incident").asText()).isEqualTo(Messages.KEY);
    }

    @Test
    void acknowledge_keeps_the_alert_firing_and_says_who_took_it() {
        clock.advance(Duration.ofMinutes(5));
        alertmanager.send(channel(""), Messages.acknowledge(), "k");

        JsonNode alert = alert(0);
        assertThat(alert.get("endsAt").asText()).isEqualTo("2025-03-08T02:15:05Z");
        assertThat(alert.at("/annotations/acknowledged_by").asText()).isEqualTo("alice");
        assertThat(alert.at("/annotations/acknowledge_comment").asText()).isEqualTo("looking at it");
        assertThat(alert.at("/annotations/summary").asText()).isEqualTo("ACKNOWLEDGED prod/nightly-backup by alice");
    }

    @Test
    void a_warning_that_became_critical_ends_the_warning_alert_beside_the_critical_one() {
        AlertMessage t = Messages.trigger();
        AlertMessage worse = new AlertMessage(t.action(), t.severity(), t.incidentId(), t.incidentKey(), t.openedAt(),
                t.jobUniqueKey(), t.project(), t.slug(), t.name(), t.owner(), t.tags(), t.kind(), t.status(), t.health(),
                t.reason(), t.since(), t.flipId(), t.jobUrl(), t.incidentUrl(), t.lastOutput(), 0, 0, null, null, false,
                AlertMessage.WARNING);

        alertmanager.send(channel(""), worse, "k");

        JsonNode alerts = DocExamples.read(receiver.requests().get(0).body());
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).at("/labels/alertname").asText()).isEqualTo("VigilJobDown");
        assertThat(alerts.get(0).get("endsAt").asText()).isEqualTo("2025-03-08T02:10:05Z");
        assertThat(alerts.get(1).at("/labels/alertname").asText()).isEqualTo("VigilJobWarning");
        assertThat(alerts.get(1).at("/labels/severity").asText()).isEqualTo("warning");
        assertThat(alerts.get(1).at("/labels/vigil_incident").asText()).isEqualTo(Messages.KEY);
        assertThat(alerts.get(1).get("endsAt").asText()).isEqualTo(t.since().toString());
    }

    @Test
    void warning_is_its_own_alertname_and_severity() {
        alertmanager.send(channel(""), Messages.warning(), "k");

        assertThat(alert(0).at("/labels/alertname").asText()).isEqualTo("VigilJobWarning");
        assertThat(alert(0).at("/labels/severity").asText()).isEqualTo("warning");
    }

    @Test
    void firing_ttl_sets_how_far_ahead_endsAt_is() {
        alertmanager.send(channel(", \"firingTtl\": \"PT4H\""), Messages.trigger(), "k");

        assertThat(alert(0).get("endsAt").asText()).isEqualTo("2025-03-01T06:10:05Z");
    }

    @Test
    void base_url_with_a_path_prefix_keeps_it() {
        alertmanager.send(new Channel(6, 7, "alertmanager", "am", "{\"url\": \"" + receiver.url("/am/") + "\"}",
                Messages.OPENED), Messages.trigger(), "k");

        assertThat(receiver.requests().get(0).path()).isEqualTo("/am/api/v2/alerts");
    }

    @Test
    void basic_auth_and_bearer_token_are_sent_as_authorization() {
        alertmanager.send(channel(", \"basicAuth\": {\"username\": \"vigil\", \"password\": \"pa55\"}"), Messages.trigger(), "k");
        alertmanager.send(channel(", \"bearerToken\": \"t0ken\""), Messages.trigger(), "k");

        String basic = Base64.getEncoder().encodeToString("vigil:pa55".getBytes(StandardCharsets.UTF_8));
        assertThat(receiver.requests().get(0).header("Authorization")).isEqualTo("Basic " + basic);
        assertThat(receiver.requests().get(1).header("Authorization")).isEqualTo("Bearer t0ken");
    }

    @Test
    void invalid_alert_is_permanent_and_the_error_hides_password_and_token() {
        String basic = Base64.getEncoder().encodeToString("vigil:pa55w0rd".getBytes(StandardCharsets.UTF_8));
        receiver.enqueue(new Response(400, "bad request: Authorization Basic " + basic + " password pa55w0rd", Duration.ZERO));
        receiver.enqueue(new Response(401, "token s3cr3t-t0ken rejected", Duration.ZERO));

        assertThatThrownBy(() -> alertmanager.send(channel(", \"basicAuth\": {\"username\": \"vigil\", \"password\": \"pa55w0rd\"}"),
                Messages.trigger(), "k"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessageContaining("answered HTTP 400")
                .message().doesNotContain("pa55w0rd").doesNotContain(basic);
        assertThatThrownBy(() -> alertmanager.send(channel(", \"bearerToken\": \"s3cr3t-t0ken\""), Messages.trigger(), "k"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isTrue())
                .message().doesNotContain("s3cr3t-t0ken");
    }

    @ParameterizedTest(name = "HTTP {0} is retried")
    @ValueSource(ints = {429, 500, 503})
    void rate_limits_and_server_errors_are_retryable(int status) {
        receiver.enqueue(status);

        assertThatThrownBy(() -> alertmanager.send(channel(""), Messages.trigger(), "k"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isFalse());
    }

    @Test
    void documented_examples_are_what_is_sent() {
        AlertmanagerConfig config = AlertmanagerConfig.parse(
                DocExamples.json(AlertmanagerChannel.KIND, "config").get("config").toString());

        assertThat(DocExamples.json(AlertmanagerChannel.KIND, "trigger"))
                .isEqualTo(AlertmanagerChannel.body(config, Messages.trigger(), clock.instant()));
        assertThat(DocExamples.json(AlertmanagerChannel.KIND, "resolve"))
                .isEqualTo(AlertmanagerChannel.body(config, Messages.resolve(), clock.instant()));
    }

    private JsonNode alert(int i) {
        return DocExamples.read(receiver.requests().get(i).body()).get(0);
    }

    private Channel channel(String extra) {
        return new Channel(6, 7, AlertmanagerChannel.KIND, "am", "{\"url\": \"" + receiver.url("") + "\"" + extra + "}",
                Messages.OPENED);
    }
}

package dev.vigil.alert.channel.opsgenie;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpsgenieChannelTest {
    private static final String API_KEY = "eb243592-faa2-4ba2-a551-1afdf565c889";

    private final RecordingHttpServer receiver = RecordingHttpServer.start()
            .respondAlways(new Response(202, "{\"result\":\"Request will be processed\",\"took\":0.2,\"requestId\":\"43a2\"}",
                    Duration.ZERO));
    private final OpsgenieChannel opsgenie = new OpsgenieChannel(TestOutbound.alertClient());

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void trigger_creates_an_alert_aliased_by_the_incident_key() {
        opsgenie.send(channel(", \"responders\": [{\"type\": \"team\", \"name\": \"DBA\"}, {\"type\": \"user\", \"name\": \"bob@example.com\"},"
                + " {\"type\": \"schedule\", \"id\": \"4513b7ea-3b91-438f-b7e4-e3e54af9147c\"}], \"tags\": [\"prod-db\"]"),
                Messages.trigger(), "k");

        Request request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v2/alerts");
        assertThat(request.header("Authorization")).isEqualTo("GenieKey " + API_KEY);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(DocExamples.read(request.body())).isEqualTo(DocExamples.read("""
                {
                  "message": "DOWN prod/nightly-backup: missed",
                  "alias": "vigil-ca272716600136104ad076db1501acb1-31",
                  "description": "DOWN prod/nightly-backup: missed\\n\\nWhat: no start within grace (expected 02:00 UTC)\\nStatus: missed, healthy\\nSeverity: critical\\nSince: 2025-03-01T02:10:00Z\\nOwner: alice\\nTags: db, backup\\n\\nLast output:\\n    dumping schema public\\n    pg_dump: error: connection to server failed\\n\\nJob: https://vigil.example.com/ui/p/prod/jobs/nightly-backup\\nIncident: https://vigil.example.com/ui/p/prod/incidents/31\\n",
                  "responders": [
                    {"type": "team", "name": "DBA"},
                    {"type": "user", "username": "bob@example.com"},
                    {"type": "schedule", "id": "4513b7ea-3b91-438f-b7e4-e3e54af9147c"}
                  ],
                  "tags": ["vigil", "critical", "db", "backup", "prod-db"],
                  "details": {
                    "project": "prod",
                    "job": "nightly-backup",
                    "owner": "alice",
                    "status": "missed",
                    "health": "healthy",
                    "jobUrl": "https://vigil.example.com/ui/p/prod/jobs/nightly-backup",
                    "incidentUrl": "https://vigil.example.com/ui/p/prod/incidents/31"
                  },
                  "entity": "prod/nightly-backup",
                  "source": "Vigil",
                  "priority": "P1"
                }"""));
    }

    @Test
    void acknowledge_acknowledges_the_alert_by_alias_with_actor_and_comment() {
        opsgenie.send(channel(""), Messages.acknowledge(), "k");

        Request request = receiver.requests().get(0);
        assertThat(request.path()).isEqualTo("/v2/alerts/" + Messages.KEY + "/acknowledge");
        assertThat(request.header("Authorization")).isEqualTo("GenieKey " + API_KEY);
        assertThat(DocExamples.read(request.body())).isEqualTo(DocExamples.read("""
                {"user": "alice", "source": "Vigil", "note": "looking at it"}"""));
    }

    @Test
    void resolve_closes_the_alert_by_alias_noting_what_happened() {
        opsgenie.send(channel(""), Messages.resolve(), "k");

        Request request = receiver.requests().get(0);
        assertThat(request.path()).isEqualTo("/v2/alerts/" + Messages.KEY + "/close");
        assertThat(DocExamples.read(request.body())).isEqualTo(DocExamples.read("""
                {"user": "Vigil", "source": "Vigil", "note": "RESOLVED prod/nightly-backup: up — succeeded"}"""));
    }

    @Test
    void acknowledge_and_close_identify_the_alert_by_an_encoded_alias() {
        OpsgenieConfig config = OpsgenieConfig.parse("{\"apiKey\": \"k\", \"apiUrl\": \"https://api.eu.opsgenie.com/\"}");
        AlertMessage odd = withKey(Messages.resolve(), "vigil a/b?c");

        assertThat(OpsgenieChannel.uri(config, odd).toString())
                .isEqualTo("https://api.eu.opsgenie.com/v2/alerts/vigil%20a%2Fb%3Fc/close?identifierType=alias");
        assertThat(OpsgenieChannel.uri(config, Messages.acknowledge()).toString())
                .isEqualTo("https://api.eu.opsgenie.com/v2/alerts/" + Messages.KEY + "/acknowledge?identifierType=alias");
        assertThat(OpsgenieChannel.uri(config, Messages.trigger()).toString())
                .isEqualTo("https://api.eu.opsgenie.com/v2/alerts");
    }

    @Test
    void warnings_get_the_warning_priority_and_tag() {
        opsgenie.send(channel(", \"priorityWarning\": \"P4\""), Messages.warning(), "k");

        JsonNode body = DocExamples.read(receiver.requests().get(0).body());
        assertThat(body.get("priority").asText()).isEqualTo("P4");
        assertThat(body.get("tags").get(1).asText()).isEqualTo("warning");
        assertThat(body.get("message").asText()).isEqualTo("WARNING prod/nightly-backup: late");
    }

    @Test
    void long_texts_are_cut_to_opsgenies_limits_and_tags_to_twenty() {
        List<String> manyTags = IntStream.range(0, 30).mapToObj(i -> "t" + i).toList();
        AlertMessage big = new AlertMessage(AlertMessage.TRIGGER, AlertMessage.CRITICAL, 31, Messages.KEY, Messages.OPENED,
                Messages.JOB, "prod", "s".repeat(200), "Big", null, manyTags, null, "failed", "unhealthy",
                "r".repeat(20_000), Messages.OPENED, 17, null, null, null, 0, 0, null, null, false);

        opsgenie.send(channel(""), big, "k");

        JsonNode body = DocExamples.read(receiver.requests().get(0).body());
        assertThat(body.get("message").asText()).hasSize(130).endsWith("…");
        assertThat(body.get("description").asText()).hasSize(15_000);
        assertThat(body.get("tags")).hasSize(20);
        assertThat(body.get("tags").get(0).asText()).isEqualTo("vigil");
        assertThat(body.get("details").has("owner")).isFalse();
    }

    @ParameterizedTest(name = "HTTP {0} is not retried")
    @ValueSource(ints = {401, 403, 422})
    void rejected_key_or_request_is_permanent_and_the_error_hides_the_key(int status) {
        receiver.enqueue(new Response(status, "{\"message\":\"Key " + API_KEY + " is invalid\"}", Duration.ZERO));

        assertThatThrownBy(() -> opsgenie.send(channel(""), Messages.trigger(), "k"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.statusCode()).isEqualTo(status);
                })
                .hasMessageContaining("answered HTTP " + status)
                .message().doesNotContain(API_KEY);
    }

    @ParameterizedTest(name = "HTTP {0} is retried")
    @ValueSource(ints = {429, 500, 503})
    void rate_limits_and_server_errors_are_retryable(int status) {
        receiver.enqueue(status);

        assertThatThrownBy(() -> opsgenie.send(channel(""), Messages.trigger(), "k"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isFalse());
    }

    @Test
    void documented_examples_are_what_is_sent() {
        OpsgenieConfig config = OpsgenieConfig.parse(DocExamples.json(OpsgenieChannel.KIND, "config").get("config").toString());

        assertThat(DocExamples.json(OpsgenieChannel.KIND, "trigger")).isEqualTo(OpsgenieChannel.body(config, Messages.trigger()));
        assertThat(DocExamples.json(OpsgenieChannel.KIND, "acknowledge"))
                .isEqualTo(OpsgenieChannel.body(config, Messages.acknowledge()));
        assertThat(DocExamples.json(OpsgenieChannel.KIND, "resolve")).isEqualTo(OpsgenieChannel.body(config, Messages.resolve()));
    }

    private static AlertMessage withKey(AlertMessage m, String key) {
        return new AlertMessage(m.action(), m.severity(), m.incidentId(), key, m.openedAt(), m.jobUniqueKey(), m.project(),
                m.slug(), m.name(), m.owner(), m.tags(), m.kind(), m.status(), m.health(), m.reason(), m.since(),
                m.flipId(), m.jobUrl(), m.incidentUrl(), m.lastOutput(), m.repeat(), m.step(), m.actor(), m.comment(),
                m.flapping());
    }

    private Channel channel(String extra) {
        return new Channel(5, 7, OpsgenieChannel.KIND, "genie",
                "{\"apiKey\": \"" + API_KEY + "\", \"apiUrl\": \"" + receiver.url("") + "\"" + extra + "}", Messages.OPENED);
    }
}

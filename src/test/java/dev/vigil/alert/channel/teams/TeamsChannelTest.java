package dev.vigil.alert.channel.teams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.DeliveryException;
import dev.vigil.alert.Fixtures;
import dev.vigil.alert.Messages;
import dev.vigil.domain.Channel;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.RecordingHttpServer.Request;
import dev.vigil.testing.RecordingHttpServer.Response;
import dev.vigil.testing.TestOutbound;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TeamsChannelTest {
    // A Workflows URL's secret is its sig query parameter; a connector's is in the path.
    private static final String WORKFLOW_PATH = "/workflows/0a1b2c3d/triggers/manual/paths/invoke";
    private static final String WORKFLOW_QUERY = "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=s3cr3tS1g";
    private static final String CONNECTOR_PATH = "/webhookb2/1111@2222/IncomingWebhook/s3cr3tT0k3n/3333";
    private static final String KEY = Messages.KEY + "-5";

    private final RecordingHttpServer receiver = RecordingHttpServer.start();
    private final TeamsChannel teams = new TeamsChannel(TestOutbound.alertClient());
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void trigger_is_an_adaptive_card_with_a_red_title_facts_output_and_links() throws Exception {
        JsonNode body = send(Messages.trigger());

        assertThat(body).isEqualTo(json.readTree("""
                {"type": "message", "attachments": [{
                  "contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": null,
                  "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4",
                    "body": [
                      {"type": "TextBlock", "text": "DOWN prod/nightly-backup: missed", "wrap": true,
                       "weight": "Bolder", "size": "Medium", "color": "Attention"},
                      {"type": "FactSet", "facts": [
                        {"title": "What", "value": "no start within grace (expected 02:00 UTC)"},
                        {"title": "Status", "value": "missed, healthy"},
                        {"title": "Severity", "value": "critical"},
                        {"title": "Since", "value": "2025-03-01T02:10:00Z"},
                        {"title": "Owner", "value": "alice"},
                        {"title": "Tags", "value": "db, backup"}]},
                      {"type": "TextBlock", "text": "Last output", "wrap": true, "weight": "Bolder"},
                      {"type": "TextBlock", "text": "dumping schema public\\n\\npg_dump: error: connection to server failed",
                       "wrap": true, "fontType": "Monospace"}],
                    "actions": [
                      {"type": "Action.OpenUrl", "title": "Open job", "url": "https://vigil.example.com/ui/p/prod/jobs/nightly-backup"},
                      {"type": "Action.OpenUrl", "title": "Incident", "url": "https://vigil.example.com/ui/p/prod/incidents/31"}]}}]}"""));
    }

    @Test
    void acknowledgement_is_a_warning_coloured_title_naming_who_with_their_comment() throws Exception {
        JsonNode card = send(Messages.acknowledge()).at("/attachments/0/content");

        assertThat(card.at("/body/0/text").asText()).isEqualTo("ACKNOWLEDGED prod/nightly-backup by alice");
        assertThat(card.at("/body/0/color").asText()).isEqualTo("Warning");
        assertThat(card.at("/body/1/facts/6")).isEqualTo(json.readTree("{\"title\": \"Acknowledged by\", \"value\": \"alice\"}"));
        assertThat(card.at("/body/1/facts/7")).isEqualTo(json.readTree("{\"title\": \"Comment\", \"value\": \"looking at it\"}"));
    }

    @Test
    void resolution_is_green_and_says_how_long_it_lasted() throws Exception {
        JsonNode card = send(Messages.resolve()).at("/attachments/0/content");

        assertThat(card.at("/body/0/text").asText()).isEqualTo("RESOLVED prod/nightly-backup: up");
        assertThat(card.at("/body/0/color").asText()).isEqualTo("Good");
        assertThat(card.at("/body/1/facts/3")).isEqualTo(
                json.readTree("{\"title\": \"Opened\", \"value\": \"2025-03-01T02:10:00Z (lasted 2h 5m)\"}"));
    }

    @Test
    void warning_is_warning_coloured() throws Exception {
        JsonNode card = send(Messages.warning()).at("/attachments/0/content");

        assertThat(card.at("/body/0/text").asText()).isEqualTo("WARNING prod/nightly-backup: late");
        assertThat(card.at("/body/0/color").asText()).isEqualTo("Warning");
    }

    @Test
    void alert_without_output_or_job_link_leaves_them_out() throws Exception {
        AlertMessage failing = new AlertMessage("trigger", "critical", 5, "vigil-channel-3-5", null, null, "prod", null,
                "channel ops-hook", null, null, null, null, null, "failing: HTTP 404", Messages.OPENED, 0,
                null, "https://vigil.example.com/ui/p/prod/incidents/5", null, 0, 0, null, null, false);

        JsonNode card = send(failing).at("/attachments/0/content");

        assertThat(card.get("body").size()).as("title and facts only").isEqualTo(2);
        assertThat(card.get("actions")).isEqualTo(json.readTree("""
                [{"type": "Action.OpenUrl", "title": "Incident", "url": "https://vigil.example.com/ui/p/prod/incidents/5"}]"""));
    }

    @Test
    void posts_json_to_the_url_as_given_query_included() {
        teams.send(channel(receiver.url(WORKFLOW_PATH + WORKFLOW_QUERY)), Messages.trigger(), KEY);

        Request request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(WORKFLOW_PATH);
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({"202, ''", "200, 1"})
    void workflows_202_and_connectors_200_are_both_deliveries(int status, String answer) {
        receiver.enqueue(new Response(status, answer, Duration.ZERO));

        assertThatCode(() -> teams.send(channel(receiver.url(CONNECTOR_PATH)), Messages.trigger(), KEY))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource(delimiter = '|', value = {
            "400 | {\"error\":{\"code\":\"InvalidRequestContent\",\"message\":\"The input body for trigger 'manual' of type 'Request' did not match its schema definition.\"}}",
            "401 | {\"error\":{\"code\":\"DirectApiInvalidAuthorizationSignature\",\"message\":\"The provided authorization signature is invalid.\"}}",
            "404 | {\"error\":{\"code\":\"WorkflowNotFound\",\"message\":\"The workflow was not found.\"}}",
            "410 | Gone",
    })
    void refusals_are_permanent_say_why_and_hide_the_secret(int status, String answer) {
        receiver.enqueue(new Response(status, answer, Duration.ZERO));

        assertThatThrownBy(() -> teams.send(channel(receiver.url(WORKFLOW_PATH + WORKFLOW_QUERY)), Messages.trigger(), KEY))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.statusCode()).isEqualTo(status);
                })
                .hasMessage("127.0.0.1 answered HTTP " + status + ": " + answer)
                .message().doesNotContain("s3cr3t").doesNotContain("/workflows");
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 502, 503})
    void throttling_and_server_errors_are_retried(int status) {
        receiver.enqueue(status);

        assertThatThrownBy(() -> teams.send(channel(receiver.url(CONNECTOR_PATH)), Messages.trigger(), KEY))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isFalse())
                .message().doesNotContain("s3cr3t");
    }

    @Test
    void an_unreachable_or_slow_receiver_is_retried_and_the_error_has_no_secret() {
        assertThatThrownBy(() -> teams.send(channel(RecordingHttpServer.refusingUrl(CONNECTOR_PATH)), Messages.trigger(), KEY))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isFalse())
                .message().contains("cannot connect to 127.0.0.1").doesNotContain("s3cr3t");

        receiver.enqueue(new Response(202, "", Duration.ofSeconds(3)));
        Channel slow = new Channel(5, Fixtures.PROJECT_ID, "teams", "ops-teams",
                "{\"url\": \"" + receiver.url(WORKFLOW_PATH + WORKFLOW_QUERY) + "\", \"timeout\": 0.2}", Fixtures.T0);
        assertThatThrownBy(() -> teams.send(slow, Messages.trigger(), KEY))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isFalse())
                .hasMessage("no response from 127.0.0.1 within PT0.2S");
    }

    private JsonNode send(AlertMessage message) throws Exception {
        teams.send(channel(receiver.url(WORKFLOW_PATH + WORKFLOW_QUERY)), message, KEY);
        return json.readTree(receiver.requests().getLast().body());
    }

    private static Channel channel(String url) {
        return new Channel(5, Fixtures.PROJECT_ID, "teams", "ops-teams", "{\"url\": \"" + url + "\"}", Fixtures.T0);
    }
}

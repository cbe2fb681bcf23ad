package dev.vigil.alert.channel.slack;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlackChannelTest {
    private static final String PATH = "/services/T0001/B0002/s3cr3tT0k3n";
    private static final String KEY = Messages.KEY + "-4";

    private final RecordingHttpServer receiver = RecordingHttpServer.start();
    private final SlackChannel slack = new SlackChannel(TestOutbound.alertClient());
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void critical_trigger_is_a_red_header_facts_output_context_and_buttons_mentioning_the_team() throws Exception {
        JsonNode body = send(Messages.trigger(), ", \"mentions\": [\"<!here>\", \"<@U0123ABCD>\"]");

        assertThat(body).isEqualTo(json.readTree("""
                {"text": "DOWN prod/nightly-backup: missed — no start within grace (expected 02:00 UTC) <!here> <@U0123ABCD>",
                 "blocks": [
                  {"type": "header", "text": {"type": "plain_text", "text": "🔴 DOWN prod/nightly-backup: missed", "emoji": true}},
                  {"type": "section", "text": {"type": "mrkdwn", "text": "<!here> <@U0123ABCD>"}},
                  {"type": "section", "fields": [
                    {"type": "mrkdwn", "text": "*What*\\nno start within grace (expected 02:00 UTC)"},
                    {"type": "mrkdwn", "text": "*Status*\\nmissed, healthy"},
                    {"type": "mrkdwn", "text": "*Severity*\\ncritical"},
                    {"type": "mrkdwn", "text": "*Since*\\n2025-03-01T02:10:00Z"},
                    {"type": "mrkdwn", "text": "*Owner*\\nalice"},
                    {"type": "mrkdwn", "text": "*Tags*\\ndb, backup"}]},
                  {"type": "section", "text": {"type": "mrkdwn",
                    "text": "*Last output*\\n```dumping schema public\\npg_dump: error: connection to server failed```"}},
                  {"type": "context", "elements": [{"type": "mrkdwn",
                    "text": "Incident `vigil-ca272716600136104ad076db1501acb1-31` · opened <!date^1740795000^{date_short_pretty} {time}|2025-03-01T02:10:00Z>"}]},
                  {"type": "actions", "elements": [
                    {"type": "button", "text": {"type": "plain_text", "text": "Open job", "emoji": true},
                     "url": "https://vigil.example.com/ui/p/prod/jobs/nightly-backup"},
                    {"type": "button", "text": {"type": "plain_text", "text": "Incident", "emoji": true},
                     "url": "https://vigil.example.com/ui/p/prod/incidents/31"}]}]}"""));
    }

    @Test
    void acknowledgement_is_yellow_names_who_and_mentions_nobody() throws Exception {
        JsonNode body = send(Messages.acknowledge(), ", \"mentions\": [\"<!here>\"]");

        assertThat(body.get("text").asText())
                .isEqualTo("ACKNOWLEDGED prod/nightly-backup by alice — no start within grace (expected 02:00 UTC)");
        assertThat(body.at("/blocks/0/text/text").asText()).isEqualTo("🟡 ACKNOWLEDGED prod/nightly-backup by alice");
        assertThat(texts(body.at("/blocks/1/fields"))).containsExactly(
                "*What*\nno start within grace (expected 02:00 UTC)", "*Status*\nmissed, healthy", "*Severity*\ncritical",
                "*Since*\n2025-03-01T02:10:00Z", "*Owner*\nalice", "*Tags*\ndb, backup", "*Acknowledged by*\nalice",
                "*Comment*\nlooking at it");
        assertThat(types(body)).containsExactly("header", "section", "section", "context", "actions");
    }

    @Test
    void resolution_is_green_and_says_how_long_it_lasted() throws Exception {
        JsonNode body = send(Messages.resolve(), ", \"mentions\": [\"<!here>\"]");

        assertThat(body.get("text").asText()).isEqualTo("RESOLVED prod/nightly-backup: up — succeeded");
        assertThat(body.at("/blocks/0/text/text").asText()).isEqualTo("🟢 RESOLVED prod/nightly-backup: up");
        assertThat(texts(body.at("/blocks/1/fields"))).containsExactly("*What*\nsucceeded", "*Status*\nup, healthy",
                "*Severity*\ncritical", "*Opened*\n2025-03-01T02:10:00Z (lasted 2h 5m)", "*Owner*\nalice", "*Tags*\ndb, backup");
        assertThat(types(body)).containsExactly("header", "section", "section", "context", "actions");
    }

    @Test
    void warning_is_orange_and_mentions_nobody() throws Exception {
        JsonNode body = send(Messages.warning(), ", \"mentions\": [\"<!here>\"]");

        assertThat(body.get("text").asText()).isEqualTo("WARNING prod/nightly-backup: late — start expected at 02:00 UTC");
        assertThat(body.at("/blocks/0/text/text").asText()).isEqualTo("🟠 WARNING prod/nightly-backup: late");
    }

    @Test
    void a_reminder_of_a_critical_incident_mentions_again() throws Exception {
        JsonNode body = send(Messages.reminder(), ", \"mentions\": [\"<!channel>\"]");

        assertThat(body.get("text").asText()).endsWith(" <!channel>");
        assertThat(body.at("/blocks/0/text/text").asText()).isEqualTo("🔴 DOWN prod/nightly-backup: missed (reminder 2)");
        assertThat(body.at("/blocks/1/text/text").asText()).isEqualTo("<!channel>");
    }

    @Test
    void username_and_icon_are_sent_only_when_configured() throws Exception {
        assertThat(send(Messages.trigger(), "").has("username")).isFalse();
        assertThat(json.readTree(receiver.requests().get(0).body()).has("icon_emoji")).isFalse();

        JsonNode body = send(Messages.trigger(), ", \"username\": \"Vigil\", \"iconEmoji\": \":rotating_light:\"");
        assertThat(body.get("username").asText()).isEqualTo("Vigil");
        assertThat(body.get("icon_emoji").asText()).isEqualTo(":rotating_light:");
    }

    @Test
    void alert_about_vigil_itself_without_output_or_opening_time_leaves_those_parts_out() throws Exception {
        AlertMessage failing = new AlertMessage("trigger", "critical", 5, "vigil-channel-3-5", null, null, "prod", null,
                "channel ops-hook", null, null, null, null, null, "failing: HTTP 404", Messages.OPENED, 0,
                null, "https://vigil.example.com/ui/p/prod/incidents/5", null, 0, 0, null, null, false);

        JsonNode body = send(failing, "");

        assertThat(types(body)).containsExactly("header", "section", "context", "actions");
        assertThat(body.at("/blocks/0/text/text").asText()).isEqualTo("🔴 DOWN channel ops-hook");
        assertThat(body.at("/blocks/2/elements/0/text").asText()).isEqualTo("Incident `vigil-channel-3-5`");
        assertThat(body.at("/blocks/3/elements/0/url").asText()).isEqualTo("https://vigil.example.com/ui/p/prod/incidents/5");
        assertThat(body.at("/blocks/3/elements").size()).isEqualTo(1);
    }

    @Test
    void posts_json_to_the_webhook_url() {
        slack.send(channel(""), Messages.trigger(), KEY);

        Request request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(PATH);
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    }

    @Test
    void ok_is_a_delivery() {
        receiver.enqueue(new Response(200, "ok", Duration.ZERO));

        assertThatCode(() -> slack.send(channel(""), Messages.trigger(), KEY)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"400, invalid_payload", "403, action_prohibited", "404, no_service", "410, channel_is_archived",
            "400, invalid_blocks"})
    void slacks_documented_refusals_are_permanent_and_say_why_without_the_token(int status, String reason) {
        receiver.enqueue(new Response(status, reason, Duration.ZERO));

        assertThatThrownBy(() -> slack.send(channel(""), Messages.trigger(), KEY))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.statusCode()).isEqualTo(status);
                })
                .hasMessage("127.0.0.1 answered HTTP " + status + ": " + reason)
                .message().doesNotContain("s3cr3tT0k3n");
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 503})
    void rate_limits_and_server_errors_are_retried(int status) {
        receiver.enqueue(new Response(status, status == 429 ? "rate_limited" : "rollup_error", Duration.ZERO));

        assertThatThrownBy(() -> slack.send(channel(""), Messages.trigger(), KEY))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isFalse())
                .message().doesNotContain("s3cr3tT0k3n");
    }

    @Test
    void an_unreachable_slack_is_retried_and_the_error_has_no_token() {
        Channel refusing = new Channel(4, Fixtures.PROJECT_ID, "slack", "ops",
                "{\"url\": \"" + RecordingHttpServer.refusingUrl(PATH) + "\"}", Fixtures.T0);

        assertThatThrownBy(() -> slack.send(refusing, Messages.trigger(), KEY))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isFalse())
                .message().contains("127.0.0.1").doesNotContain("s3cr3tT0k3n").doesNotContain("/services");
    }

    @Test
    void a_hand_edited_broken_config_fails_permanently_without_the_token() {
        Channel broken = new Channel(4, Fixtures.PROJECT_ID, "slack", "ops",
                "{\"url\": \"ftp://hooks.slack.com" + PATH + "\"}", Fixtures.T0);

        assertThatThrownBy(() -> slack.send(broken, Messages.trigger(), KEY))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessage("invalid slack config: config.url: must be an http(s) URL");
    }

    private JsonNode send(AlertMessage message, String extraConfig) throws Exception {
        slack.send(channel(extraConfig), message, KEY);
        return json.readTree(receiver.requests().getLast().body());
    }

    private Channel channel(String extraConfig) {
        return new Channel(4, Fixtures.PROJECT_ID, "slack", "ops",
                "{\"url\": \"" + receiver.url(PATH) + "\"" + extraConfig + "}", Fixtures.T0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> { if (n.has("text") && n.get("text").isTextual()) texts.add(n.get("text").asText()); });
        return texts;
    }

    private static List<String> types(JsonNode body) {
        List<String> types = new ArrayList<>();
        body.get("blocks").forEach(b -> types.add(b.get("type").asText()));
        return types;
    }
}

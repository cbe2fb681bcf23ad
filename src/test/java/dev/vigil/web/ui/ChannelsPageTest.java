package dev.vigil.web.ui;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alert.channel.webhook.WebhookSignature;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The channels page: list, create and edit through the kinds' own validation, secrets kept and never shown, test, delete. */
class ChannelsPageTest {
    static final String PAGE = "/ui/p/ops/channels";
    static final String SECRET = "whsec-do-not-show-4711";
    final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    TestServer server;
    RecordingHttpServer receiver;
    UiClient admin;

    @BeforeEach
    void start() {
        server = TestServer.start(clock);
        server.createProject("ops");
        receiver = RecordingHttpServer.start();
        admin = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
    }

    @AfterEach
    void stop() {
        receiver.close();
        server.closeAndDelete();
    }

    private JsonNode channels() {
        return server.get("/api/v1/projects/ops/channels").json().get("channels");
    }

    private static Map<String, String> form(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }

    private long createWebhook() {
        admin.get(PAGE);
        HttpResponse<String> r = admin.post(PAGE, form("kind", "webhook", "name", "ops-hook", "config.url", receiver.url("/hook"),
                "config.secret", SECRET, "config.headers", "{\"X-Team\": \"dba\"}", "config.timeout", "PT5S"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("HX-Redirect").orElseThrow()).isEqualTo(PAGE + "?done=created");
        return channels().get(0).get("id").asLong();
    }

    @Test
    void creating_a_webhook_from_the_form_stores_what_the_api_would_and_is_audited() {
        long id = createWebhook();

        JsonNode c = channels().get(0);
        assertThat(c.get("kind").asText()).isEqualTo("webhook");
        assertThat(c.get("name").asText()).isEqualTo("ops-hook");
        String page = admin.get(PAGE + "?done=created").body();
        assertThat(page).contains("aria-current=\"page\">Channels").contains("Channel created.")
                .contains("data-channel=\"" + id + "\" data-name=\"ops-hook\" data-failing=\"false\"").contains("<code>webhook</code>")
                .contains("data-action=\"test\"").contains("data-action=\"edit\"").contains("hx-confirm=\"Delete channel ops-hook?")
                .doesNotContain(SECRET);
        JsonNode entry = server.get("/api/v1/audit?action=channel.create").json().get("entries").get(0);
        assertThat(entry.get("actor").get("kind").asText()).isEqualTo("session");
        assertThat(entry.toString()).doesNotContain(SECRET).doesNotContain("dba");

        // The receiver sees the settings the form gave: the extra header, the signature with the secret.
        admin.post(PAGE + "/" + id + "/test", Map.of());
        RecordingHttpServer.Request got = receiver.requests().getFirst();
        assertThat(got.header("X-Team")).isEqualTo("dba");
        assertThat(WebhookSignature.verify(SECRET, got.header("X-Vigil-Timestamp"), got.body(), got.header("X-Vigil-Signature"),
                clock, Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void the_kind_decides_the_fields_and_an_error_is_shown_next_to_the_field_it_names() {
        String page = admin.get(PAGE).body();
        assertThat(page).contains("name=\"config.url\"").contains("name=\"config.secret\"").contains("type=\"password\"")
                .contains("<option value=\"pagerduty\">pagerduty</option>");
        assertThat(admin.get(PAGE + "/form?kind=pagerduty&name=pd").body()).contains("name=\"config.routingKey\"")
                .contains("value=\"pd\"").doesNotContain("name=\"config.secret\"");

        HttpResponse<String> badUrl = admin.post(PAGE, form("kind", "webhook", "name", "h", "config.url", "ftp://example.com/x",
                "config.secret", SECRET));
        assertThat(badUrl.statusCode()).isEqualTo(200);
        assertThat(badUrl.body()).startsWith("<section id=\"channel-form\"").contains("data-error=\"config.url\" role=\"alert\">")
                .contains("value=\"ftp://example.com/x\"").doesNotContain(SECRET);
        assertThat(admin.post(PAGE, form("kind", "webhook", "config.url", receiver.url("/h"))).body()).contains("data-error=\"name\" role=\"alert\">is required</p>");
        assertThat(admin.post(PAGE, form("kind", "webhook", "name", "h", "config.url", receiver.url("/h"), "config.headers", "{nope")).body())
                .contains("data-error=\"config.headers\" role=\"alert\">is not valid JSON");
        assertThat(admin.post(PAGE, form("kind", "webhook", "name", "h", "config.url", receiver.url("/h"), "config.headers", "{\"Idempotency-Key\": \"x\"}")).body())
                .contains("data-error=\"config.headers\" role=\"alert\">is set by Vigil and cannot be configured</p>");
        assertThat(admin.post(PAGE, form("kind", "email", "name", "mail", "config.host", "smtp.example.com", "config.port", "many",
                "config.from", "vigil@example.com", "config.to", "ops@example.com")).body()).contains("data-error=\"config.port\" role=\"alert\">must be a whole number</p>");
        HttpResponse<String> plain = admin.postForm(PAGE, Map.of("_csrf", admin.csrf(), "kind", "slack", "name", "s"));
        assertThat(plain.statusCode()).isEqualTo(422);
        assertThat(plain.body()).contains("<html").contains("data-error=\"config.url\"");
        assertThat(channels()).isEmpty();

        createWebhook();
        assertThat(admin.post(PAGE, form("kind", "log", "name", "ops-hook")).body()).contains("data-error=\"name\" role=\"alert\">");
    }

    @Test
    void editing_keeps_a_secret_left_empty_and_never_shows_it() {
        long id = createWebhook();

        String edit = admin.get(PAGE + "/" + id).body();
        assertThat(edit).contains("<code>" + receiver.url("/") + "…</code>").doesNotContain(receiver.url("/hook")).contains("value=\"PT5S\"")
                .contains("data-secret-set=\"config.url\"").contains("data-secret-set=\"config.secret\"").contains("data-secret-set=\"config.headers\"")
                .contains("leave this empty to keep it").doesNotContain(SECRET).doesNotContain("X-Team");

        HttpResponse<String> saved = admin.post(PAGE + "/" + id, form("kind", "webhook", "name", "team-hook", "config.url", receiver.url("/v2"),
                "config.secret", "", "config.headers", "", "fallback", "on"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(saved.headers().firstValue("HX-Redirect").orElseThrow()).isEqualTo(PAGE + "?done=saved");
        JsonNode c = channels().get(0);
        assertThat(c.get("name").asText()).isEqualTo("team-hook");
        assertThat(c.get("fallback").asBoolean()).isTrue();
        assertThat(server.get("/api/v1/audit?action=channel.update").json().get("entries")).hasSize(1);

        admin.post(PAGE + "/" + id + "/test", Map.of());
        RecordingHttpServer.Request got = receiver.requests().getFirst();
        assertThat(got.path()).isEqualTo("/v2");
        assertThat(got.header("X-Team")).as("headers kept").isEqualTo("dba");
        assertThat(WebhookSignature.verify(SECRET, got.header("X-Vigil-Timestamp"), got.body(), got.header("X-Vigil-Signature"),
                clock, Duration.ofMinutes(5))).as("secret kept").isTrue();

        HttpResponse<String> bad = admin.post(PAGE + "/" + id, form("kind", "webhook", "name", "team-hook", "config.url", "nope",
                "config.secret", "a-new-secret-typed"));
        assertThat(bad.body()).contains("data-error=\"config.url\"").doesNotContain("a-new-secret-typed").doesNotContain(SECRET);
    }

    @Test
    void send_a_test_shows_what_the_receiver_answered() {
        long id = createWebhook();
        receiver.respondAlways(new RecordingHttpServer.Response(500, "the <b>database</b> is down", Duration.ZERO));

        HttpResponse<String> r = admin.post(PAGE + "/" + id + "/test", Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"channel-test-" + id + "\"").contains("data-delivered=\"false\"").contains("Not delivered")
                .contains("HTTP 500").contains("127.0.0.1 answered HTTP 500: the &lt;b&gt;database&lt;/b&gt; is down");
        assertThat(receiver.requestCount()).isEqualTo(1);

        receiver.respondAlways(new RecordingHttpServer.Response(200, "thanks", Duration.ZERO));
        assertThat(admin.post(PAGE + "/" + id + "/test", Map.of()).body()).contains("data-delivered=\"true\"")
                .contains("the receiver answered HTTP 200").contains("data-answer>thanks</pre>");
        assertThat(server.get("/api/v1/audit?action=channel.test").json().get("entries")).hasSize(2);
    }

    @Test
    void delete_asks_first_and_is_refused_while_a_route_names_the_channel() {
        long id = createWebhook();
        assertThat(server.put("/api/v1/projects/ops/routes", "{\"routes\": [{\"channels\": [\"ops-hook\"]}]}").status()).isEqualTo(200);

        HttpResponse<String> refused = admin.post(PAGE + "/" + id + "/delete", Map.of());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("used by route routes[0]");
        assertThat(channels()).hasSize(1);

        assertThat(server.put("/api/v1/projects/ops/routes", "{\"routes\": []}").status()).isEqualTo(200);
        HttpResponse<String> deleted = admin.post(PAGE + "/" + id + "/delete", Map.of());
        assertThat(deleted.headers().firstValue("HX-Redirect").orElseThrow()).isEqualTo(PAGE + "?done=deleted");
        assertThat(channels()).isEmpty();
        assertThat(server.get("/api/v1/audit?action=channel.delete").json().get("entries")).hasSize(1);
    }

    @Test
    void viewers_see_the_list_without_forms_and_may_not_change_anything() {
        long id = createWebhook();
        UiClient viewer = UiClient.loggedIn(server, createKey(server, TestServer.ADMIN_KEY, "vic", "viewer", "ops").get("key").asText());

        String page = viewer.get(PAGE).body();

        assertThat(page).contains("ops-hook").doesNotContain("data-action=\"test\"").doesNotContain("channel-form")
                .doesNotContain("data-action=\"delete\"");
        assertThat(viewer.post(PAGE, form("kind", "log", "name", "x")).statusCode()).isEqualTo(403);
        assertThat(viewer.post(PAGE + "/" + id + "/test", Map.of()).statusCode()).isEqualTo(403);
        assertThat(viewer.get(PAGE + "/" + id).statusCode()).isEqualTo(403);
        assertThat(viewer.post(PAGE + "/" + id + "/delete", Map.of()).statusCode()).isEqualTo(403);
        assertThat(receiver.requestCount()).isZero();
        assertThat(channels()).hasSize(1);
    }
}

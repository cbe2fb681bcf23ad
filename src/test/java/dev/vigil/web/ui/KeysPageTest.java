package dev.vigil.web.ui;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API keys page: admins only; the secret shown once; revoked keys stop working; every change audited. */
class KeysPageTest {
    static final String PAGE = "/ui/keys";
    static final Pattern SECRET = Pattern.compile("<code id=\"new-key-secret\" data-secret>([^<]+)</code>");
    final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    TestServer server;
    UiClient admin;

    @BeforeEach
    void start() {
        server = TestServer.start(clock);
        server.createProject("ops");
        server.createProject("web");
        admin = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    private int status(String key, String path) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(path))).header("Authorization", "Bearer " + key)).status();
    }

    @Test
    void a_new_key_is_shown_once_works_and_stops_working_when_revoked() {
        admin.get(PAGE);

        HttpResponse<String> created = admin.postForm(PAGE, Map.of("_csrf", admin.csrf(), "name", "ci-deploys", "role", "editor", "project", "ops"));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.headers().firstValue("Cache-Control").orElseThrow()).isEqualTo("no-store");
        Matcher m = SECRET.matcher(created.body());
        assertThat(m.find()).isTrue();
        String secret = m.group(1);
        assertThat(created.body()).contains("it will not be shown again").contains("data-copy=\"#new-key-secret\"");
        assertThat(status(secret, "/api/v1/jobs?project=ops")).isEqualTo(200);
        assertThat(status(secret, "/api/v1/jobs?project=web")).isEqualTo(403);

        String page = admin.get(PAGE).body();
        JsonNode key = server.get("/api/v1/keys").json().get("keys").get(1);
        assertThat(page).contains("data-key=\"" + key.get("id").asText() + "\" data-name=\"ci-deploys\"").contains(">editor<")
                .contains(">ops<").contains("<code>" + key.get("prefix").asText() + "…</code>").doesNotContain(secret)
                .doesNotContain("new-key-secret").contains("(this session)");
        JsonNode entry = server.get("/api/v1/audit?action=key.create").json().get("entries");
        assertThat(entry.toString()).contains("ci-deploys").contains("\"session\"").doesNotContain(secret);

        HttpResponse<String> revoked = admin.post(PAGE + "/" + key.get("id").asText() + "/revoke", Map.of());
        assertThat(revoked.headers().firstValue("HX-Redirect").orElseThrow()).isEqualTo(PAGE + "?done=revoked");
        assertThat(status(secret, "/api/v1/jobs?project=ops")).isEqualTo(401);
        assertThat(admin.get(PAGE + "?done=revoked").body()).contains("Key revoked").doesNotContain("data-name=\"ci-deploys\"");
        assertThat(server.get("/api/v1/audit?action=key.delete").json().get("entries")).hasSize(1);
    }

    @Test
    void a_bad_field_is_shown_next_to_it_and_creates_nothing() {
        admin.get(PAGE);

        HttpResponse<String> noName = admin.postForm(PAGE, Map.of("_csrf", admin.csrf(), "name", " ", "role", "viewer", "project", ""));
        assertThat(noName.statusCode()).isEqualTo(422);
        assertThat(noName.body()).contains("data-error=\"name\" role=\"alert\">is required</p>").doesNotContain("new-key-secret");
        assertThat(admin.postForm(PAGE, Map.of("_csrf", admin.csrf(), "name", "x", "role", "boss", "project", "")).body())
                .contains("data-error=\"role\" role=\"alert\">");
        assertThat(admin.postForm(PAGE, Map.of("_csrf", admin.csrf(), "name", "x", "role", "viewer", "project", "nope")).body())
                .contains("data-error=\"project\" role=\"alert\">no project 'nope'</p>");
        assertThat(server.get("/api/v1/keys").json().get("keys")).hasSize(1);
    }

    @Test
    void only_admins_see_the_page_and_a_project_admin_only_its_project() {
        String viewerKey = createKey(server, TestServer.ADMIN_KEY, "vic", "viewer", null).get("key").asText();
        String opsAdminKey = createKey(server, TestServer.ADMIN_KEY, "ops-admin", "admin", "ops").get("key").asText();
        createKey(server, TestServer.ADMIN_KEY, "web-bot", "operator", "web");

        UiClient viewer = UiClient.loggedIn(server, viewerKey);
        assertThat(viewer.get("/ui/p/ops").body()).doesNotContain("href=\"/ui/keys\"");
        assertThat(viewer.get(PAGE).statusCode()).isEqualTo(403);
        assertThat(viewer.post(PAGE, Map.of("name", "x", "role", "admin")).statusCode()).isEqualTo(403);
        assertThat(admin.get("/ui/p/ops").body()).contains("href=\"/ui/keys\"");

        UiClient opsAdmin = UiClient.loggedIn(server, opsAdminKey);
        String page = opsAdmin.get(PAGE).body();
        assertThat(page).contains("data-name=\"ops-admin\"").doesNotContain("web-bot").doesNotContain("data-name=\"vic\"")
                .doesNotContain("every project</option>").contains("<option value=\"ops\"");
        assertThat(opsAdmin.postForm(PAGE, Map.of("_csrf", opsAdmin.csrf(), "name", "x", "role", "viewer", "project", "")).statusCode())
                .isEqualTo(403);
    }
}

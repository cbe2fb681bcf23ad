package dev.vigil.web.ui;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard's login, session cookie and CSRF protection, through a real server. */
class DashboardAuthTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(MutableClock.at("2026-06-01T10:00:00Z"));
        server.createProject("alpha");
        server.createProject("beta");
        assertThat(server.put("/api/v1/jobs/alpha/backup", "{\"every\": \"1h\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    private static String key(String role, String project) {
        return createKey(server, TestServer.ADMIN_KEY, role + "-" + project, role, project).get("key").asText();
    }

    @Test
    void a_page_without_a_session_redirects_to_the_login_page_and_back() {
        UiClient anon = new UiClient(server);

        HttpResponse<String> r = anon.get("/ui/p/alpha?status=new");

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).contains("/ui/login?next=%2Fui%2Fp%2Falpha%3Fstatus%3Dnew");
    }

    @Test
    void logging_in_sets_an_http_only_same_site_cookie_and_opens_the_board() {
        UiClient ui = new UiClient(server);

        HttpResponse<String> r = ui.login(TestServer.ADMIN_KEY);

        assertThat(r.statusCode()).isEqualTo(302);
        String setCookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(UiAuth.COOKIE + "=")).findFirst().orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/ui");
        HttpCookie cookie = ui.cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(UiAuth.COOKIE)).findFirst().orElseThrow();
        assertThat(cookie.getValue()).doesNotContain(TestServer.ADMIN_KEY);
        HttpResponse<String> home = ui.get("/ui");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("data-project=\"alpha\"").contains("href=\"/ui/p/alpha\"");
        HttpResponse<String> board = ui.get("/ui/p/alpha");
        assertThat(board.statusCode()).isEqualTo(200);
        assertThat(board.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(board.headers().firstValue("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(board.body()).contains("data-job=\"backup\"").contains("New");
    }

    @Test
    void a_wrong_key_or_an_agent_key_is_refused_with_a_message_and_no_session() {
        UiClient ui = new UiClient(server);
        HttpResponse<String> wrong = ui.login("vk_not_a_key");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("unknown API key");

        HttpResponse<String> agent = ui.login(key("agent", null));
        assertThat(agent.statusCode()).isEqualTo(400);
        assertThat(agent.body()).contains("an agent key cannot open the dashboard");
        assertThat(ui.get("/ui/p/alpha").statusCode()).isEqualTo(302);
    }

    @Test
    void a_login_without_the_form_token_is_refused() {
        UiClient ui = new UiClient(server);
        HttpResponse<String> r = ui.postForm("/ui/login", Map.of("key", TestServer.ADMIN_KEY));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(ui.get("/ui/p/alpha").statusCode()).isEqualTo(302);
    }

    @Test
    void a_post_without_the_csrf_token_is_refused_and_changes_nothing() {
        UiClient ui = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
        ui.get("/ui/p/alpha");

        HttpResponse<String> r = ui.postForm("/ui/logout", Map.of());

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(ui.get("/ui/p/alpha").statusCode()).as("still logged in").isEqualTo(200);
        HttpResponse<String> forged = ui.postForm("/ui/logout", Map.of("_csrf", "forged"));
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void logout_ends_the_session() {
        UiClient ui = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
        ui.get("/ui/p/alpha");

        HttpResponse<String> r = ui.post("/ui/logout", Map.of());

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(ui.get("/ui/p/alpha").statusCode()).isEqualTo(302);
    }

    @Test
    void deleting_the_key_ends_its_sessions_at_once() {
        var created = createKey(server, TestServer.ADMIN_KEY, "temp", "viewer", null);
        UiClient ui = UiClient.loggedIn(server, created.get("key").asText());
        assertThat(ui.get("/ui/p/alpha").statusCode()).isEqualTo(200);

        assertThat(server.delete("/api/v1/keys/" + created.get("id").asText()).status()).isEqualTo(204);

        assertThat(ui.get("/ui/p/alpha").statusCode()).isEqualTo(302);
    }

    @Test
    void a_project_key_sees_only_its_project() {
        UiClient ui = UiClient.loggedIn(server, key("viewer", "beta"));

        assertThat(ui.get("/ui/p/beta").statusCode()).isEqualTo(200);
        HttpResponse<String> other = ui.get("/ui/p/alpha");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("Not allowed");
        assertThat(ui.get("/ui/p/beta").body()).doesNotContain("/ui/p/alpha\"").doesNotContain("href=\"/ui/agents\"");
    }

    @Test
    void an_unknown_project_is_a_not_found_page() {
        UiClient ui = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
        HttpResponse<String> r = ui.get("/ui/p/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("no project 'nope'").contains("<html");
    }

    @Test
    void the_front_end_libraries_are_served_from_their_webjars() {
        UiClient anon = new UiClient(server);
        for (String path : new String[] {Assets.HTMX, Assets.UPLOT_JS, Assets.UPLOT_CSS, "/ui/assets/vigil.css", "/ui/assets/vigil.js"}) {
            HttpResponse<String> r = anon.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).isNotBlank();
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).as(path).matches("text/(css|javascript).*");
        }
        assertThat(anon.get(Assets.HTMX).headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("immutable"));
        assertThat(anon.get("/ui/assets/favicon.svg").headers().firstValue("Content-Type")).contains("image/svg+xml");
        assertThat(anon.get("/ui/assets/../../db/migration/sqlite/V1__init.sql").statusCode()).isEqualTo(404);
        assertThat(anon.get("/webjars/htmx.org/2.0.8/package.json").statusCode()).isEqualTo(404);
    }
}

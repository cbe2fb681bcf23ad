package dev.vigil.web.ui;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard's changes in the audit log as the session, logins and failed logins, and the admins' audit page. */
class AuditPageTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(MutableClock.at("2026-06-01T10:00:00Z"));
        server.createProject("alpha");
        server.createProject("beta");
        assertThat(server.put("/api/v1/jobs/alpha/backup", "{\"every\": \"1h\"}").status()).isEqualTo(201);
        assertThat(server.put("/api/v1/jobs/beta/report", "{\"every\": \"1h\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    private static List<JsonNode> entries(String query) {
        List<JsonNode> list = new ArrayList<>();
        server.get("/api/v1/audit" + query).json().get("entries").forEach(list::add);
        return list;
    }

    private static String key(String name, String role, String project) {
        return createKey(server, TestServer.ADMIN_KEY, name, role, project).get("key").asText();
    }

    @Test
    void a_dashboard_change_is_recorded_as_the_session_after_its_login() {
        String operator = key("night-operator", "operator", "alpha");
        UiClient ui = UiClient.loggedIn(server, operator);
        ui.get("/ui/p/alpha/jobs/backup");

        assertThat(ui.post("/ui/p/alpha/jobs/backup/pause", Map.of()).statusCode()).isLessThan(400);

        JsonNode pause = entries("?action=job.pause&target=alpha/backup").getFirst();
        assertThat(pause.get("actor").get("kind").asText()).isEqualTo("session");
        assertThat(pause.get("actor").get("name").asText()).isEqualTo("night-operator");
        assertThat(pause.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(pause.get("before").get("paused").asBoolean()).isFalse();
        assertThat(pause.get("after").get("paused").asBoolean()).isTrue();
        JsonNode login = entries("?action=login&actor=night-operator").getFirst();
        assertThat(login.get("actor").get("kind").asText()).isEqualTo("session");
        assertThat(login.get("project").asText()).isEqualTo("alpha");
    }

    @Test
    void a_failed_login_is_recorded_without_the_key_tried() {
        UiClient ui = new UiClient(server);
        assertThat(ui.login("vk_guessed_secret_123").statusCode()).isEqualTo(400);

        JsonNode failed = entries("?action=login.failed").getFirst();
        assertThat(failed.get("actor").get("name").asText()).isEqualTo("unknown key");
        assertThat(failed.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(server.get("/api/v1/audit").body()).doesNotContain("vk_guessed_secret_123");
    }

    @Test
    void the_audit_page_is_for_admins_and_a_project_admin_sees_its_project_only() {
        server.post("/api/v1/jobs/beta/report/pause", "");
        UiClient admin = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
        HttpResponse<String> all = admin.get("/ui/audit");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains("href=\"/ui/audit\"").contains("data-action=\"job.pause\"").contains("beta/report");
        HttpResponse<String> filtered = admin.get("/ui/audit?action=job.create&target=alpha/backup");
        assertThat(filtered.body()).contains("alpha/backup").doesNotContain("beta/report").doesNotContain("data-action=\"job.pause\"");

        UiClient alphaAdmin = UiClient.loggedIn(server, key("alpha-admin", "admin", "alpha"));
        HttpResponse<String> own = alphaAdmin.get("/ui/audit");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("alpha/backup").doesNotContain("beta/report");

        UiClient editor = UiClient.loggedIn(server, key("an-editor", "editor", null));
        assertThat(editor.get("/ui/audit").statusCode()).isEqualTo(403);
        assertThat(editor.get("/ui/p/alpha").body()).doesNotContain("href=\"/ui/audit\"");
    }

    @Test
    void logging_out_is_recorded() {
        UiClient ui = UiClient.loggedIn(server, key("leaving", "viewer", null));
        ui.get("/ui/p/alpha");
        ui.post("/ui/logout", Map.of());
        assertThat(entries("?action=logout&actor=leaving")).hasSize(1);
    }
}

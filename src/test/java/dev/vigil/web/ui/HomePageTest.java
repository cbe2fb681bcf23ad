package dev.vigil.web.ui;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The landing page across projects, how to define the first job, and creating a project from the dashboard. */
class HomePageTest {
    final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(clock);
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    private void ping(String project, String slug, String suffix) {
        String uuid = server.get("/api/v1/jobs/" + project + "/" + slug).json().get("uuid").asText();
        assertThat(server.ping("/ping/" + uuid + suffix, "").status()).isEqualTo(200);
    }

    @Test
    void each_project_shows_its_jobs_per_status_with_the_red_and_unhealthy_ones_marked() {
        server.createProject("prod");
        server.createProject("dev");
        for (String slug : new String[] {"a", "b", "c"}) {
            assertThat(server.put("/api/v1/jobs/prod/" + slug, "{\"every\": \"1h\"}").status()).isEqualTo(201);
        }
        assertThat(server.put("/api/v1/jobs/dev/d", "{\"every\": \"1h\"}").status()).isEqualTo(201);
        ping("prod", "a", "");
        ping("prod", "b", "/fail");
        ping("prod", "b", "/fail");

        UiClient admin = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
        HttpResponse<String> r = admin.get("/ui");

        assertThat(r.statusCode()).isEqualTo(200);
        String body = r.body();
        String prod = body.substring(body.indexOf("data-project=\"prod\""), body.indexOf("</li>\n  \n    <li", body.indexOf("data-project=\"prod\"")) > 0
                ? body.indexOf("</li>\n  \n    <li", body.indexOf("data-project=\"prod\"")) : body.length());
        assertThat(body).contains("project-card red\" data-project=\"prod\"").contains("project-card\" data-project=\"dev\"");
        assertThat(prod).contains("3 jobs").contains("data-red=\"1\"")
                .contains("data-count=\"failed\" href=\"/ui/p/prod?status=failed\"")
                .contains("data-count=\"up\"").contains("data-count=\"new\"")
                .contains("data-count=\"unhealthy\" href=\"/ui/p/prod?health=unhealthy\"");
        assertThat(body).contains("href=\"/ui/p/dev\"").doesNotContain("data-first-job");
        String live = admin.get("/ui?fragment=1").body().strip();
        assertThat(live).startsWith("<ul class=\"projects\" id=\"projects\" data-live=\"/ui?fragment=1\"")
                .contains("data-red=\"1\"").doesNotContain("<html");
    }

    @Test
    void a_project_key_sees_only_its_project() {
        server.createProject("prod");
        server.createProject("dev");
        String key = createKey(server, TestServer.ADMIN_KEY, "dev-viewer", "viewer", "dev").get("key").asText();
        String body = UiClient.loggedIn(server, key).get("/ui").body();
        assertThat(body).contains("data-project=\"dev\"").doesNotContain("data-project=\"prod\"").doesNotContain("data-action=\"create-project\"");
    }

    @Test
    void an_empty_install_shows_how_to_begin_and_an_admin_creates_a_project_from_the_form() {
        UiClient admin = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
        String empty = admin.get("/ui").body();
        assertThat(empty).contains("There is no project yet").contains("vigil apply -f jobs.yaml")
                .contains("projects:\n  dev:\n    jobs:\n      - slug: backup\n        schedule:\n          cron: \"0 2 * * *\"")
                .contains("data-action=\"create-project\"").doesNotContain("PUT /api/v1");

        HttpResponse<String> bad = admin.post("/ui/projects", Map.of("slug", "No Good", "name", "Kept"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("data-error=\"slug\"").contains("value=\"No Good\"").contains("value=\"Kept\"");

        HttpResponse<String> r = admin.post("/ui/projects", Map.of("slug", "qa", "name", "Quality"));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/ui/p/qa");
        assertThat(server.get("/api/v1/projects/qa").json().get("name").asText()).isEqualTo("Quality");
        var audit = server.get("/api/v1/audit?action=project.create").json().get("entries").get(0);
        assertThat(audit.get("target").asText()).isEqualTo("qa");
        assertThat(audit.get("actor").get("kind").asText()).isEqualTo("session");

        HttpResponse<String> again = admin.post("/ui/projects", Map.of("slug", "qa", "name", ""));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("data-error=\"slug\"");

        String first = admin.get("/ui").body();
        assertThat(first).contains("Your first job").contains("href=\"/ui/p/qa/new-job\"").contains("  qa:\n    jobs:");
        String board = admin.get("/ui/p/qa").body();
        assertThat(board).contains("No jobs in this project yet.").contains("vigil apply -f jobs.yaml").contains("href=\"/ui/p/qa/new-job\"")
                .doesNotContain("PUT /api/v1");
    }

    @Test
    void only_admins_valid_in_every_project_create_projects() {
        server.createProject("prod");
        String editor = createKey(server, TestServer.ADMIN_KEY, "ed", "editor", null).get("key").asText();
        String projectAdmin = createKey(server, TestServer.ADMIN_KEY, "pa", "admin", "prod").get("key").asText();
        for (String key : new String[] {editor, projectAdmin}) {
            UiClient ui = UiClient.loggedIn(server, key);
            assertThat(ui.get("/ui").body()).doesNotContain("data-action=\"create-project\"");
            assertThat(ui.post("/ui/projects", Map.of("slug", "sneaky")).statusCode()).isEqualTo(403);
        }
        assertThat(server.get("/api/v1/projects/sneaky").status()).isEqualTo(404);
    }
}

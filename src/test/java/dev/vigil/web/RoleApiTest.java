package dev.vigil.web;

import static dev.vigil.web.KeyApiTest.call;
import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.Config;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import dev.vigil.testing.TestServer.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a key of each role may and may not do, through a real server (PRODUCT.md §9). */
class RoleApiTest {
    static final String AGENT_TOKEN = "vt_configured_join_token_0123456789";
    static TestServer server;
    static String viewer;
    static String operator;
    static String editor;
    static String admin;
    static String agent;
    static String alphaAgent;
    static String alphaViewer;

    @BeforeAll
    static void start() throws IOException {
        Config config = Config.forTests(Files.createTempDirectory("vigil-test"))
                .withAdminKey(TestServer.ADMIN_KEY).withAgentToken(AGENT_TOKEN);
        server = TestServer.start(MutableClock.at("2025-06-01T10:00:00Z"), config);
        server.createProject("alpha");
        server.createProject("beta");
        assertThat(server.put("/api/v1/jobs/alpha/a", "{\"every\": \"1h\"}").status()).isEqualTo(201);
        assertThat(server.put("/api/v1/jobs/beta/b", "{\"every\": \"1h\"}").status()).isEqualTo(201);
        viewer = secret("viewer", null);
        operator = secret("operator", null);
        editor = secret("editor", null);
        admin = secret("admin", null);
        agent = secret("agent", null);
        alphaAgent = secret("agent", "alpha");
        alphaViewer = secret("viewer", "alpha");
    }

    private static String secret(String role, String project) {
        return createKey(server, TestServer.ADMIN_KEY, role + "-" + (project == null ? "all" : project), role, project)
                .get("key").asText();
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    private static int status(String key, String method, String path, String body) {
        Response r = call(server, key, method, path, body);
        if (r.status() >= 400) assertThat(r.json().has("error")).as(r.body()).isTrue();
        return r.status();
    }

    @Test
    void a_viewer_reads_but_changes_nothing_and_sees_no_ping_urls() {
        Response jobs = call(server, viewer, "GET", "/api/v1/jobs", null);
        assertThat(jobs.status()).isEqualTo(200);
        assertThat(jobs.json().get("jobs")).hasSize(2).allSatisfy(j -> assertThat(j.has("pingUrl")).isFalse());
        assertThat(status(viewer, "GET", "/api/v1/jobs/alpha/a/runs", null)).isEqualTo(200);
        assertThat(status(viewer, "GET", "/api/v1/agents", null)).isEqualTo(200);
        assertThat(status(viewer, "PUT", "/api/v1/jobs/alpha/v", "{\"every\": \"1h\"}")).isEqualTo(403);
        assertThat(status(viewer, "POST", "/api/v1/jobs/alpha/a/pause", null)).isEqualTo(403);
    }

    @Test
    void an_operator_pauses_and_resumes_but_cannot_define_jobs() {
        assertThat(status(operator, "POST", "/api/v1/jobs/alpha/a/pause", null)).isEqualTo(200);
        assertThat(status(operator, "POST", "/api/v1/jobs/alpha/a/resume", null)).isEqualTo(200);
        assertThat(call(server, operator, "GET", "/api/v1/jobs/alpha/a", null).json().has("pingUrl")).isTrue();
        assertThat(status(operator, "PUT", "/api/v1/jobs/alpha/o", "{\"every\": \"1h\"}")).isEqualTo(403);
        assertThat(status(operator, "DELETE", "/api/v1/jobs/alpha/a", null)).isEqualTo(403);
    }

    @Test
    void an_editor_defines_and_deletes_jobs_but_manages_neither_projects_nor_keys() {
        assertThat(status(editor, "PUT", "/api/v1/jobs/alpha/e", "{\"every\": \"1h\"}")).isEqualTo(201);
        assertThat(status(editor, "PATCH", "/api/v1/jobs/alpha/e", "{\"grace\": \"5m\"}")).isEqualTo(200);
        assertThat(status(editor, "DELETE", "/api/v1/jobs/alpha/e", null)).isEqualTo(204);
        assertThat(status(editor, "POST", "/api/v1/projects", "{\"slug\": \"by-editor\"}")).isEqualTo(403);
        assertThat(status(editor, "GET", "/api/v1/keys", null)).isEqualTo(403);
    }

    @Test
    void an_admin_key_made_through_the_api_creates_projects_and_keys() {
        assertThat(status(admin, "POST", "/api/v1/projects", "{\"slug\": \"by-admin\"}")).isEqualTo(201);
        assertThat(status(admin, "POST", "/api/v1/keys", "{\"name\": \"made-by-admin\", \"role\": \"viewer\"}")).isEqualTo(201);
    }

    @Test
    void an_agent_key_is_refused_on_every_management_route() {
        List<String[]> routes = List.of(
                new String[] {"GET", "/api/v1/projects", null},
                new String[] {"GET", "/api/v1/projects/alpha", null},
                new String[] {"POST", "/api/v1/projects", "{\"slug\": \"by-agent\"}"},
                new String[] {"GET", "/api/v1/projects/alpha/channels", null},
                new String[] {"GET", "/api/v1/jobs", null},
                new String[] {"GET", "/api/v1/jobs?project=alpha", null},
                new String[] {"GET", "/api/v1/jobs/alpha/a", null},
                new String[] {"PUT", "/api/v1/jobs/alpha/by-agent", "{\"every\": \"1h\"}"},
                new String[] {"POST", "/api/v1/jobs/alpha/a/pause", null},
                new String[] {"GET", "/api/v1/jobs/alpha/a/runs", null},
                new String[] {"POST", "/api/v1/jobs/alpha/a/runs", null},
                new String[] {"GET", "/api/v1/jobs/alpha/a/events", null},
                new String[] {"POST", "/api/v1/jobs/alpha/a/events", "{\"kind\": \"success\"}"},
                new String[] {"GET", "/api/v1/runs", null},
                new String[] {"GET", "/api/v1/runs/1", null},
                new String[] {"POST", "/api/v1/runs/1/cancel", null},
                new String[] {"GET", "/api/v1/upcoming", null},
                new String[] {"GET", "/api/v1/agents", null},
                new String[] {"GET", "/api/v1/notifications", null},
                new String[] {"GET", "/api/v1/schedules/preview?every=5m", null},
                new String[] {"GET", "/api/v1/keys", null},
                new String[] {"POST", "/api/v1/keys", "{\"name\": \"x\", \"role\": \"admin\"}"});
        for (String key : List.of(agent, alphaAgent, AGENT_TOKEN)) {
            for (String[] r : routes) {
                assertThat(status(key, r[0], r[1], r[2])).as(r[0] + " " + r[1]).isEqualTo(403);
            }
        }
        assertThat(server.get("/api/v1/jobs/alpha/a").json().get("status").asText()).isEqualTo("new");
        assertThat(server.get("/api/v1/jobs/alpha/by-agent").status()).isEqualTo(404);
    }

    @Test
    void the_configured_agent_token_is_registered_as_an_agent_key_for_every_project() {
        JsonNode keys = server.get("/api/v1/keys").json().get("keys");
        JsonNode token = null;
        for (JsonNode k : keys) {
            if (k.get("name").asText().equals("agent token (configured)")) token = k;
        }
        assertThat(token).as(keys.toString()).isNotNull();
        assertThat(token.get("role").asText()).isEqualTo("agent");
        assertThat(token.has("project")).isFalse();
        assertThat(token.has("prefix")).as("no part of a configured token is shown").isFalse();
        assertThat(keys.toString()).doesNotContain(AGENT_TOKEN);
    }

    @Test
    void a_project_key_does_not_see_another_project() {
        JsonNode jobs = call(server, alphaViewer, "GET", "/api/v1/jobs", null).json().get("jobs");
        assertThat(jobs).isNotEmpty().allSatisfy(j -> assertThat(j.get("project").asText()).isEqualTo("alpha"));
        JsonNode projects = call(server, alphaViewer, "GET", "/api/v1/projects", null).json().get("projects");
        assertThat(projects).singleElement().satisfies(p -> assertThat(p.get("slug").asText()).isEqualTo("alpha"));
        assertThat(status(alphaViewer, "GET", "/api/v1/jobs?project=beta", null)).isEqualTo(403);
        assertThat(status(alphaViewer, "GET", "/api/v1/jobs/beta/b", null)).isEqualTo(403);
        assertThat(status(alphaViewer, "GET", "/api/v1/projects/beta", null)).isEqualTo(403);
        assertThat(status(alphaViewer, "GET", "/api/v1/runs?project=beta", null)).isEqualTo(403);
        assertThat(status(alphaViewer, "GET", "/api/v1/jobs/alpha/a", null)).isEqualTo(200);
        assertThat(status(alphaViewer, "GET", "/api/v1/runs", null)).isEqualTo(200);
        assertThat(status(alphaViewer, "GET", "/api/v1/upcoming", null)).isEqualTo(200);
        assertThat(status(alphaViewer, "GET", "/api/v1/notifications", null)).isEqualTo(200);
        assertThat(status(alphaViewer, "GET", "/api/v1/notifications?project=beta", null)).isEqualTo(403);
    }
}

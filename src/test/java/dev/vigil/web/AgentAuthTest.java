package dev.vigil.web;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Auth#requireAgent} as the agent routes will use it, on a route under {@code /api/v1/agent/}
 * mounted behind the same authentication as the real server, over the real server's keys.
 */
class AgentAuthTest {
    static TestServer server;
    static Javalin agentApi;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start(MutableClock.at("2025-06-01T10:00:00Z"));
        server.createProject("alpha");
        Auth auth = new Auth(new KeyCheck(server.vigil.store(), java.time.Clock.systemUTC()));
        agentApi = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.routes.before("/api/v1/*", auth::authenticate);
            Errors.register(config);
            config.routes.get(Auth.AGENT_PATH + "whoami", ctx -> {
                var key = Auth.requireAgent(ctx);
                Json.send(ctx, 200, Map.of("name", key.name(), "role", key.role().wire()));
            });
        }).start();
    }

    @AfterAll
    static void stop() {
        agentApi.stop();
        server.closeAndDelete();
    }

    private static HttpResponse<String> whoami(String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agentApi.port() + Auth.AGENT_PATH + "whoami"))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void agent_keys_global_or_bound_to_a_project_pass() throws Exception {
        for (String project : new String[] {null, "alpha"}) {
            String key = createKey(server, TestServer.ADMIN_KEY, "agent-" + project, "agent", project).get("key").asText();
            HttpResponse<String> r = whoami(key);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"role\":\"agent\"");
        }
    }

    @Test
    void admin_keys_pass_too() throws Exception {
        assertThat(whoami(TestServer.ADMIN_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void viewer_operator_and_editor_keys_are_refused() throws Exception {
        for (String role : new String[] {"viewer", "operator", "editor"}) {
            String key = createKey(server, TestServer.ADMIN_KEY, "not-agent-" + role, role, null).get("key").asText();
            HttpResponse<String> r = whoami(key);
            assertThat(r.statusCode()).as(role).isEqualTo(403);
            assertThat(r.body()).contains("needs agent");
        }
    }

    @Test
    void unknown_keys_are_unauthorized() throws Exception {
        assertThat(whoami("vk_not_a_real_key").statusCode()).isEqualTo(401);
    }
}

package dev.vigil.web;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.Config;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import dev.vigil.testing.TestServer.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Agent keys as an attacker holding one would use them (issue 13), over the real agent routes of a
 * real server: an agent's identity is its key and its registered instance, it reports only for runs
 * dispatched to it, and a key bound to a project never takes nor keeps another project's runs.
 * Agent {@code b} (an agent key valid in every project) runs a run of project {@code beta}; agent
 * {@code a} holds a key bound to project {@code alpha}.
 */
class AgentTrustTest {
    private TestServer server;
    private String alphaKey;
    private String anyKey;

    @BeforeEach
    void start() throws Exception {
        // A clock that stands still: no lease runs out while the test plays the agents.
        server = TestServer.start(MutableClock.at("2025-06-01T10:00:00Z"),
                Config.forTests(Files.createTempDirectory("vigil-agent-trust")).withAdminKey(TestServer.ADMIN_KEY)
                        .withEmbeddedAgent(false));
        server.createProject("alpha");
        server.createProject("beta");
        alphaKey = createKey(server, TestServer.ADMIN_KEY, "alpha agents", "agent", "alpha").get("key").asText();
        anyKey = createKey(server, TestServer.ADMIN_KEY, "all agents", "agent", null).get("key").asText();
        assertThat(server.put("/api/v1/jobs/beta/work", "{\"command\": \"true\"}").status()).isLessThan(300);
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    private Response call(String key, String path, String json) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Response poll(String key, String name, String instance, List<Long> known) {
        String ids = known.stream().map(String::valueOf).collect(Collectors.joining(","));
        return call(key, "/api/v1/agent/poll", "{\"name\": \"" + name + "\", \"instance\": \"" + instance + "\","
                + " \"capacity\": 4, \"known\": [" + ids + "], \"running\": " + known.size() + ", \"waitMillis\": 0}");
    }

    private Response events(String key, String agent, String instance, String eventsJson) {
        return call(key, "/api/v1/agent/events", "{\"agent\": \"" + agent + "\", \"instance\": \"" + instance + "\","
                + " \"events\": [" + eventsJson + "]}");
    }

    private static String started(long run) {
        return "{\"runId\": " + run + ", \"seq\": 0, \"kind\": \"started\", \"at\": \"2025-06-01T10:00:01Z\"}";
    }

    private static String output(long run, int seq, String text) {
        return "{\"runId\": " + run + ", \"seq\": " + seq + ", \"kind\": \"output\", \"at\": \"2025-06-01T10:00:02Z\","
                + " \"text\": \"" + text + "\"}";
    }

    private static String finished(long run, int seq, String tail) {
        return "{\"runId\": " + run + ", \"seq\": " + seq + ", \"kind\": \"finished\", \"at\": \"2025-06-01T10:00:03Z\","
                + " \"end\": \"succeeded\", \"exitCode\": 0, \"text\": \"" + tail + "\"}";
    }

    /** A run of beta/work, taken by agent b with the key valid everywhere and started there. */
    private long runningOnB() {
        long id = server.post("/api/v1/jobs/beta/work/runs", "{}").json().get("id").asLong();
        Response taken = poll(anyKey, "b", "ib", List.of());
        assertThat(taken.status()).as(taken.body()).isEqualTo(200);
        assertThat(taken.json().get("runs")).extracting(r -> r.get("runId").asLong()).containsExactly(id);
        assertThat(events(anyKey, "b", "ib", started(id)).status()).isEqualTo(200);
        assertThat(run(id).get("state").asText()).isEqualTo("running");
        return id;
    }

    private JsonNode run(long id) {
        return server.get("/api/v1/runs/" + id).json();
    }

    private String log(long id) {
        return server.get("/api/v1/runs/" + id + "/log").body();
    }

    @Test
    void an_agent_key_cannot_report_for_a_run_another_agent_holds_and_the_run_is_left_as_it_was() {
        long id = runningOnB();
        assertThat(poll(alphaKey, "a", "ia", List.of()).status()).isEqualTo(200);
        JsonNode before = run(id);
        String forged = String.join(",", started(id), output(id, 1, "forged"), finished(id, 2, "forged"));

        Response asB = events(alphaKey, "b", "ib", forged);
        assertThat(asB.status()).as(asB.body()).isEqualTo(403);
        assertThat(asB.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(asB.json().get("message").asText()).contains("agent 'b' is registered with another key");

        Response asA = events(alphaKey, "a", "ia", forged);
        assertThat(asA.status()).as(asA.body()).isEqualTo(409);
        assertThat(asA.json().get("error").asText()).isEqualTo("conflict");
        assertThat(asA.json().get("message").asText()).contains("run " + id).contains("not dispatched to agent 'a'");

        assertThat(run(id)).isEqualTo(before);
        assertThat(log(id)).as("no output stored").isEmpty();

        // The agent holding it still reports as it should.
        assertThat(events(anyKey, "b", "ib", String.join(",", output(id, 1, "real"), finished(id, 2, "real")))
                .status()).isEqualTo(200);
        assertThat(run(id).get("state").asText()).isEqualTo("succeeded");
        assertThat(log(id)).isEqualTo("real");
    }

    @Test
    void one_forged_event_refuses_the_whole_batch() {
        long id = runningOnB();
        long other = server.post("/api/v1/jobs/beta/work/runs", "{}").json().get("id").asLong();
        assertThat(poll(alphaKey, "a", "ia", List.of()).status()).isEqualTo(200);

        Response mixed = events(anyKey, "b", "ib", String.join(",", output(id, 1, "mine"), output(other, 1, "not mine")));
        assertThat(mixed.status()).as(mixed.body()).isEqualTo(409);
        assertThat(mixed.json().get("message").asText()).contains("run " + other);
        assertThat(log(id)).as("nothing of a refused batch is applied").isEmpty();
        assertThat(log(other)).isEmpty();
    }

    @Test
    void a_key_cannot_poll_or_leave_as_an_agent_another_key_registered() {
        long id = runningOnB();

        Response sameInstance = poll(alphaKey, "b", "ib", List.of(id));
        assertThat(sameInstance.status()).as(sameInstance.body()).isEqualTo(403);
        assertThat(sameInstance.json().get("message").asText()).contains("agent 'b' is registered with another key");
        Response otherInstance = poll(alphaKey, "b", "ib-2", List.of());
        assertThat(otherInstance.status()).as(otherInstance.body()).isEqualTo(403);

        Response leave = call(alphaKey, "/api/v1/agent/leave", "{\"name\": \"b\", \"instance\": \"ib\"}");
        assertThat(leave.status()).as(leave.body()).isEqualTo(403);
        assertThat(run(id).get("state").asText()).as("b's run goes on").isEqualTo("running");
        assertThat(server.get("/api/v1/agents").json().get("agents").get(0).get("state").asText()).isEqualTo("connected");

        // Nor may the key's own other instance report as the instance registered now.
        Response stale = events(anyKey, "b", "ib-old", output(id, 1, "stale"));
        assertThat(stale.status()).as(stale.body()).isEqualTo(403);
        assertThat(stale.json().get("message").asText()).contains("instance");
        assertThat(log(id)).isEmpty();
    }

    @Test
    void a_name_is_free_for_another_key_once_its_agent_left() {
        long id = runningOnB();
        assertThat(events(anyKey, "b", "ib", finished(id, 1, "")).status()).isEqualTo(200);
        assertThat(call(anyKey, "/api/v1/agent/leave", "{\"name\": \"b\", \"instance\": \"ib\"}").status()).isEqualTo(204);

        assertThat(poll(alphaKey, "b", "ib-2", List.of()).status()).isEqualTo(200);
        Response old = poll(anyKey, "b", "ib", List.of());
        assertThat(old.status()).as("the name is alpha's key's now").isEqualTo(403);
    }

    @Test
    void an_agent_bound_to_a_project_is_never_given_a_run_of_another_project() {
        long beta = server.post("/api/v1/jobs/beta/work/runs", "{}").json().get("id").asLong();
        assertThat(server.put("/api/v1/jobs/alpha/work", "{\"command\": \"true\"}").status()).isLessThan(300);
        long alpha = server.post("/api/v1/jobs/alpha/work/runs", "{}").json().get("id").asLong();

        Response r = poll(alphaKey, "a", "ia", List.of());
        assertThat(r.json().get("runs")).extracting(a -> a.get("runId").asLong()).containsExactly(alpha);
        assertThat(run(beta).get("state").asText()).isEqualTo("queued");
    }

    @Test
    void an_agent_bound_to_a_project_does_not_keep_a_run_of_another_project_its_name_held_before() {
        String doomed = createKey(server, TestServer.ADMIN_KEY, "old agents", "agent", null).get("key").asText();
        long id = server.post("/api/v1/jobs/beta/work/runs", "{}").json().get("id").asLong();
        assertThat(poll(doomed, "x", "ix", List.of()).json().get("runs")).hasSize(1);
        assertThat(events(doomed, "x", "ix", started(id)).status()).isEqualTo(200);
        assertThat(server.delete("/api/v1/keys/" + keyId("old agents")).status()).isEqualTo(204);

        // The same agent process comes back with a key bound to alpha, saying it still runs the beta run.
        Response r = poll(alphaKey, "x", "ix", List.of(id));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("stop")).extracting(JsonNode::asLong).containsExactly(id);
        assertThat(run(id).get("state").asText()).isEqualTo("lost");
        Response finish = events(alphaKey, "x", "ix", String.join(",", output(id, 1, "late"), finished(id, 2, "")));
        assertThat(finish.status()).as(finish.body()).isEqualTo(409);
        assertThat(run(id).get("state").asText()).isEqualTo("lost");
        assertThat(log(id)).isEmpty();
    }

    private long keyId(String name) {
        for (JsonNode k : server.get("/api/v1/keys").json().get("keys")) {
            if (k.get("name").asText().equals(name)) return k.get("id").asLong();
        }
        throw new AssertionError("no key " + name);
    }
}

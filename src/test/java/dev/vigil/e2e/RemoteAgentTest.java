package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.agent.ServerLink;
import dev.vigil.agent.remote.RemoteAgent;
import dev.vigil.app.Config;
import dev.vigil.testing.TestOutbound;
import dev.vigil.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Remote agents over real HTTP against a real server (the embedded agent off): registration and
 * labels, runs and their output, cancel, a server restart while a run goes on, a lease that runs
 * out, a name taken twice, draining.
 */
class RemoteAgentTest {
    static final String TOKEN = "vat_remote_agent_test_token_0123";
    Path data;
    TestServer server;
    int port;
    final List<RemoteAgent> agents = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        data = Files.createTempDirectory("vigil-remote");
        server = startServer();
        server.createProject("ops");
    }

    private TestServer startServer() {
        TestServer s = TestServer.start(Clock.systemUTC(), Config.forTests(data).withAdminKey(TestServer.ADMIN_KEY)
                .withEmbeddedAgent(false).withAgentToken(TOKEN).withAgentLease(Duration.ofSeconds(2))
                .withHttpPort(port)); // a restart comes back on the same port, where the agent looks
        port = s.vigil.port();
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        for (RemoteAgent a : agents) {
            a.core().cancelAll();
            a.close();
        }
        server.closeAndDelete();
    }

    private RemoteAgent agent(String name, List<String> labels, int capacity) throws Exception {
        return agent(name, labels, capacity, TOKEN);
    }

    private RemoteAgent agent(String name, List<String> labels, int capacity, String token) throws Exception {
        RemoteAgent a = new RemoteAgent(new RemoteAgent.Settings(server.vigil.baseUrl(), token, name, labels, capacity,
                Files.createTempDirectory("vigil-spool"), "test", TestOutbound.POLICY), Clock.systemUTC());
        agents.add(a);
        return a;
    }

    private static Thread run(RemoteAgent a) {
        return Thread.ofPlatform().daemon(true).start(a::run);
    }

    private JsonNode lastRun(String slug) {
        return server.get("/api/v1/jobs/ops/" + slug + "/runs").json().get("runs").get(0);
    }

    private String state(String slug) {
        JsonNode r = lastRun(slug);
        return r == null ? null : r.get("state").asText();
    }

    @Test
    void an_agent_registers_with_its_labels_and_runs_only_jobs_it_matches() throws Exception {
        RemoteAgent linux = agent("box-1", List.of("linux"), 2);
        linux.checkConnection();
        run(linux);
        JsonNode listed = server.get("/api/v1/agents").json().get("agents").get(0);
        assertThat(listed.get("name").asText()).isEqualTo("box-1");
        assertThat(listed.get("kind").asText()).isEqualTo("remote");
        assertThat(listed.get("state").asText()).isEqualTo("connected");
        assertThat(listed.get("capacity").asInt()).isEqualTo(2);
        assertThat(listed.get("labels").get(0).asText()).isEqualTo("linux");
        String metrics = server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/metrics")))).body();
        assertThat(metrics).contains("vigil_agents{state=\"connected\"} 1.0").contains("vigil_runs{state=\"queued\"} 0.0");

        server.put("/api/v1/jobs/ops/gpu", "{\"command\": \"echo gpu\", \"labels\": [\"gpu\"]}");
        server.put("/api/v1/jobs/ops/hello", "{\"command\": \"echo hello from $VIGIL_JOB\", \"labels\": [\"linux\"]}");
        assertThat(server.post("/api/v1/jobs/ops/gpu/runs", "{}").status()).isEqualTo(201);
        assertThat(server.post("/api/v1/jobs/ops/hello/runs", "{}").status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(20)).until(() -> "succeeded".equals(state("hello")));
        JsonNode run = lastRun("hello");
        assertThat(run.get("agent").asText()).isEqualTo("box-1");
        assertThat(server.get("/api/v1/runs/" + run.get("id").asLong() + "/log").body()).contains("hello from ops/hello");
        assertThat(state("gpu")).as("no agent has the gpu label").isEqualTo("queued");
        assertThat(server.get("/api/v1/jobs/ops/hello").json().get("status").asText()).isEqualTo("up");
    }

    @Test
    void a_wrong_token_is_refused_at_start() throws Exception {
        RemoteAgent a = agent("box-x", List.of(), 1, "not_a_token_of_this_server_at_all");
        assertThatThrownBy(a::checkConnection).isInstanceOf(ServerLink.Refused.class)
                .satisfies(e -> assertThat(((ServerLink.Refused) e).status()).isEqualTo(401));
    }

    @Test
    void a_second_process_under_a_live_name_is_refused() throws Exception {
        agent("twin", List.of(), 1).checkConnection();
        RemoteAgent other = agent("twin", List.of(), 1);
        assertThatThrownBy(other::checkConnection).isInstanceOf(ServerLink.Refused.class)
                .hasMessageContaining("in use by another agent process");
    }

    @Test
    void a_name_registered_with_another_key_is_refused_and_its_agent_goes_on() throws Exception {
        RemoteAgent first = agent("shared-name", List.of(), 1);
        first.checkConnection();
        String other = dev.vigil.web.KeyApiTest.createKey(server, TestServer.ADMIN_KEY, "other agents", "agent", null)
                .get("key").asText();
        RemoteAgent second = agent("shared-name", List.of(), 1, other);
        assertThatThrownBy(second::checkConnection).isInstanceOf(ServerLink.Refused.class)
                .satisfies(e -> assertThat(((ServerLink.Refused) e).status()).isEqualTo(403))
                .hasMessageContaining("registered with another key");

        run(first);
        server.put("/api/v1/jobs/ops/mine", "{\"command\": \"echo still mine\"}");
        server.post("/api/v1/jobs/ops/mine/runs", "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> "succeeded".equals(state("mine")));
        assertThat(lastRun("mine").get("agent").asText()).isEqualTo("shared-name");
    }

    @Test
    void cancelling_a_run_stops_its_process_on_the_agent() throws Exception {
        RemoteAgent a = agent("box-c", List.of(), 1);
        run(a);
        server.put("/api/v1/jobs/ops/sleepy", "{\"command\": \"sleep 60\"}");
        long id = server.post("/api/v1/jobs/ops/sleepy/runs", "{}").json().get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> "running".equals(state("sleepy")));
        assertThat(server.post("/api/v1/runs/" + id + "/cancel", "").status()).isLessThan(300);
        await().atMost(Duration.ofSeconds(20)).until(() -> "cancelled".equals(state("sleepy")));
        assertThat(a.core().runningCount()).isZero();
    }

    @Test
    void a_run_that_ends_while_the_server_is_down_is_reported_once_when_it_is_back() throws Exception {
        RemoteAgent a = agent("box-r", List.of(), 1);
        run(a);
        Path gate = data.resolve("gate");
        server.put("/api/v1/jobs/ops/slow", "{\"command\": \"while [ ! -f " + gate + " ]; do sleep 0.05; done; echo done\"}");
        long id = server.post("/api/v1/jobs/ops/slow/runs", "{}").json().get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> "running".equals(state("slow")));

        server.close(); // the server goes away; the run goes on
        Files.writeString(gate, "");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.core().runningCount() == 0);
        assertThat(a.link().pending()).as("the finish waits in the spool").isPositive();

        server = startServer();
        await().atMost(Duration.ofSeconds(30)).until(() -> a.link().pending() == 0);
        JsonNode run = server.get("/api/v1/runs/" + id).json();
        assertThat(run.get("state").asText()).isEqualTo("succeeded");
        assertThat(server.get("/api/v1/jobs/ops/slow/runs").json().get("runs")).hasSize(1);
        assertThat(server.get("/api/v1/runs/" + id + "/log").body()).contains("done");
    }

    @Test
    void an_agent_that_stops_polling_loses_its_runs_and_they_are_retried() throws Exception {
        RemoteAgent a = agent("box-l", List.of(), 1);
        run(a);
        server.put("/api/v1/jobs/ops/long", "{\"command\": \"sleep 60\", \"retries\": 1, \"retryBackoff\": \"1h\"}");
        long id = server.post("/api/v1/jobs/ops/long/runs", "{}").json().get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> "running".equals(state("long")));
        a.core().close(); // stops polling: what a crashed or cut-off agent looks like

        await().atMost(Duration.ofSeconds(20)).until(() ->
                "lost".equals(server.get("/api/v1/runs/" + id).json().get("state").asText()));
        assertThat(server.get("/api/v1/runs/" + id).json().get("reason").asText()).contains("stopped answering");
        JsonNode retry = lastRun("long");
        assertThat(retry.get("trigger").asText()).isEqualTo("retry");
        assertThat(retry.get("state").asText()).isEqualTo("queued");
        assertThat(server.get("/api/v1/agents").json().get("agents").get(0).get("state").asText()).isEqualTo("lost");
    }

    @Test
    void draining_takes_no_new_work_lets_the_run_finish_and_leaves() throws Exception {
        RemoteAgent a = agent("box-d", List.of(), 2);
        Thread loop = run(a);
        Path gate = data.resolve("gate-d");
        server.put("/api/v1/jobs/ops/first", "{\"command\": \"while [ ! -f " + gate + " ]; do sleep 0.05; done\"}");
        server.post("/api/v1/jobs/ops/first/runs", "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> "running".equals(state("first")));

        Thread drain = Thread.ofPlatform().start(a::drainAndStop);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "draining".equals(server.get("/api/v1/agents").json().get("agents").get(0).get("state").asText()));
        server.put("/api/v1/jobs/ops/second", "{\"command\": \"true\"}");
        server.post("/api/v1/jobs/ops/second/runs", "{}");
        Files.writeString(gate, "");
        drain.join(Duration.ofSeconds(30));
        loop.join(Duration.ofSeconds(5));
        assertThat(state("first")).isEqualTo("succeeded");
        assertThat(state("second")).as("a draining agent takes nothing new").isEqualTo("queued");
        assertThat(server.get("/api/v1/agents").json().get("agents").get(0).get("state").asText()).isEqualTo("left");
    }
}

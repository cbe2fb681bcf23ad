package dev.vigil.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.app.Config;
import dev.vigil.testing.TestOutbound;
import dev.vigil.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's metrics and health endpoint, with a real server and a real agent doing real work. */
class AgentEndpointTest {
    static final String TOKEN = "vat_endpoint_test_token_0123456";
    final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(AgentEndpoint e, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metrics_count_runs_and_readiness_follows_the_server() throws Exception {
        TestServer server = TestServer.start(Clock.systemUTC(), Config.forTests(Files.createTempDirectory("vigil-ep"))
                .withAdminKey(TestServer.ADMIN_KEY).withEmbeddedAgent(false).withAgentToken(TOKEN)
                .withAgentLease(Duration.ofSeconds(2)));
        RemoteAgent agent = new RemoteAgent(new RemoteAgent.Settings(server.vigil.baseUrl(), TOKEN, "ep-box", List.of(), 2,
                Files.createTempDirectory("vigil-ep-spool"), "test", TestOutbound.POLICY), Clock.systemUTC());
        try (AgentEndpoint endpoint = new AgentEndpoint(agent, "127.0.0.1", 0)) {
            assertThat(get(endpoint, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(endpoint, "/health/ready").statusCode()).as("never heard from the server").isEqualTo(503);

            Thread.ofPlatform().daemon(true).start(agent::run);
            server.createProject("ops");
            server.put("/api/v1/jobs/ops/ok", "{\"command\": \"true\"}");
            server.put("/api/v1/jobs/ops/bad", "{\"command\": \"false\"}");
            server.post("/api/v1/jobs/ops/ok/runs", "{}");
            server.post("/api/v1/jobs/ops/bad/runs", "{}");
            await().atMost(Duration.ofSeconds(20)).until(() -> get(endpoint, "/metrics").body()
                    .contains("vigil_agent_runs_finished_total{end=\"failed\"} 1.0"));
            String metrics = get(endpoint, "/metrics").body();
            assertThat(metrics).contains("vigil_agent_runs_finished_total{end=\"succeeded\"} 1.0")
                    .contains("vigil_agent_runs_started_total 2.0").contains("vigil_agent_capacity 2.0");
            assertThat(get(endpoint, "/health/ready").statusCode()).isEqualTo(200);

            server.closeAndDelete(); // the server is gone: within the lease the agent is no longer ready
            await().atMost(Duration.ofSeconds(20)).until(() -> get(endpoint, "/health/ready").statusCode() == 503);
            assertThat(get(endpoint, "/metrics").body()).containsPattern("vigil_agent_polls_total\\{outcome=\"error\"} [1-9]");
        } finally {
            agent.core().close();
            agent.close();
        }
    }
}

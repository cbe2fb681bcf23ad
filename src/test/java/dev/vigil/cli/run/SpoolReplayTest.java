package dev.vigil.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.Config;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports that cannot be delivered wait on disk and are sent later, in order, once. */
class SpoolReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static TestServer server;
    static Path nightlySpool;
    static Path ghostSpool;
    static Result whileDown;

    @TempDir
    Path dir;

    record Result(Wrap.Result run, List<String> spooled) {}

    /** While nothing listens on the server's port, two jobs run; then the server comes up there. */
    @BeforeAll
    static void reportsSpooledWhileTheServerWasDown() throws IOException {
        int port = freePort();
        String serverUrl = "http://127.0.0.1:" + port;
        nightlySpool = shared.resolve("nightly-spool");
        ghostSpool = shared.resolve("ghost-spool");
        var run = Wrap.inProcess(apiEnv(serverUrl, nightlySpool), "--job", "spool/nightly", "--", "sh", "-c", "echo boom; exit 3");
        whileDown = new Result(run, Wrap.files(nightlySpool).stream().map(SpoolReplayTest::read).toList());
        Wrap.inProcess(apiEnv(serverUrl, ghostSpool), "--job", "spool/ghost", "--", "true");

        server = TestServer.start(Clock.systemUTC(), Config.forTests(shared.resolve("data")).withAdminKey(TestServer.ADMIN_KEY).withHttpPort(port));
        server.createProject("spool");
        Wrap.createJob(server, "spool", "nightly");
    }

    @AfterAll
    static void down() {
        server.close();
    }

    @Test
    void an_unreachable_server_does_not_stop_the_command_its_exit_code_passes_through_and_both_reports_are_spooled() {
        assertThat(whileDown.run().exit()).isEqualTo(3);
        assertThat(whileDown.run().stdout()).isEqualTo("boom\n");
        assertThat(whileDown.run().stderr()).contains("could not reach").contains("spooled for later");
        assertThat(whileDown.spooled()).hasSize(2);
        assertThat(whileDown.spooled().get(0)).contains("\"kind\":\"start\"");
        assertThat(whileDown.spooled().get(1)).contains("\"kind\":\"failure\"").contains("\"exitCode\":3").contains("boom");
        assertThat(whileDown.spooled()).noneMatch(s -> s.contains(TestServer.ADMIN_KEY)); // the key is added when sending
    }

    @Test
    void the_next_run_replays_the_spooled_reports_before_its_own_and_empties_the_spool() {
        var next = Wrap.inProcess(apiEnv(server.url(""), nightlySpool), "--job", "spool/nightly", "--", "true");

        assertThat(next.exit()).isZero();
        assertThat(next.stderr()).isEmpty();
        assertThat(Wrap.files(nightlySpool)).isEmpty();
        List<JsonNode> runs = Wrap.runs(server, "spool", "nightly"); // newest first
        assertThat(runs).extracting(r -> r.get("state").asText()).containsExactly("succeeded", "failed");
        JsonNode replayed = runs.get(1);
        assertThat(replayed.get("exitCode").asInt()).isEqualTo(3);
        assertThat(replayed.has("durationMs")).isTrue();
        assertThat(Wrap.output(server, replayed)).isEqualTo("boom\n");
        JsonNode failure = failureEvent();
        Instant finishedAt = Instant.parse(failure.get("data").get("finishedAt").asText());
        assertThat(finishedAt).isBefore(Instant.parse(failure.get("at").asText())); // the original time travels in data
    }

    @Test
    void a_spooled_report_the_server_refuses_moves_to_dead_with_a_warning() {
        var flush = Wrap.inProcess(apiEnv(server.url(""), ghostSpool), "--flush");

        assertThat(flush.exit()).isEqualTo(1);
        assertThat(flush.stderr()).contains("404").contains("moved the start of run").contains("dead");
        assertThat(Wrap.files(ghostSpool)).isEmpty();
        assertThat(Wrap.files(ghostSpool.resolve("dead"))).hasSize(2);
    }

    @Test
    void a_command_that_cannot_be_run_exits_127_and_the_run_fails_saying_why() {
        Wrap.createJob(server, "spool", "missing");
        var r = Wrap.inProcess(apiEnv(server.url(""), dir), "--job", "spool/missing", "--", "/no/such/command");

        assertThat(r.exit()).isEqualTo(127);
        assertThat(r.stderr()).contains("cannot run /no/such/command");
        JsonNode run = Wrap.runs(server, "spool", "missing").getFirst();
        assertThat(run.get("state").asText()).isEqualTo("failed");
        assertThat(run.get("exitCode").asInt()).isEqualTo(127);
    }

    @Test
    void ping_reports_refused_with_5xx_or_429_wait_in_the_spool_and_flush_sends_them_in_order() {
        try (var hc = RecordingHttpServer.start()) {
            Map<String, String> env = Wrap.env("VIGIL_SPOOL_DIR", dir.toString());
            hc.respondAlways(RecordingHttpServer.Response.of(503));
            var run = Wrap.inProcess(env, "--ping-url", hc.url("/ping/abc"), "--", "sh", "-c", "echo out");
            assertThat(run.exit()).isZero();
            assertThat(run.stderr()).contains("answered 503");
            assertThat(hc.requestCount()).isEqualTo(1); // the finish did not knock on a failing server again
            assertThat(Wrap.files(dir)).hasSize(2);

            hc.respondAlways(RecordingHttpServer.Response.of(429));
            assertThat(Wrap.inProcess(env, "--flush").exit()).isEqualTo(1);
            assertThat(Wrap.files(dir)).hasSize(2);

            hc.respondAlways(RecordingHttpServer.Response.of(200));
            var flush = Wrap.inProcess(env, "--flush");
            assertThat(flush.exit()).isZero();
            assertThat(flush.stdout()).contains("sent 2 spooled report(s)").contains("0 left");
            assertThat(Wrap.files(dir)).isEmpty();
            var sent = hc.requests().subList(hc.requestCount() - 2, hc.requestCount());
            assertThat(sent).extracting(r -> r.method() + " " + r.path()).containsExactly("GET /ping/abc/start", "POST /ping/abc/0");
            assertThat(sent.get(1).body()).isEqualTo("out\n");
        }
    }

    private static JsonNode failureEvent() {
        for (JsonNode e : server.get("/api/v1/jobs/spool/nightly/events").json().get("events")) {
            if (e.get("kind").asText().equals("failed")) return e;
        }
        throw new AssertionError("no failed event");
    }

    private static Map<String, String> apiEnv(String serverUrl, Path spool) {
        return Wrap.env("VIGIL_SERVER", serverUrl, "VIGIL_KEY", TestServer.ADMIN_KEY, "VIGIL_SPOOL_DIR", spool.toString());
    }

    private static String read(Path f) {
        try {
            return JSON.readTree(Files.readString(f)).get("body").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

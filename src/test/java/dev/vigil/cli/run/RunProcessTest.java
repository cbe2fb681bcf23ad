package dev.vigil.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil run} as its own process, as cron starts it: what the user sees on the terminal, the
 * exit code, and what the server records.
 */
class RunProcessTest {
    static TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        server = TestServer.start(Clock.systemUTC());
        server.createProject("proc");
    }

    @AfterAll
    static void down() {
        server.closeAndDelete();
    }

    private Map<String, String> spoolEnv() {
        return Wrap.env("VIGIL_SPOOL_DIR", dir.resolve("spool").toString());
    }

    @Test
    void success_passes_stdin_and_output_through_and_reports_a_succeeded_run_with_its_duration() throws Exception {
        String pingUrl = Wrap.createJob(server, "proc", "ok");
        var r = Wrap.process(spoolEnv(), dir, "hello\n".getBytes(StandardCharsets.UTF_8), "--ping-url", pingUrl, "--",
                "sh", "-c", "cat; printf '\\377\\000\\001'; echo to-stderr >&2; sleep 0.2");

        assertThat(r.exit()).isZero();
        assertThat(r.stdoutBytes()).isEqualTo(new byte[] {'h', 'e', 'l', 'l', 'o', '\n', (byte) 0xFF, 0, 1});
        assertThat(r.stderr()).isEqualTo("to-stderr\n");
        List<JsonNode> runs = Wrap.runs(server, "proc", "ok");
        assertThat(runs).hasSize(1);
        JsonNode run = runs.getFirst();
        assertThat(run.get("state").asText()).isEqualTo("succeeded");
        assertThat(run.get("durationMs").asLong()).isGreaterThanOrEqualTo(200);
        assertThat(run.get("rid").asText()).hasSize(36);
        assertThat(Wrap.output(server, run)).contains("hello").contains("to-stderr");
        assertThat(Wrap.files(dir.resolve("spool"))).isEmpty();
    }

    @Test
    void failing_command_exits_with_its_code_and_the_run_fails_with_that_code_and_the_tail() throws Exception {
        Wrap.createJob(server, "proc", "boom");
        var env = spoolEnv();
        env.putAll(Wrap.env("VIGIL_SERVER", server.url(""), "VIGIL_KEY", TestServer.ADMIN_KEY));
        var r = Wrap.process(env, dir, new byte[0], "--job", "proc/boom", "--", "sh", "-c", "echo boom >&2; exit 3");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.stderr()).isEqualTo("boom\n");
        JsonNode run = Wrap.runs(server, "proc", "boom").getFirst();
        assertThat(run.get("state").asText()).isEqualTo("failed");
        assertThat(run.get("exitCode").asInt()).isEqualTo(3);
        assertThat(run.has("durationMs")).isTrue();
        assertThat(Wrap.output(server, run)).isEqualTo("boom\n");
    }

    @Test
    void timeout_stops_the_command_exits_124_and_fails_the_run_saying_it_timed_out() throws Exception {
        String pingUrl = Wrap.createJob(server, "proc", "slow");
        long t0 = System.nanoTime();
        var r = Wrap.process(spoolEnv(), dir, new byte[0], "--ping-url", pingUrl, "--timeout", "1s", "--",
                "sh", "-c", "echo working; sleep 30");

        assertThat(r.exit()).isEqualTo(124);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(r.stdout()).isEqualTo("working\n");
        assertThat(r.stderr()).contains("timed out after 1s");
        JsonNode run = Wrap.runs(server, "proc", "slow").getFirst();
        assertThat(run.get("state").asText()).isEqualTo("failed");
        assertThat(run.get("exitCode").asInt()).isEqualTo(124);
        assertThat(Wrap.output(server, run)).startsWith("vigil run: timed out after 1s").endsWith("working\n");
    }

    @Test
    void a_command_killed_by_a_signal_exits_128_plus_the_signal_number() throws Exception {
        String pingUrl = Wrap.createJob(server, "proc", "killed");
        var r = Wrap.process(spoolEnv(), dir, new byte[0], "--ping-url", pingUrl, "--", "sh", "-c", "kill -9 $$");

        assertThat(r.exit()).isEqualTo(137);
        JsonNode run = Wrap.runs(server, "proc", "killed").getFirst();
        assertThat(run.get("state").asText()).isEqualTo("failed");
        assertThat(run.get("exitCode").asInt()).isEqualTo(137);
    }

    @Test
    void stopping_the_wrapper_stops_the_command_and_reports_the_run_interrupted() throws Exception {
        String pingUrl = Wrap.createJob(server, "proc", "stopped");
        Process p = Wrap.start(spoolEnv(), dir, new byte[0], "--ping-url", pingUrl, "--", "sleep", "30");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> p.descendants().anyMatch(h -> h.info().command().orElse("").endsWith("sleep")));
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy(); // SIGTERM, as systemd or a CI runner sends

            var r = Wrap.finish(p, dir);
            assertThat(r.exit()).isEqualTo(143);
            // Killed children are re-parented to PID 1, which may reap them a moment later; until
            // then ProcessHandle still reports the zombie as alive.
            await().atMost(Duration.ofSeconds(10)).until(() -> children.stream().noneMatch(RunProcessTest::running));
            JsonNode run = Wrap.runs(server, "proc", "stopped").getFirst();
            assertThat(run.get("state").asText()).isEqualTo("failed");
            assertThat(run.get("durationMs").asLong()).isPositive();
            assertThat(Wrap.output(server, run)).contains("interrupted");
        } finally {
            p.destroyForcibly();
        }
    }

    /** Alive and not a zombie: a killed child waits as a zombie until PID 1 reaps it, which can be late. */
    private static boolean running(ProcessHandle h) {
        if (!h.isAlive()) return false;
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + h.pid() + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false; // gone meanwhile
        }
    }
}

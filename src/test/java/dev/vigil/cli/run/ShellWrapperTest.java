package dev.vigil.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.Config;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil-run}, the shell variant of {@code vigil run}, as a cron host gets it: downloaded from
 * the server's {@code /dist/vigil-run} and run by {@code /bin/sh} (dash on Debian, so it stays POSIX)
 * as a real process against a real server. Its spool is the Java wrapper's: each replays the other's.
 */
class ShellWrapperTest {
    static final MutableClock clock = MutableClock.at("2026-12-07T10:00:00Z");
    @TempDir
    static Path home;
    static Path script;
    static int port;
    static Config config;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // a fixed port, so that the server can go away and come back at the same URL
        }
        config = Config.forTests(Files.createTempDirectory("vigil-test")).withAdminKey(TestServer.ADMIN_KEY).withHttpPort(port);
        server = TestServer.start(clock, config);
        server.createProject("cron");
        var download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url("/dist/vigil-run"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(Files.readAllBytes(Path.of("src/main/resources/dist/vigil-run")));
        assertThat(download.body()).isEqualTo(Files.readAllBytes(Path.of("bin/vigil-run")));
        script = home.resolve("vigil-run");
        Files.write(script, download.body());
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    record Result(int exit, String stdout, String stderr) {}

    private static String job(String slug) {
        var r = server.put("/api/v1/jobs/cron/" + slug, "{\"schedule\": {\"every\": \"1h\"}}");
        assertThat(r.status()).isIn(200, 201);
        return r.json().get("pingUrl").asText();
    }

    private static List<JsonNode> runs(String slug) {
        return server.runs("cron", slug);
    }

    /** A run's output, which lists leave out. */
    private static String output(JsonNode run) {
        return server.get("/api/v1/runs/" + run.get("id").asText()).json().path("output").asText();
    }

    private static Result run(Path spool, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", script.toString(), "--spool", spool.toString()));
        cmd.addAll(List.of(args));
        Path dir = Files.createTempDirectory(home, "run");
        var pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("VIGIL_"));
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("vigil-run did not finish within 60 s");
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
    }

    private static List<Path> spooled(Path spool) throws IOException {
        if (!Files.isDirectory(spool)) return List.of();
        try (Stream<Path> s = Files.list(spool)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void a_success_is_reported_as_one_run_with_its_output_passed_through(@TempDir Path spool) throws Exception {
        String url = job("ok");
        Result r = run(spool, "--ping-url", url, "--", "sh", "-c", "echo hello; echo to-stderr >&2");

        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("hello\n");
        assertThat(r.stderr()).isEqualTo("to-stderr\n");
        var runs = runs("ok");
        assertThat(runs).hasSize(1); // start and finish paired by their rid
        assertThat(runs.getFirst().get("state").asText()).isEqualTo("succeeded");
        assertThat(output(runs.getFirst())).contains("hello\n", "to-stderr\n");
        assertThat(spooled(spool)).isEmpty();
    }

    @Test
    void a_failure_passes_the_exit_code_through_and_reports_it_with_the_output_tail(@TempDir Path spool) throws Exception {
        String url = job("broken");
        Result r = run(spool, "--ping-url", url, "--tail", "30", "sh", "-c",
                "echo 'disk full' >&2; i=0; while [ $i -lt 20 ]; do echo line $i; i=$((i+1)); done; exit 3");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.stdout()).startsWith("line 0\n").endsWith("line 19\n");
        assertThat(r.stderr()).isEqualTo("disk full\n");
        var run = runs("broken").getFirst();
        assertThat(run.get("state").asText()).isEqualTo("failed");
        assertThat(run.get("exitCode").asInt()).isEqualTo(3);
        // stdout and stderr go through a tee each: their order in the tail is only as near as the two tees' writes
        assertThat(output(run)).contains("line 19\n").doesNotContain("line 0");
        assertThat(output(run).getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(30);
        assertThat(server.get("/api/v1/jobs/cron/broken").json().get("status").asText()).isEqualTo("failed");
    }

    @Test
    void without_curl_it_reports_with_wget(@TempDir Path spool, @TempDir Path bin) throws Exception {
        Path wget = Stream.of("/usr/bin/wget", "/bin/wget").map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(wget != null, "wget is not installed");
        for (String tool : List.of("sh", "awk", "tee", "tail", "cat", "mktemp", "rm", "mkdir", "mv", "date", "od", "tr", "sed",
                "head", "wc", "ps", "sleep", "sync", "ln", "ls", "wget")) {
            Stream.of("/usr/bin/", "/bin/").map(d -> Path.of(d + tool)).filter(Files::isExecutable).findFirst()
                    .ifPresent(t -> { try { Files.createSymbolicLink(bin.resolve(tool), t); } catch (IOException e) { throw new java.io.UncheckedIOException(e); } });
        }
        String url = job("by-wget");
        List<String> cmd = List.of("/bin/sh", script.toString(), "--spool", spool.toString(), "--ping-url", url, "--", "sh", "-c", "echo via wget; exit 7");
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", bin.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(out).isEqualTo(7);
        var run = runs("by-wget").getFirst();
        assertThat(run.get("exitCode").asInt()).isEqualTo(7);
        assertThat(output(run)).isEqualTo("via wget\n");
        assertThat(spooled(spool)).isEmpty();
    }

    @Test
    void a_command_not_found_exits_127_and_is_reported_as_a_failure(@TempDir Path spool) throws Exception {
        String url = job("typo");
        Result r = run(spool, "--ping-url", url, "--", "no-such-command-anywhere");

        assertThat(r.exit()).isEqualTo(127);
        assertThat(runs("typo").getFirst().get("exitCode").asInt()).isEqualTo(127);
    }

    @Test
    void timeout_stops_the_command_and_what_it_started_exits_124_and_reports_a_failure(@TempDir Path spool) throws Exception {
        String url = job("slow");
        Path pid = spool.getParent().resolve("slow-child.pid");
        Result r = run(spool, "--ping-url", url, "--timeout", "1s", "--", "sh", "-c",
                "echo started; sleep 300 & echo $! > " + pid + "; wait");

        assertThat(r.exit()).isEqualTo(124);
        assertThat(r.stderr()).contains("vigil-run: timed out after 1s");
        var run = runs("slow").getFirst();
        assertThat(run.get("state").asText()).isEqualTo("failed");
        assertThat(run.get("exitCode").asInt()).isEqualTo(124);
        assertThat(output(run)).startsWith("vigil-run: timed out after 1s").contains("started\n");
        long child = Long.parseLong(Files.readString(pid).strip());
        var handle = ProcessHandle.of(child);
        if (handle.isPresent()) handle.get().onExit().get(15, TimeUnit.SECONDS); // stopped: TERM, then KILL within 10 s
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("the command's own child").isFalse();
    }

    @Test
    void sigterm_to_the_wrapper_stops_the_command_reports_it_interrupted_and_exits_143(@TempDir Path spool) throws Exception {
        String url = job("stopped");
        Path out = spool.getParent().resolve("stopped.out");
        var pb = new ProcessBuilder("/bin/sh", script.toString(), "--spool", spool.toString(), "--ping-url", url, "--",
                "sh", "-c", "echo begun; sleep 300; echo never").redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(out) && Files.readString(out).contains("begun")) && System.nanoTime() < deadline) {
            Thread.sleep(20); // polls for the command to be running; no time logic depends on it
        }
        p.destroy(); // SIGTERM, as systemd or a cancelled CI job sends

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
        var run = runs("stopped").getFirst();
        assertThat(run.get("state").asText()).isEqualTo("failed");
        assertThat(output(run)).startsWith("vigil-run: interrupted").contains("begun\n").doesNotContain("never");
    }

    @Test
    void usage_errors_exit_2_and_report_nothing(@TempDir Path spool) throws Exception {
        assertThat(run(spool, "--", "true").exit()).isEqualTo(2); // no ping URL
        assertThat(run(spool, "--ping-url", "http://127.0.0.1:" + port + "/ping/x", "--timeout", "soon", "true").exit()).isEqualTo(2);
        Result tail = run(spool, "--ping-url", "http://127.0.0.1:" + port + "/ping/x", "--tail", "-1", "true");
        assertThat(tail.exit()).isEqualTo(2);
        assertThat(tail.stderr()).contains("--tail must be 0..1000000");
    }

    @Test
    void with_the_server_down_reports_wait_in_the_spool_and_either_wrapper_replays_the_other_s(@TempDir Path spool) throws Exception {
        String nightly = job("nightly");
        String weekly = job("weekly");
        server.close();
        try {
            Result down = run(spool, "--ping-url", nightly, "--", "sh", "-c", "printf '%s\\n' 'café \"quoted\" \\ back'; printf 'tab\\there\\n'; exit 4");
            assertThat(down.exit()).as("reporting never changes the exit code").isEqualTo(4);
            assertThat(down.stderr()).contains("could not reach", "spooled for later");
            assertThat(spooled(spool)).hasSize(2);
            assertThat(Files.readString(spooled(spool).get(1))).contains("\"apiKey\":false", "\"method\":\"POST\"");
            // the Java wrapper, also facing a dead server, queues its reports behind the shell's
            Wrap.Result java = Wrap.inProcess(Map.of(), "--ping-url", weekly, "--spool", spool.toString(), "--", "true");
            assertThat(java.exit()).isZero();
            assertThat(spooled(spool)).hasSize(4);
        } finally {
            server = TestServer.start(clock, config);
        }

        Result back = run(spool, "--ping-url", nightly, "--", "true");

        assertThat(back.exit()).as(back.stderr()).isZero();
        assertThat(spooled(spool)).as("the shell replayed its own reports and the Java wrapper's").isEmpty();
        var nightlyRuns = runs("nightly");
        assertThat(nightlyRuns).hasSize(2);
        JsonNode replayed = nightlyRuns.stream().filter(n -> n.get("state").asText().equals("failed")).findFirst().orElseThrow();
        assertThat(replayed.get("exitCode").asInt()).isEqualTo(4);
        assertThat(output(replayed)).isEqualTo("café \"quoted\" \\ back\ntab\there\n");
        assertThat(runs("weekly")).hasSize(1);
        assertThat(runs("weekly").getFirst().get("state").asText()).isEqualTo("succeeded");

        // and the other way round: what the shell spooled, the Java wrapper's --flush sends
        server.close();
        try {
            assertThat(run(spool, "--ping-url", weekly, "--", "sh", "-c", "echo ünïcode; exit 1").exit()).isEqualTo(1);
            assertThat(spooled(spool)).hasSize(2);
        } finally {
            server = TestServer.start(clock, config);
        }
        Wrap.Result flush = Wrap.inProcess(Map.of(), "--flush", "--spool", spool.toString());
        assertThat(flush.exit()).as(flush.stderr()).isZero();
        assertThat(flush.stdout()).contains("sent 2 spooled report(s)", "0 left");
        var weeklyRuns = runs("weekly");
        assertThat(weeklyRuns).hasSize(2);
        assertThat(weeklyRuns.stream().map(ShellWrapperTest::output).toList()).contains("ünïcode\n");
    }

    @Test
    void flush_sends_what_the_java_spool_holds_and_moves_what_the_server_refuses_to_dead(@TempDir Path spool) throws Exception {
        String url = job("java-spooled");
        var javaSpool = new Spool(spool, m -> {});
        String body = "tab\t, quote \", backslash \\, NUL-free control \u0001, ünï, 😀\n";
        javaSpool.add(new Report("POST", url + "/2?rid=r-1", "text/plain; charset=utf-8", body, false, "finish of run r-1", "2026-12-07T09:59:00Z"));
        javaSpool.add(new Report("GET", server.url("/ping/" + java.util.UUID.randomUUID() + "/start"), null, null, false, "start of run gone", "2026-12-07T09:59:01Z"));
        javaSpool.add(new Report("POST", server.url("/api/v1/jobs/cron/java-spooled/events"), "application/json", "{}", true, "start of run k", "2026-12-07T09:59:02Z"));

        Result flush = run(spool, "--flush");

        assertThat(flush.exit()).as("a report was refused").isEqualTo(1);
        assertThat(flush.stdout()).contains("sent 1 spooled report(s)", "1 left");
        assertThat(flush.stderr()).contains("the server will never accept the start of run gone");
        assertThat(output(runs("java-spooled").getFirst())).isEqualTo(body);
        assertThat(runs("java-spooled").getFirst().get("exitCode").asInt()).isEqualTo(2);
        try (Stream<Path> dead = Files.list(spool.resolve("dead"))) {
            assertThat(dead.count()).isEqualTo(1);
        }
        assertThat(spooled(spool)).as("a report made with an API key waits for vigil run --job").hasSize(1);
    }

    @Test
    void flush_sends_what_waits_and_says_how_many_are_left(@TempDir Path spool) throws Exception {
        Result empty = run(spool, "--flush");
        assertThat(empty.exit()).isZero();
        assertThat(empty.stdout()).contains("sent 0 spooled report(s)", "0 left");
    }
}

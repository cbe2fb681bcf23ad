package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example project of a first start, in a real server whose embedded agent runs the managed jobs
 * as real {@code /bin/sh} processes. Time is a settable clock, moved to each fire time in turn, so
 * the first minute after the start takes seconds: what the board shows is read from the REST API.
 */
class ExampleProjectTest {
    /** An odd minute: the flaky job's first fire time (09:01:30) fails, its second (09:02:00) succeeds. */
    static final Instant T0 = Instant.parse("2030-01-07T09:01:00Z");
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path data;
    MutableClock clock;
    TestServer server;

    @BeforeEach
    void start() {
        clock = new MutableClock(T0, ZoneOffset.UTC);
        // A lease far longer than the test: moving the clock must not make the embedded agent look silent.
        Config config = Config.forTests(data).withExample(true).withAdminKey(TestServer.ADMIN_KEY)
                .withAgentLease(Duration.ofHours(1));
        server = TestServer.start(clock, config);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Map<String, JsonNode> board() {
        TestServer.Response r = server.get("/api/v1/jobs?project=example");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, JsonNode> jobs = new HashMap<>();
        r.json().get("jobs").forEach(j -> jobs.put(j.get("slug").asText(), j));
        return jobs;
    }

    private String status(String slug) {
        return board().get(slug).get("status").asText();
    }

    private List<JsonNode> runs(String slug) {
        JsonNode runs = server.get("/api/v1/jobs/example/" + slug + "/runs").json().get("runs");
        return StreamSupport.stream(runs.spliterator(), false).toList();
    }

    private List<String> runStates(String slug) {
        return runs(slug).stream().map(r -> r.get("state").asText()).toList();
    }

    private String output(JsonNode run) {
        return server.get("/api/v1/runs/" + run.get("id").asLong()).json().get("output").asText();
    }

    private void at(int secondsAfterStart) {
        clock.set(T0.plusSeconds(secondsAfterStart));
    }

    @Test
    void the_example_jobs_succeed_fail_overrun_and_go_missed_in_the_first_minute_and_the_slow_one_ends() {
        assertThat(board()).containsOnlyKeys("sync-users", "flaky-import", "slow-export", "heartbeat", "nightly-backup");
        assertThat(board().values()).allSatisfy(j -> assertThat(j.get("status").asText()).isEqualTo("new"));

        at(20); // the succeeding job's first fire time
        await().atMost(WAIT).until(() -> status("sync-users").equals("up"));
        JsonNode synced = runs("sync-users").getFirst();
        assertThat(synced.get("state").asText()).isEqualTo("succeeded");
        assertThat(synced.get("exitCode").asInt()).isZero();
        assertThat(output(synced)).contains("syncing users from the directory", "42 users checked, 3 updated");

        at(30); // the flaky job's first fire time (an odd minute) and the heartbeat's first expected ping
        await().atMost(WAIT).until(() -> status("flaky-import").equals("failed"));
        JsonNode failed = runs("flaky-import").getFirst();
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("exitCode").asInt()).isEqualTo(1);
        assertThat(failed.get("scheduledFor").asText()).isEqualTo("2030-01-07T09:01:30Z");
        assertThat(output(failed)).contains("importing orders due at 2030-01-07T09:01:30Z", "503");
        at(31); // the deadline timer lets a deadline settle 200 ms before it decides
        await().atMost(WAIT).until(() -> status("heartbeat").equals("late"));

        at(40); // the slow job starts; the heartbeat's grace of 10 s ends
        await().atMost(WAIT).until(() -> status("slow-export").equals("running"));
        at(41);
        await().atMost(WAIT).until(() -> status("heartbeat").equals("missed"));
        assertThat(board().get("heartbeat").get("alerting").asBoolean()).isTrue();

        at(51); // 10 s of maxRuntime after the slow run started, while its process (about 25 s) still runs
        await().atMost(WAIT).until(() -> status("slow-export").equals("overdue"));
        assertThat(runStates("slow-export")).containsExactly("running");
        long slowRun = runs("slow-export").getFirst().get("id").asLong(); // its output so far, live
        await().atMost(WAIT).until(() -> server.get("/api/v1/runs/" + slowRun + "/log").body().contains("batch 1/12 written"));

        at(60); // the flaky job's second fire time, in an even minute
        await().atMost(WAIT).until(() -> status("flaky-import").equals("up"));
        assertThat(runStates("flaky-import")).containsExactlyInAnyOrder("failed", "succeeded");
        assertThat(board().get("flaky-import").get("health").asText()).isEqualTo("healthy");
        assertThat(status("heartbeat")).isEqualTo("missed");

        // The slow process runs about 25 s of real time; the clock moves to when it would end.
        at(64);
        await().atMost(Duration.ofSeconds(40)).until(() -> runStates("slow-export").equals(List.of("succeeded")));
        assertThat(status("slow-export")).isEqualTo("up");
        assertThat(output(runs("slow-export").getFirst())).contains("batch 12/12 written", "export complete");
        List<String> flips = new ArrayList<>(); // newest first
        server.get("/api/v1/jobs/example/slow-export/flips").json().get("flips")
                .forEach(f -> flips.addFirst(f.get("toStatus").asText()));
        assertThat(flips).containsSubsequence("running", "overdue", "up");
    }

    @Test
    void the_example_definitions_read_like_a_real_project() {
        Map<String, JsonNode> jobs = board();
        JsonNode backup = jobs.get("nightly-backup");
        assertThat(backup.get("schedule").get("cron").asText()).isEqualTo("30 2 * * *");
        assertThat(backup.get("schedule").get("timezone").asText()).isEqualTo("Europe/London");
        assertThat(backup.get("scheduleText").asText()).isNotBlank();
        assertThat(backup.get("tags")).extracting(JsonNode::asText).contains("db");
        assertThat(backup.has("command")).isFalse();
        assertThat(jobs.get("heartbeat").has("command")).isFalse();
        assertThat(jobs.get("heartbeat").get("grace").asText()).isEqualTo("10s");
        assertThat(jobs.get("slow-export").get("maxRuntime").asText()).isEqualTo("10s");
        for (String managed : List.of("sync-users", "flaky-import", "slow-export")) {
            assertThat(jobs.get(managed).get("command").asText()).as(managed).isNotBlank();
            JsonNode workdir = jobs.get(managed).path("workdir");
            assertThat(workdir.isMissingNode() || workdir.isNull()).as(managed + " runs in the server's directory").isTrue();
        }
        assertThat(jobs.values()).allSatisfy(j -> {
            assertThat(j.get("owner").asText()).isIn("ops-team", "data-team");
            assertThat(j.get("description").asText()).isNotBlank();
            assertThat(j.get("tags")).extracting(JsonNode::asText).contains("demo");
        });
    }

    /** The flaky script alone, under /bin/sh: the minute of its fire time decides, fractions of a second and all. */
    @Test
    void the_flaky_script_fails_exactly_when_its_fire_time_is_in_an_odd_minute() throws Exception {
        assertThat(runFlaky("2030-01-07T09:01:30Z")).isEqualTo(1);
        assertThat(runFlaky("2030-01-07T09:02:00Z")).isZero();
        assertThat(runFlaky("2030-01-07T23:59:30.125Z")).isEqualTo(1);
        assertThat(runFlaky("2030-01-07T00:00:00.5Z")).isZero();
        assertThat(runFlaky("2030-01-07T10:08:00Z")).isZero(); // not read as octal
        assertThat(runFlaky(null)).isIn(0, 1); // a manual run has no fire time: the time now decides
    }

    private static int runFlaky(String scheduledFor) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", ExampleProject.FLAKY_SCRIPT).redirectErrorStream(true);
        pb.environment().remove("VIGIL_SCHEDULED_FOR");
        if (scheduledFor != null) pb.environment().put("VIGIL_SCHEDULED_FOR", scheduledFor);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("importing orders due at");
        return p.exitValue();
    }
}

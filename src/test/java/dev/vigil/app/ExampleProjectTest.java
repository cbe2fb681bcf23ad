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
    /** The first start; the jobs fire on a settable clock from here. */
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
    void the_example_jobs_succeed_fail_overrun_and_go_missed_in_the_first_minute() {
        assertThat(board()).containsOnlyKeys("sync-users", "flaky-import", "slow-export", "heartbeat", "nightly-backup");
        assertThat(board().values()).allSatisfy(j -> assertThat(j.get("status").asText()).isEqualTo("new"));

        at(20); // the succeeding job's first fire time
        await().atMost(WAIT).until(() -> status("sync-users").equals("up"));
        JsonNode synced = runs("sync-users").getFirst();
        assertThat(synced.get("state").asText()).isEqualTo("succeeded");
        assertThat(synced.get("exitCode").asInt()).isZero();
        assertThat(output(synced)).contains("syncing users from the directory", "42 users checked, 3 updated");

        at(30); // the flaky job's first run, which fails; the heartbeat's first expected ping
        await().atMost(WAIT).until(() -> status("flaky-import").equals("failed"));
        JsonNode failed = runs("flaky-import").getFirst();
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("exitCode").asInt()).isEqualTo(1);
        assertThat(output(failed)).contains("import run 1, due at 2030-01-07T09:01:30Z", "503");
        assertThat(board().get("flaky-import").get("health").asText()).isEqualTo("healthy");
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

        at(60); // the flaky job's second run fails too: two in a row make it unhealthy
        await().atMost(WAIT).until(() -> board().get("flaky-import").get("health").asText().equals("unhealthy"));
        assertThat(status("flaky-import")).isEqualTo("failed");
        assertThat(runStates("flaky-import")).containsExactly("failed", "failed");
        assertThat(status("heartbeat")).isEqualTo("missed");

        // The slow process runs about 25 s of real time; the clock moves to when it would end.
        at(64);
        await().atMost(Duration.ofSeconds(40)).until(() -> runStates("slow-export").equals(List.of("succeeded")));
        assertThat(status("slow-export")).isEqualTo("up");
        assertThat(output(runs("slow-export").getFirst())).contains("batch 12/12 written", "export complete");
        assertThat(toStatuses("slow-export")).containsSubsequence("running", "overdue", "up");

        at(80); // the slow job's second run
        await().atMost(WAIT).until(() -> status("slow-export").equals("running"));
        at(90); // the flaky job's third run succeeds: healthy again
        await().atMost(WAIT).until(() -> status("flaky-import").equals("up"));
        assertThat(board().get("flaky-import").get("health").asText()).isEqualTo("healthy");
        assertThat(runStates("flaky-import")).containsExactly("succeeded", "failed", "failed");
        assertThat(output(runs("flaky-import").getFirst())).contains("import run 3", "imported 17 orders");
    }

    /** The statuses a job went through, oldest first. */
    private List<String> toStatuses(String slug) {
        List<String> flips = new ArrayList<>();
        server.get("/api/v1/jobs/example/" + slug + "/flips").json().get("flips")
                .forEach(f -> flips.addFirst(f.get("toStatus").asText())); // the API lists the newest first
        return flips;
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
        assertThat(jobs.get("flaky-import").get("env").get("EXAMPLE_CREATED").asText())
                .isEqualTo(Long.toString(T0.getEpochSecond()));
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

    /** The flaky script alone, under /bin/sh: its runs are counted from the job's creation by their fire times. */
    @Test
    void the_flaky_script_fails_the_first_two_of_every_four_runs() throws Exception {
        List<Integer> exits = new ArrayList<>();
        for (int run = 1; run <= 8; run++) {
            exits.add(runFlaky(T0.plusSeconds(30L * run).plusMillis(250).toString()));
        }
        assertThat(exits).containsExactly(1, 1, 0, 0, 1, 1, 0, 0);
        assertThat(runFlaky(null)).isIn(0, 1); // a manual run has no fire time: the time now decides
    }

    private static int runFlaky(String scheduledFor) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", ExampleProject.FLAKY_SCRIPT).redirectErrorStream(true);
        pb.environment().remove("VIGIL_SCHEDULED_FOR");
        pb.environment().put("EXAMPLE_CREATED", Long.toString(T0.getEpochSecond()));
        if (scheduledFor != null) pb.environment().put("VIGIL_SCHEDULED_FOR", scheduledFor);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("import run ");
        return p.exitValue();
    }
}

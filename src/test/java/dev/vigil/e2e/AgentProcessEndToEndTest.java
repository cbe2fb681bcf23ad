package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil server} and {@code vigil agent} as separate OS processes on the system clock, the way
 * they are deployed (PRODUCT.md §5): scheduled runs on the agent, overlap, the server or the agent
 * killed with SIGKILL mid-run, timeouts that end a whole process tree, pipelines, draining on SIGTERM.
 *
 * <p>Not here: catch-up of fire times missed while the server was down. A fire time counts as
 * missed only when it is handled more than 30 s late, so a real-clock test would keep a server down
 * for over half a minute; {@code SchedulerTest} covers it with a settable clock.
 */
class AgentProcessEndToEndTest {
    private static final String AGENT = "e2e-box";

    @RegisterExtension
    final Processes vigil = new Processes();
    Process server;
    Process agent;

    @BeforeEach
    void start() throws Exception {
        server = vigil.startServer();
        agent = vigil.startAgent(AGENT, 2, spool());
        vigil.post("/api/v1/projects", "{\"slug\": \"e2e\"}");
    }

    private Path spool() {
        return vigil.work().resolve("spool-" + AGENT);
    }

    @Test
    void a_scheduled_job_fires_on_time_and_runs_on_the_agent() throws Exception {
        job("tick", "{\"schedule\": {\"every\": \"2s\"}, \"command\": \"echo tick $VIGIL_SCHEDULED_FOR\", \"labels\": [\"e2e\"]}");

        await().atMost(Duration.ofSeconds(30)).until(() -> runs("tick").stream().anyMatch(r -> state(r).equals("succeeded")));
        JsonNode run = runs("tick").stream().filter(r -> state(r).equals("succeeded")).findFirst().orElseThrow();
        assertThat(run.get("trigger").asText()).isEqualTo("schedule");
        assertThat(run.get("agent").asText()).isEqualTo(AGENT);
        Duration lag = Duration.between(instant(run, "scheduledFor"), instant(run, "startedAt"));
        assertThat(lag).as("fire lag (correctness, not performance)").isBetween(Duration.ZERO, Duration.ofSeconds(5));
        assertThat(vigil.text("/api/v1/runs/" + id(run) + "/log")).contains("tick " + run.get("scheduledFor").asText());
    }

    @Test
    void an_overshooting_job_queues_its_next_run_and_skips_further_fire_times() throws Exception {
        // Fires every second, runs for three: one run goes, one waits, the fire times meanwhile are skipped.
        job("slow", "{\"schedule\": {\"every\": \"1s\"}, \"command\": \"sleep 3\", \"overlap\": \"queue\"}");

        await().atMost(Duration.ofSeconds(45)).until(() -> finished("slow").size() >= 2);
        vigil.put("/api/v1/jobs/e2e/slow", "{\"command\": \"sleep 3\"}"); // no schedule any more: nothing new fires
        List<JsonNode> all = runs("slow");
        List<JsonNode> ran = finished("slow");
        for (JsonNode r : ran) assertThat(state(r)).isEqualTo("succeeded");
        JsonNode first = ran.get(0);
        JsonNode second = ran.get(1);
        assertThat(instant(second, "scheduledFor")).as("the second fire time came while the first run went on")
                .isBefore(instant(first, "endedAt"));
        Duration gap = Duration.between(instant(first, "endedAt"), instant(second, "startedAt"));
        assertThat(gap).as("the waiting run starts as soon as the one before ends").isBetween(Duration.ZERO, Duration.ofSeconds(3));

        List<JsonNode> skipped = all.stream().filter(r -> state(r).equals("skipped")).toList();
        assertThat(skipped).as("fire times while a run waited").isNotEmpty();
        assertThat(skipped).allSatisfy(r -> assertThat(r.get("reason").asText()).isEqualTo("overlap: queue (a run is already waiting)"));
        JsonNode skip = skipped.stream().min(Comparator.comparing(r -> instant(r, "scheduledFor"))).orElseThrow();
        assertThat(instant(skip, "scheduledFor")).isAfter(instant(second, "scheduledFor")).isBefore(instant(first, "endedAt"));
        assertThat(all.stream().map(r -> r.get("scheduledFor").asText()).distinct().count())
                .as("one run per fire time").isEqualTo(all.size());
    }

    @Test
    void runs_survive_a_killed_server_and_their_results_are_delivered_once_after_the_restart() throws Exception {
        Path gate = vigil.work().resolve("gate");
        Path done = vigil.work().resolve("done");
        Path gate2 = vigil.work().resolve("gate2");
        job("long", "{\"schedule\": {\"every\": \"2s\"}, \"overlap\": \"skip\", \"retries\": 1, \"retryBackoff\": \"1s\","
                + " \"command\": \"while [ ! -f " + gate + " ]; do sleep 0.1; done; echo finished $VIGIL_RUN_ID; touch " + done + "\"}");
        job("across", "{\"retries\": 1, \"retryBackoff\": \"1s\", \"command\": \"while [ ! -f " + gate2 + " ]; do sleep 0.1; done; echo across\"}");
        long across = id(vigil.post("/api/v1/jobs/e2e/across/runs", "{}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> runs("long").stream().anyMatch(r -> state(r).equals("running"))
                && state(vigil.get("/api/v1/runs/" + across)).equals("running"));
        JsonNode running = runs("long").stream().filter(r -> state(r).equals("running")).findFirst().orElseThrow();
        long id = id(running);

        server.destroyForcibly().waitFor(); // SIGKILL: no shutdown of any kind
        long killed = System.nanoTime();
        Files.writeString(gate, "");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(done));
        // Down for over two leases, long enough for an agent that backs off to pause longer than a lease.
        Thread.sleep(Math.max(0, Processes.LEASE.multipliedBy(2).plusSeconds(1).minusNanos(System.nanoTime() - killed).toMillis()));
        server = vigil.startServer();
        Instant back = Instant.now(); // the agent stamps the end a moment after the job's last command: compare with this

        // The run that ended meanwhile: its finish waited in the agent's spool.
        await().atMost(Duration.ofSeconds(30)).until(() -> state(vigil.get("/api/v1/runs/" + id)).equals("succeeded"));
        JsonNode run = vigil.get("/api/v1/runs/" + id);
        assertThat(run.get("agent").asText()).isEqualTo(AGENT);
        assertThat(instant(run, "endedAt")).as("it ended on the agent while the server was down").isBefore(back);
        assertThat(vigil.text("/api/v1/runs/" + id + "/log")).contains("finished " + id);

        // The run still going: leases are judged from one lease after the server started (before it was
        // ready), every second; past that, the run is still the agent's.
        Thread.sleep(Processes.LEASE.toMillis() + 1_500);
        assertThat(state(vigil.get("/api/v1/runs/" + across))).isEqualTo("running");
        Files.writeString(gate2, "");
        await().atMost(Duration.ofSeconds(30)).until(() -> state(vigil.get("/api/v1/runs/" + across)).equals("succeeded"));
        assertThat(runs("across")).as("no retry of a run that was never lost").hasSize(1);

        List<JsonNode> all = runs("long");
        assertThat(all).noneMatch(r -> state(r).equals("lost") || r.get("trigger").asText().equals("retry"));
        assertThat(all).filteredOn(r -> r.get("scheduledFor").asText().equals(running.get("scheduledFor").asText())).hasSize(1);
        assertThat(all.stream().map(r -> r.get("scheduledFor").asText()).distinct().count())
                .as("one run per fire time").isEqualTo(all.size());
        assertThat(vigil.get("/api/v1/runs/" + id).get("state").asText()).isEqualTo("succeeded");
        assertThat(vigil.agentState(AGENT)).isEqualTo("connected");
    }

    @Test
    void a_killed_agent_loses_its_run_and_the_retry_runs_on_the_next_agent() throws Exception {
        Path pids = vigil.work().resolve("pids");
        job("fragile", "{\"retries\": 1, \"retryBackoff\": \"1s\", \"command\": \"echo $$ >> " + pids
                + "; if [ $VIGIL_ATTEMPT = 1 ]; then sleep 120; fi; echo attempt $VIGIL_ATTEMPT\"}");
        long id = id(vigil.post("/api/v1/jobs/e2e/fragile/runs", "{}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> state(vigil.get("/api/v1/runs/" + id)).equals("running") && Files.exists(pids));
        long orphan = Long.parseLong(Files.readAllLines(pids).getFirst().trim());
        vigil.adopt(orphan);

        agent.destroyForcibly().waitFor(); // SIGKILL: the agent cannot drain, report or stop its job
        long killedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> state(vigil.get("/api/v1/runs/" + id)).equals("lost"));
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("lost within the lease and a few seconds")
                .isLessThan(Processes.LEASE.plusSeconds(10));
        assertThat(vigil.get("/api/v1/runs/" + id).get("reason").asText()).contains("stopped answering");
        JsonNode retry = runs("fragile").getFirst();
        assertThat(retry.get("trigger").asText()).isEqualTo("retry");
        assertThat(retry.get("attempt").asInt()).isEqualTo(2);
        assertThat(vigil.agentState(AGENT)).isEqualTo("lost");

        // The job leads its own session and process group (setsid), so the agent's death sends it
        // nothing: it lives on as an orphan (re-parented to PID 1 or a subreaper) until an agent
        // process starts again on this machine and ends what its ledger says was left running.
        assertThat(alive(orphan)).as("the killed agent's job lives on as an orphan").isTrue();

        agent = vigil.startAgent(AGENT, 2, spool()); // the same name is free again once its lease ran out
        await().atMost(Duration.ofSeconds(30)).until(() -> !alive(orphan));
        await().atMost(Duration.ofSeconds(30)).until(() -> state(vigil.get("/api/v1/runs/" + id(retry))).equals("succeeded"));
        assertThat(vigil.text("/api/v1/runs/" + id(retry) + "/log")).contains("attempt 2");
        assertThat(vigil.get("/api/v1/runs/" + id(retry)).get("agent").asText()).isEqualTo(AGENT);
        assertThat(runs("fragile")).hasSize(2);
    }

    @Test
    void a_timed_out_run_ends_with_all_its_processes() throws Exception {
        Path dir = vigil.work();
        // The leader starts a child, a shell with a grandchild, and a grandchild that leaves the group.
        String script = "sleep 300 & echo $! > " + dir.resolve("child") + "; "
                + "sh -c 'sleep 300 & echo $! > " + dir.resolve("grandchild") + "; wait' & echo $! > " + dir.resolve("middle") + "; "
                + "setsid sleep 300 & echo $! > " + dir.resolve("escaped") + "; "
                + "echo $$ > " + dir.resolve("leader") + "; wait";
        job("stuck", "{\"timeout\": \"2s\", \"command\": " + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(script) + "}");
        long id = id(vigil.post("/api/v1/jobs/e2e/stuck/runs", "{}"));
        List<String> names = List.of("leader", "child", "middle", "grandchild", "escaped");
        await().atMost(Duration.ofSeconds(30)).until(() -> names.stream().allMatch(n -> nonEmpty(dir.resolve(n))));
        List<Long> pids = new ArrayList<>();
        for (String n : names) {
            long pid = Long.parseLong(Files.readString(dir.resolve(n)).trim());
            pids.add(pid);
            vigil.adopt(pid);
        }
        assertThat(pids).allMatch(AgentProcessEndToEndTest::alive);

        await().atMost(Duration.ofSeconds(30)).until(() -> state(vigil.get("/api/v1/runs/" + id)).equals("timed_out"));
        JsonNode run = vigil.get("/api/v1/runs/" + id);
        assertThat(run.get("reason").asText()).startsWith("timed out after");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(pids.stream().filter(AgentProcessEndToEndTest::alive).toList()).as("processes left").isEmpty());
    }

    @Test
    void a_downstream_job_runs_on_the_agent_after_its_upstream_succeeds() throws Exception {
        job("extract", "{\"command\": \"echo extracted\"}");
        job("load", "{\"command\": \"echo loaded\", \"after\": [\"extract\"]}");
        long id = id(vigil.post("/api/v1/jobs/e2e/extract/runs", "{}"));

        await().atMost(Duration.ofSeconds(30)).until(() -> runs("load").stream().anyMatch(r -> state(r).equals("succeeded")));
        JsonNode upstream = vigil.get("/api/v1/runs/" + id);
        JsonNode downstream = runs("load").getFirst();
        assertThat(state(upstream)).isEqualTo("succeeded");
        assertThat(downstream.get("trigger").asText()).isEqualTo("upstream");
        assertThat(downstream.get("agent").asText()).isEqualTo(AGENT);
        assertThat(instant(downstream, "startedAt")).isAfterOrEqualTo(instant(upstream, "endedAt"));
        assertThat(runs("load")).hasSize(1);
    }

    @Test
    void sigterm_drains_the_agent_the_run_finishes_and_the_agent_leaves() throws Exception {
        Path gate = vigil.work().resolve("gate");
        job("report", "{\"command\": \"while [ ! -f " + gate + " ]; do sleep 0.1; done; echo report done\"}");
        long id = id(vigil.post("/api/v1/jobs/e2e/report/runs", "{}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> state(vigil.get("/api/v1/runs/" + id)).equals("running"));

        agent.destroy(); // SIGTERM, as systemd or Kubernetes sends
        await().atMost(Duration.ofSeconds(30)).until(() -> "draining".equals(vigil.agentState(AGENT)));
        job("later", "{\"command\": \"true\"}");
        long later = id(vigil.post("/api/v1/jobs/e2e/later/runs", "{}"));
        Files.writeString(gate, "");

        assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as("the agent exits once drained").isTrue();
        assertThat(agent.exitValue()).isZero();
        JsonNode run = vigil.get("/api/v1/runs/" + id);
        assertThat(state(run)).isEqualTo("succeeded");
        assertThat(vigil.text("/api/v1/runs/" + id + "/log")).contains("report done");
        assertThat(vigil.agentState(AGENT)).isEqualTo("left");
        assertThat(state(vigil.get("/api/v1/runs/" + later))).as("a draining agent takes nothing new").isEqualTo("queued");
    }

    // ---- helpers

    private void job(String slug, String body) throws Exception {
        vigil.put("/api/v1/jobs/e2e/" + slug, body);
    }

    /** The job's runs, newest first. */
    private List<JsonNode> runs(String slug) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        vigil.get("/api/v1/jobs/e2e/" + slug + "/runs?limit=1000").get("runs").forEach(out::add);
        return out;
    }

    /** Runs that went and ended, oldest fire time first. */
    private List<JsonNode> finished(String slug) throws Exception {
        return runs(slug).stream().filter(r -> r.hasNonNull("endedAt") && r.hasNonNull("startedAt") && !state(r).equals("skipped"))
                .sorted(Comparator.comparing(r -> instant(r, "scheduledFor"))).collect(Collectors.toList());
    }

    private static String state(JsonNode run) {
        return run.get("state").asText();
    }

    private static long id(JsonNode run) {
        return run.get("id").asLong();
    }

    private static Instant instant(JsonNode run, String field) {
        return Instant.parse(run.get(field).asText());
    }

    private static boolean nonEmpty(Path p) {
        try {
            return Files.exists(p) && !Files.readString(p).isBlank();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Exists and is not a zombie: a killed orphan waits as a zombie until PID 1 reaps it, which can be late. */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

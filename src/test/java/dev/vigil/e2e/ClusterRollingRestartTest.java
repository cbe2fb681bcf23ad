package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.store.sql.EmbeddedPostgresHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rolling release (issue 12): three {@code vigil server} processes on one PostgreSQL, one
 * {@code vigil agent} that knows them all, watched jobs pinged through the live servers and managed
 * jobs every 2 s whose runs take a second. Each server in turn is stopped with SIGTERM and started
 * again. Its partitions are handed over by release (no takeover of a silent node), no run is
 * interrupted, no fire time is skipped or run twice, and no alarm is raised.
 */
class ClusterRollingRestartTest {
    static final int WATCHED = 12;
    static final int MANAGED = 4;

    @RegisterExtension
    final Processes vigil = new Processes();

    @Test
    void restarting_every_server_in_turn_interrupts_no_run_skips_no_fire_time_and_raises_no_alarm() throws Exception {
        Map<String, String> settings = Map.of("VIGIL_DB_URL", EmbeddedPostgresHolder.newDatabase("vigil_rolling"),
                "VIGIL_DB_USER", "postgres", "VIGIL_EMBEDDED_AGENT", "false", "VIGIL_RECHECK_WINDOW", "10s");
        AtomicReferenceArray<Processes.Node> nodes = new AtomicReferenceArray<>(3);
        for (int i = 0; i < 3; i++) nodes.set(i, vigil.startNode("n" + i, settings));
        vigil.startAgentOf(nodes.get(0).baseUrl() + "," + nodes.get(1).baseUrl() + "," + nodes.get(2).baseUrl(), "rolling", 8,
                vigil.work().resolve("spool"));
        String first = nodes.get(0).baseUrl();
        assertThat(vigil.request(first, "POST", "/api/v1/projects", "{\"slug\": \"ops\"}").statusCode()).isEqualTo(201);
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < WATCHED; i++) {
            var r = vigil.request(nodes.get(i % 3).baseUrl(), "PUT", "/api/v1/jobs/ops/w" + i,
                    "{\"schedule\": {\"every\": \"6s\"}, \"grace\": \"3s\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            uuids.add(vigil.json(first, "/api/v1/jobs/ops/w" + i).get("uuid").asText());
        }
        Path ledger = vigil.work().resolve("ledger");
        for (int i = 0; i < MANAGED; i++) {
            var r = vigil.request(nodes.get(i % 3).baseUrl(), "PUT", "/api/v1/jobs/ops/m" + i,
                    "{\"schedule\": {\"every\": \"2s\"}, \"command\": \"sleep 1; echo $VIGIL_RUN_ID >> " + ledger + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> vigil.json(first, "/api/v1/agents").get("agents").findValuesAsText("state")
                .contains("connected"));

        Set<Integer> stopped = ConcurrentHashMap.newKeySet();
        List<String> refused = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread pinger = Thread.ofVirtual().start(() -> {
            Random random = new Random(7);
            while (!stop.get()) {
                for (String uuid : uuids) {
                    int n = random.nextInt(3);
                    while (stopped.contains(n)) n = (n + 1) % 3;
                    try {
                        int status = vigil.request(nodes.get(n).baseUrl(), "GET", "/ping/" + uuid, null).statusCode();
                        if (status != 200) refused.add(uuid + " via n" + n + ": " + status);
                    } catch (Exception e) {
                        // stopped under the request: the next round pings again well within the grace
                    }
                }
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        List<Long> handovers = new ArrayList<>();
        try {
            Thread.sleep(6_000);
            for (int victim = 0; victim < 3; victim++) {
                Processes.Node node = nodes.get(victim);
                String id = vigil.json(node.baseUrl(), "/api/v1/cluster").get("self").asText();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> vigil.holdsPartitions(first(nodes, stopped), id));
                stopped.add(victim);
                long term = System.nanoTime();
                node.process().destroy(); // SIGTERM, as a release does
                String witness = nodes.get((victim + 1) % 3).baseUrl();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> vigil.heldWithout(witness, id));
                handovers.add((System.nanoTime() - term) / 1_000_000);
                assertThat(node.process().waitFor(30, TimeUnit.SECONDS)).as("n%d exits after SIGTERM", victim).isTrue();
                nodes.set(victim, vigil.restart(node));
                stopped.remove(victim);
            }
            Thread.sleep(12_000); // past the re-check window of anything a hand-over might have opened
        } finally {
            stop.set(true);
            pinger.join();
        }
        System.out.println("hand-over after SIGTERM, ms: " + handovers);

        assertThat(refused).as("pings refused by a running server").isEmpty();
        JsonNode cluster = vigil.json(first, "/api/v1/cluster");
        assertThat(cluster.get("takeovers").findValuesAsText("how")).as("every hand-over a release").doesNotContain("took over");
        assertThat(vigil.json(first, "/api/v1/incidents?project=ops").get("incidents")).as("no alarm").isEmpty();
        Map<String, Integer> states = new HashMap<>();
        List<String> succeeded = new ArrayList<>();
        for (int i = 0; i < MANAGED; i++) {
            TreeSet<Instant> fireTimes = new TreeSet<>();
            for (JsonNode r : vigil.json(first, "/api/v1/jobs/ops/m" + i + "/runs?limit=500").get("runs")) {
                assertThat(fireTimes.add(Instant.parse(r.get("scheduledFor").asText()))).as("m%d: one run per fire time", i).isTrue();
                String state = r.get("state").asText();
                states.merge(state, 1, Integer::sum);
                if (state.equals("succeeded")) succeeded.add(r.get("id").asText());
                assertThat(state).as("m%d run %s: %s", i, r.get("id"), r.get("reason"))
                        .isIn("succeeded", "skipped", "queued", "dispatched", "running");
            }
            for (Instant t = fireTimes.first(); t.isBefore(fireTimes.last()); t = t.plusSeconds(2)) {
                assertThat(fireTimes).as("m%d: fire time %s has a run or a recorded skip", i, t).contains(t);
            }
        }
        List<String> lines = Files.readAllLines(ledger); // after the runs: a run reported succeeded wrote its line first
        assertThat(new HashSet<>(lines)).as("no run executed twice").hasSize(lines.size());
        assertThat(lines).as("every succeeded run executed").containsAll(succeeded);
        assertThat(states.getOrDefault("succeeded", 0)).as("runs: %s", states).isGreaterThan(MANAGED * 8);
    }

    /** A server that is running, to ask. */
    private static String first(AtomicReferenceArray<Processes.Node> nodes, Set<Integer> stopped) {
        for (int i = 0; i < 3; i++) if (!stopped.contains(i)) return nodes.get(i).baseUrl();
        throw new IllegalStateException("every server is stopped");
    }
}

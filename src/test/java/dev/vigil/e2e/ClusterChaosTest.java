package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.store.sql.EmbeddedPostgresHolder;
import dev.vigil.testing.RecordingHttpServer;
import java.net.http.HttpResponse;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Chaos (issue 12): three {@code vigil server} processes on one PostgreSQL, one {@code vigil agent}
 * that knows all three, pingers spread over the live servers, watched jobs (most pinged on time, a
 * few never), managed jobs every 2 s whose command appends its run id to a file, and a webhook
 * receiver. Every {@value #KILL_EVERY_S} s a random server is killed with SIGKILL and started again.
 * At the end: every ping answered 200 is stored; every fire time of a managed job has one run (or
 * a recorded skip), none twice; no run id executed twice; no incident for a job pinged on time;
 * one incident per never-pinged job, and one idempotency key per incident at the receiver. Each
 * takeover is measured and printed. Bounded to about two and a half minutes.
 */
class ClusterChaosTest {
    static final int PINGED = 24;
    static final int SILENT = 3;
    static final int MANAGED = 8;
    static final int KILLS = 4;
    static final int KILL_EVERY_S = 15;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final Processes vigil = new Processes();

    @Test
    void servers_killed_in_turn_lose_nothing_run_nothing_twice_and_raise_no_false_alarm() throws Exception {
        Map<String, String> settings = Map.of("VIGIL_DB_URL", EmbeddedPostgresHolder.newDatabase("vigil_chaos"),
                "VIGIL_DB_USER", "postgres", "VIGIL_EMBEDDED_AGENT", "false", "VIGIL_RECHECK_WINDOW", "10s");
        AtomicReferenceArray<Processes.Node> nodes = new AtomicReferenceArray<>(3);
        for (int i = 0; i < 3; i++) nodes.set(i, vigil.startNode("n" + i, settings));
        String all = nodes.get(0).baseUrl() + "," + nodes.get(1).baseUrl() + "," + nodes.get(2).baseUrl();
        vigil.startAgentOf(all, "chaos", 16, vigil.work().resolve("spool"));
        Set<Integer> down = ConcurrentHashMap.newKeySet();

        try (RecordingHttpServer receiver = RecordingHttpServer.start()) {
            String first = nodes.get(0).baseUrl();
            ok(vigil.request(first, "POST", "/api/v1/projects", "{\"slug\": \"ops\"}"));
            ok(vigil.request(first, "POST", "/api/v1/projects/ops/channels",
                    "{\"kind\": \"webhook\", \"name\": \"hook\", \"config\": {\"url\": \"" + receiver.url("/hook") + "\"}}"));
            List<String> uuids = new ArrayList<>();
            for (int i = 0; i < PINGED; i++) {
                uuids.add(json(ok(vigil.request(nodes.get(i % 3).baseUrl(), "PUT", "/api/v1/jobs/ops/p" + i,
                        "{\"schedule\": {\"every\": \"10s\"}, \"grace\": \"5s\"}"))).get("uuid").asText());
            }
            for (int i = 0; i < SILENT; i++) {
                ok(vigil.request(nodes.get(i % 3).baseUrl(), "PUT", "/api/v1/jobs/ops/s" + i,
                        "{\"schedule\": {\"every\": \"10s\"}, \"grace\": \"5s\"}"));
            }
            Path ledger = vigil.work().resolve("ledger");
            for (int i = 0; i < MANAGED; i++) {
                ok(vigil.request(nodes.get(i % 3).baseUrl(), "PUT", "/api/v1/jobs/ops/m" + i,
                        "{\"schedule\": {\"every\": \"2s\"}, \"command\": \"echo $VIGIL_RUN_ID >> " + ledger + "\"}"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> "connected".equals(agentState(first)));

            // Pingers: each pinged job every 3 s, through a live server chosen at random.
            AtomicBoolean stop = new AtomicBoolean();
            Map<Integer, AtomicInteger> answered = new ConcurrentHashMap<>();
            Map<Integer, AtomicInteger> unanswered = new ConcurrentHashMap<>();
            List<String> refused = new CopyOnWriteArrayList<>();
            Random random = new Random(12);
            Thread pinger = Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    for (int i = 0; i < PINGED; i++) {
                        int n = random.nextInt(3);
                        if (down.contains(n)) n = (n + 1) % 3;
                        if (down.contains(n)) n = (n + 1) % 3;
                        try {
                            int status = vigil.request(nodes.get(n).baseUrl(), "GET", "/ping/" + uuids.get(i), null).statusCode();
                            if (status == 200) answered.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
                            else refused.add("p" + i + " via n" + n + ": " + status);
                        } catch (Exception e) {
                            // the server died under the request: nothing is owed, though it may have been stored
                            unanswered.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    try {
                        Thread.sleep(3_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });

            List<Long> takeovers = new ArrayList<>();
            Random chaos = new Random(34);
            try {
                for (int k = 0; k < KILLS; k++) {
                    Thread.sleep(KILL_EVERY_S * 1_000L);
                    int victim = chaos.nextInt(3);
                    Processes.Node node = nodes.get(victim);
                    String victimId = vigil.json(node.baseUrl(), "/api/v1/cluster").get("self").asText();
                    // A server started again first gets its share back; killing it before would measure nothing.
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                            .until(() -> vigil.holdsPartitions(node.baseUrl(), victimId));
                    down.add(victim);
                    node.process().destroyForcibly().waitFor();
                    long killed = System.nanoTime();
                    int witness = (victim + 1) % 3;
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                            .until(() -> vigil.heldWithout(nodes.get(witness).baseUrl(), victimId));
                    takeovers.add((System.nanoTime() - killed) / 1_000_000);
                    nodes.set(victim, vigil.restart(node));
                    down.remove(victim);
                }
                Thread.sleep(20_000); // past every re-check window a takeover opened
            } finally {
                stop.set(true);
                pinger.join();
            }
            System.out.println("takeover after SIGKILL, ms: " + takeovers);
            String any = nodes.get(0).baseUrl();

            assertThat(refused).as("pings refused by a live server").isEmpty();
            for (int i = 0; i < PINGED; i++) {
                long stored = vigil.json(any, "/api/v1/jobs/ops/p" + i + "/events?limit=1000").findValues("kind").stream()
                        .filter(k -> k.asText().equals("succeeded")).count();
                int ok = answered.get(i).get();
                int lost = unanswered.getOrDefault(i, new AtomicInteger()).get();
                assertThat(stored).as("p%d: every ping answered 200 is stored (%d unanswered)", i, lost).isBetween((long) ok, (long) ok + lost);
            }
            List<String> incidents = new ArrayList<>();
            for (JsonNode inc : vigil.json(any, "/api/v1/incidents?project=ops&limit=500").get("incidents")) {
                incidents.add(inc.get("job").asText());
            }
            assertThat(incidents).as("no incident for a job pinged on time").noneMatch(j -> j.startsWith("p"));
            for (int i = 0; i < SILENT; i++) {
                String slug = "s" + i;
                assertThat(incidents.stream().filter(slug::equals)).as("one incident for " + slug).hasSize(1);
            }
            Set<String> keys = new HashSet<>();
            for (RecordingHttpServer.Request r : receiver.requests()) keys.add(r.header("Idempotency-Key"));
            assertThat(keys).as("one idempotency key per incident transition").hasSize(SILENT);

            List<String> lines = Files.readAllLines(ledger);
            assertThat(new HashSet<>(lines)).as("no run executed twice").hasSize(lines.size());
            for (int i = 0; i < MANAGED; i++) {
                TreeSet<Instant> fireTimes = new TreeSet<>();
                Map<String, Integer> states = new HashMap<>();
                for (JsonNode r : vigil.json(any, "/api/v1/jobs/ops/m" + i + "/runs?limit=1000").get("runs")) {
                    assertThat(fireTimes.add(Instant.parse(r.get("scheduledFor").asText()))).as("m%d: one run per fire time", i).isTrue();
                    states.merge(r.get("state").asText(), 1, Integer::sum);
                }
                for (Instant t = fireTimes.first(); t.isBefore(fireTimes.last()); t = t.plusSeconds(2)) {
                    assertThat(fireTimes).as("m%d: fire time %s has a run or a recorded skip", i, t).contains(t);
                }
                assertThat(states.getOrDefault("succeeded", 0)).as("m%d ran: %s", i, states).isGreaterThan(20);
            }
        }
    }

    private String agentState(String server) throws Exception {
        for (JsonNode a : vigil.json(server, "/api/v1/agents").get("agents")) {
            if (a.get("name").asText().equals("chaos")) return a.get("state").asText();
        }
        return null;
    }

    private static HttpResponse<String> ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return r;
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }
}

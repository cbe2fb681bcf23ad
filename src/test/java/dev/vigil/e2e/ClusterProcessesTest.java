package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.store.sql.EmbeddedPostgresHolder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two {@code vigil server} processes on one PostgreSQL database, as an operator runs them behind a
 * load balancer: they split the partitions, pings through either one keep every job up (no false
 * alarm), a job nobody pings opens exactly one incident, and after a {@code kill -9} of one the
 * other takes its partitions over and goes on firing the managed job, each run executed once.
 */
class ClusterProcessesTest {
    static final int WATCHED = 16;
    @RegisterExtension
    final Processes vigil = new Processes();

    @Test
    void two_servers_share_the_jobs_raise_no_false_alarm_and_take_over_a_killed_one() throws Exception {
        List<Processes.Node> pair = startPair("vigil_cluster");
        Processes.Node x = pair.get(0);
        Processes.Node y = pair.get(1);
        created(vigil.request(x.baseUrl(), "POST", "/api/v1/projects", "{\"slug\": \"ops\"}"));
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < WATCHED; i++) {
            String node = i % 2 == 0 ? x.baseUrl() : y.baseUrl(); // defined through either node
            uuids.add(json(created(vigil.request(node, "PUT", "/api/v1/jobs/ops/w" + i,
                    "{\"schedule\": {\"every\": \"6s\"}, \"grace\": \"3s\"}"))).get("uuid").asText());
        }
        // A page open on y hears of a ping applied by x.
        List<String> events = listen(y);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("event: hello"));
        Thread.sleep(1_000);
        events.clear();
        assertThat(vigil.request(x.baseUrl(), "GET", "/ping/" + uuids.get(0), null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(3)).until(() -> events.contains("event: change")); // a bound for a slow machine

        created(vigil.request(x.baseUrl(), "PUT", "/api/v1/jobs/ops/silent", "{\"schedule\": {\"every\": \"6s\"}, \"grace\": \"3s\"}"));
        Path ledger = vigil.work().resolve("ledger");
        created(vigil.request(y.baseUrl(), "PUT", "/api/v1/jobs/ops/tick",
                "{\"schedule\": {\"every\": \"2s\"}, \"command\": \"echo $VIGIL_RUN_ID >> " + ledger + "\"}"));

        // Whichever server owns it, both list the managed job's next fire time.
        for (Processes.Node node : List.of(x, y)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> vigil.json(node.baseUrl(), "/api/v1/upcoming?project=ops")
                    .findValuesAsText("job").contains("ops/tick"));
        }

        // Each watched job pinged every 2 s, half through x and half through y; after x dies, all through y.
        AtomicBoolean xAlive = new AtomicBoolean(true);
        AtomicBoolean stop = new AtomicBoolean();
        Set<String> failedPings = ConcurrentHashMap.newKeySet();
        Thread pinger = Thread.ofVirtual().start(() -> {
            while (!stop.get()) {
                for (int i = 0; i < WATCHED; i++) {
                    String node = i % 2 == 0 && xAlive.get() ? x.baseUrl() : y.baseUrl();
                    try {
                        int status = vigil.request(node, "GET", "/ping/" + uuids.get(i), null).statusCode();
                        if (status != 200 && (node.equals(y.baseUrl()) || xAlive.get())) failedPings.add("w" + i + ": " + status);
                    } catch (Exception e) {
                        if (node.equals(y.baseUrl())) failedPings.add("w" + i + ": " + e);
                    }
                }
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            Thread.sleep(20_000);
            assertThat(incidentsOf(y, "w")).as("no false alarm while both servers run").isEmpty();
            assertThat(statusOf(x, "w0")).isEqualTo("up");
            assertThat(statusOf(y, "w1")).isEqualTo("up");

            Instant killedAt = Instant.now();
            xAlive.set(false);
            x.process().destroyForcibly().waitFor(); // SIGKILL: x hands nothing over
            long killed = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode c = vigil.json(y.baseUrl(), "/api/v1/cluster");
                for (JsonNode n : c.get("nodes")) {
                    if (n.get("id").asText().equals(c.get("self").asText())) return n.get("partitions").size() == 64;
                }
                return false;
            });
            System.out.printf("takeover of a killed node: %d ms%n", (System.nanoTime() - killed) / 1_000_000);
            Thread.sleep(12_000);
            stop.set(true);
            pinger.join();

            assertThat(failedPings).as("every ping through a live server answered 200").isEmpty();
            assertThat(incidentsOf(y, "w")).as("no false alarm, before or after the takeover").isEmpty();
            for (int i = 0; i < WATCHED; i++) assertThat(statusOf(y, "w" + i)).as("w" + i).isEqualTo("up");
            assertThat(incidentsOf(y, "silent")).as("the job nobody pings: one incident, not one per server").hasSize(1);

            List<String> lines = Files.readAllLines(ledger);
            assertThat(new HashSet<>(lines)).as("every run executed once").hasSize(lines.size());
            JsonNode runs = vigil.json(y.baseUrl(), "/api/v1/jobs/ops/tick/runs?limit=500").get("runs");
            Set<String> fireTimes = new HashSet<>();
            boolean firedAfterKill = false;
            for (JsonNode r : runs) {
                assertThat(fireTimes.add(r.get("scheduledFor").asText())).as("one run per fire time").isTrue();
                if (Instant.parse(r.get("scheduledFor").asText()).isAfter(killedAt.plusSeconds(8))) firedAfterKill = true;
            }
            assertThat(firedAfterKill).as("the survivor fires the managed job after the takeover").isTrue();
        } finally {
            stop.set(true);
            pinger.join();
        }
    }

    @Test
    void a_server_stopped_with_sigterm_hands_its_partitions_over_at_once() throws Exception {
        List<Processes.Node> pair = startPair("vigil_handover");
        Processes.Node x = pair.get(0);
        Processes.Node y = pair.get(1);
        long stopping = System.nanoTime();
        x.process().destroy(); // SIGTERM: the server's shutdown hook closes it
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode c = vigil.json(y.baseUrl(), "/api/v1/cluster");
            return c.get("nodes").size() == 1 && c.get("nodes").get(0).get("partitions").size() == 64;
        });
        long handover = (System.nanoTime() - stopping) / 1_000_000;
        System.out.printf("hand-over after SIGTERM: %d ms%n", handover);
        assertThat(x.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        // Released, not timed out: y claimed free partitions, it took none over from a silent node.
        assertThat(vigil.json(y.baseUrl(), "/api/v1/cluster").get("takeovers").findValuesAsText("how")).contains("released")
                .doesNotContain("took over");
    }

    @Test
    void a_second_server_on_the_same_sqlite_data_directory_is_refused_saying_why() throws Exception {
        vigil.startServer(Map.of());
        Process second = vigil.launch("second", Map.of("VIGIL_ADMIN_KEY", Processes.ADMIN_KEY),
                "server", "--port", "0", "--host", "127.0.0.1", "--data-dir", vigil.data().toString(), "--no-example");
        assertThat(second.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the second server gives up").isTrue();
        assertThat(second.exitValue()).isNotZero();
        assertThat(vigil.log(2)).contains("is using the data directory").contains("share a PostgreSQL database");
        assertThat(vigil.request(vigil.baseUrl(), "GET", "/health/ready", null).statusCode()).isEqualTo(200); // the first serves on
    }

    /** Servers x and y on a new database, once each holds some of the partitions and none is without an owner. */
    private List<Processes.Node> startPair(String database) throws Exception {
        Map<String, String> db = Map.of("VIGIL_DB_URL", EmbeddedPostgresHolder.newDatabase(database), "VIGIL_DB_USER", "postgres");
        Processes.Node x = vigil.startNode("x", db);
        Processes.Node y = vigil.startNode("y", db);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode c = vigil.json(y.baseUrl(), "/api/v1/cluster");
            return c.get("nodes").size() == 2 && c.get("unowned").isEmpty()
                    && !c.get("nodes").get(0).get("partitions").isEmpty() && !c.get("nodes").get(1).get("partitions").isEmpty();
        });
        return List.of(x, y);
    }

    /** The dashboard's live feed of a server, as an open page receives it. */
    private static List<String> listen(Processes.Node node) throws Exception {
        var ui = dev.vigil.web.ui.UiClient.loggedIn(node.baseUrl(), Processes.ADMIN_KEY);
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpResponse<java.io.InputStream> stream = ui.http().send(java.net.http.HttpRequest.newBuilder(ui.uri("/ui/events"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        Thread.ofVirtual().start(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(), java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (java.io.IOException e) {
                // the server went away at the end of the test
            }
        });
        return lines;
    }

    private static HttpResponse<String> created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return r;
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }

    private List<String> incidentsOf(Processes.Node node, String slugPrefix) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode i : vigil.json(node.baseUrl(), "/api/v1/incidents?project=ops").get("incidents")) {
            String job = i.get("job").asText();
            if (job.startsWith(slugPrefix)) out.add(job + " " + i.get("reason").asText());
        }
        return out;
    }

    private String statusOf(Processes.Node node, String slug) throws Exception {
        return vigil.json(node.baseUrl(), "/api/v1/jobs/ops/" + slug).get("status").asText();
    }
}

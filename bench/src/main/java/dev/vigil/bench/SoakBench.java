package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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

/**
 * Scenario {@code soak} (issue 12): the chaos test of {@code ./mvnw verify} (ClusterChaosTest), run
 * long and hard. {@code --nodes} (3) {@code vigil server} processes on one embedded PostgreSQL, a
 * {@code vigil agent} process that knows them all, pingers spread over the live servers, watched
 * jobs ({@code --pinged} pinged every 3 s, {@code --silent} never), {@code --managed} jobs every 2 s
 * whose command appends its run id to a ledger file, and a webhook receiver. For {@code --minutes}
 * (10), a random server is killed with SIGKILL every {@code --kill-min}..{@code --kill-max} s (5..10)
 * and started again at once on its port and data directory. A kill waits until every server is up
 * and the victim holds partitions; a kill that came due while the last takeover was still being
 * measured happens as soon as it is over.
 *
 * <p>At the end, the same invariants as the chaos test: every ping answered 200 is stored; every
 * fire time of a managed job has one run (or a recorded skip), none twice, until the end; no run id
 * executed twice; no incident for a job pinged on time; one incident per never-pinged job and one
 * idempotency key per incident at the receiver. Prints each takeover time and a RESULT line; exits
 * with status 1 when an invariant does not hold.
 */
final class SoakBench {
    private static final String TOKEN = "vat_bench_soak_agent_token_000000";
    private static final String PROJECT = "soak";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> failures = new ArrayList<>();

    private SoakBench() {}

    static void run(Options o) throws Exception {
        Path work = Files.createDirectories(Path.of(o.text("work", "target/work")).toAbsolutePath());
        System.out.println("# scenario soak; " + Machine.describe() + "; load average before: " + Machine.loadAverage());
        try (EmbeddedPostgres pg = Db.startPostgres(work, "on", false)) {
            SoakBench soak = new SoakBench();
            soak.once(o, Db.database("postgres", pg, work, "soak_" + System.nanoTime()), work);
            if (!soak.failures.isEmpty()) {
                soak.failures.forEach(f -> System.out.println("FAIL " + f));
                System.exit(1);
            }
        }
    }

    private void once(Options o, Db db, Path work) throws Exception {
        int n = o.integer("nodes", 3);
        int pinged = o.integer("pinged", 40);
        int silent = o.integer("silent", 4);
        int managed = o.integer("managed", 20);
        long minutes = o.integer("minutes", 10);
        int killMin = o.integer("kill-min", 5);
        int killMax = o.integer("kill-max", 10);
        Map<String, String> settings = Map.of("VIGIL_EMBEDDED_AGENT", "false", "VIGIL_AGENT_TOKEN", TOKEN,
                "VIGIL_AGENT_LEASE", "3s", "VIGIL_RECHECK_WINDOW", "10s");
        AtomicReferenceArray<ClusterNode> nodes = new AtomicReferenceArray<>(n);
        Set<Integer> down = ConcurrentHashMap.newKeySet();
        Path dir = Files.createTempDirectory(work, "soak-");
        Process agent = null;
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        List<String> keys = new CopyOnWriteArrayList<>();
        receiver.createContext("/hook", exchange -> {
            keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            for (int i = 0; i < n; i++) nodes.set(i, ClusterNode.start(o, db, dir, i, settings));
            ClusterNode.awaitSettled(nodes.get(0).api(), n, 60_000);
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < n; i++) urls.add(nodes.get(i).baseUrl());
            agent = startAgent(String.join(",", urls), dir);

            Api first = nodes.get(0).api();
            first.send("POST", "/api/v1/projects", "{\"slug\": \"" + PROJECT + "\"}", 201);
            first.send("POST", "/api/v1/projects/" + PROJECT + "/channels", "{\"kind\": \"webhook\", \"name\": \"hook\", \"config\":"
                    + " {\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\"}}", 201);
            List<String> uuids = new ArrayList<>();
            for (int i = 0; i < pinged; i++) {
                uuids.add(nodes.get(i % n).api().send("PUT", "/api/v1/jobs/" + PROJECT + "/p" + i,
                        "{\"schedule\": {\"every\": \"10s\"}, \"grace\": \"5s\"}", 201).get("uuid").asText());
            }
            for (int i = 0; i < silent; i++) {
                nodes.get(i % n).api().send("PUT", "/api/v1/jobs/" + PROJECT + "/s" + i,
                        "{\"schedule\": {\"every\": \"10s\"}, \"grace\": \"5s\"}", 201);
            }
            Path ledger = dir.resolve("ledger");
            for (int i = 0; i < managed; i++) {
                nodes.get(i % n).api().send("PUT", "/api/v1/jobs/" + PROJECT + "/m" + i,
                        "{\"schedule\": {\"every\": \"2s\"}, \"command\": \"echo $VIGIL_RUN_ID >> " + ledger + "\"}", 201);
            }
            awaitAgent(first, 60_000);
            System.out.printf("## %d servers on one PostgreSQL, ports %s, one agent; %d watched jobs pinged every 3 s, %d never,"
                            + " %d managed jobs every 2 s; a SIGKILL every %d..%d s for %d min; load average %s%n", n,
                    urls, pinged, silent, managed, killMin, killMax, minutes, Machine.loadAverage());

            AtomicBoolean stop = new AtomicBoolean();
            Map<Integer, AtomicInteger> answered = new ConcurrentHashMap<>();
            Map<Integer, AtomicInteger> unanswered = new ConcurrentHashMap<>();
            List<String> refused = new CopyOnWriteArrayList<>();
            Thread pinger = Thread.ofVirtual().start(() -> {
                Random random = new Random(12);
                while (!stop.get()) {
                    for (int i = 0; i < pinged; i++) {
                        int k = random.nextInt(n);
                        for (int tries = 0; tries < n && down.contains(k); tries++) k = (k + 1) % n;
                        try {
                            int status = get(nodes.get(k).baseUrl() + "/ping/" + uuids.get(i));
                            if (status == 200) answered.computeIfAbsent(i, x -> new AtomicInteger()).incrementAndGet();
                            else refused.add("p" + i + " via node " + k + ": " + status);
                        } catch (IOException e) {
                            unanswered.computeIfAbsent(i, x -> new AtomicInteger()).incrementAndGet(); // it died under the request
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    sleep(3_000);
                }
            });

            List<Long> takeovers = new ArrayList<>();
            List<Long> gaps = new ArrayList<>();
            List<String> loads = new ArrayList<>();
            Random chaos = new Random(o.integer("seed", 34));
            long end = System.nanoTime() + minutes * 60_000_000_000L;
            long lastKill = 0;
            long nextLoad = System.nanoTime();
            List<Thread> restarts = new ArrayList<>();
            try {
                long nextKill = System.nanoTime() + seconds(chaos, killMin, killMax);
                while (System.nanoTime() < end) {
                    if (System.nanoTime() >= nextLoad) {
                        loads.add(Machine.loadAverage().split(" ")[0]);
                        nextLoad += 60_000_000_000L;
                    }
                    if (System.nanoTime() < nextKill || !down.isEmpty()) {
                        Thread.sleep(50);
                        continue;
                    }
                    int victim = chaos.nextInt(n);
                    ClusterNode node = nodes.get(victim);
                    String victimId = node.id();
                    long waitShare = System.currentTimeMillis() + 30_000;
                    while (!ClusterNode.holdsPartitions(node.api(), victimId) && System.currentTimeMillis() < waitShare) Thread.sleep(100);
                    down.add(victim);
                    node.process().process.destroyForcibly().waitFor();
                    long killed = System.nanoTime();
                    if (lastKill != 0) gaps.add((killed - lastKill) / 1_000_000);
                    lastKill = killed;
                    nextKill = killed + seconds(chaos, killMin, killMax);
                    restarts.add(Thread.ofVirtual().start(() -> {
                        try {
                            nodes.set(victim, node.restart(o, db));
                            down.remove(victim);
                        } catch (Exception e) {
                            failures.add("server " + victim + " did not start again: " + e);
                        }
                    }));
                    Api witness = nodes.get((victim + 1) % n).api();
                    long giveUp = System.nanoTime() + 60_000_000_000L;
                    while (!ClusterNode.takenOver(witness, victimId)) {
                        if (System.nanoTime() > giveUp) throw new IllegalStateException("no takeover of " + victimId + " within 60 s");
                        Thread.sleep(50);
                    }
                    takeovers.add((System.nanoTime() - killed) / 1_000_000);
                    System.out.printf("kill %d: server %d, taken over after %d ms; load average %s%n", takeovers.size(), victim,
                            takeovers.getLast(), Machine.loadAverage());
                }
                for (Thread t : restarts) t.join();
                ClusterNode.awaitSettled(nodes.get(0).api(), n, 60_000);
                Thread.sleep(20_000); // past every re-check window a takeover opened
            } finally {
                stop.set(true);
                pinger.join();
            }
            String load = Machine.loadAverage();
            Instant stopped = Instant.now();

            // ---------------------------------------------------------------- invariants
            Api any = nodes.get(0).api();
            check(refused.isEmpty(), "pings refused by a live server: " + refused);
            long pingsAnswered = 0;
            long pingsStored = 0;
            for (int i = 0; i < pinged; i++) {
                long stored = 0;
                for (JsonNode e : any.send("GET", "/api/v1/jobs/" + PROJECT + "/p" + i + "/events?limit=1000", null, 200).findValues("kind")) {
                    if (e.asText().equals("succeeded")) stored++;
                }
                int ok = answered.getOrDefault(i, new AtomicInteger()).get();
                int lost = unanswered.getOrDefault(i, new AtomicInteger()).get();
                pingsAnswered += ok;
                pingsStored += stored;
                check(stored >= ok && stored <= ok + lost, "p" + i + ": " + ok + " pings answered 200, " + lost + " unanswered, "
                        + stored + " stored");
            }
            List<String> incidents = new ArrayList<>();
            for (JsonNode inc : any.send("GET", "/api/v1/incidents?project=" + PROJECT + "&limit=500", null, 200).get("incidents")) {
                incidents.add(inc.get("job").asText());
            }
            List<String> falseAlarms = incidents.stream().filter(j -> j.startsWith("p")).toList();
            check(falseAlarms.isEmpty(), "incidents for jobs pinged on time: " + falseAlarms);
            for (int i = 0; i < silent; i++) {
                String slug = "s" + i;
                long count = incidents.stream().filter(slug::equals).count();
                check(count == 1, slug + " (never pinged) has " + count + " incidents, not 1");
            }
            Set<String> distinctKeys = new HashSet<>(keys);
            check(distinctKeys.size() == silent, "the receiver saw " + distinctKeys.size() + " idempotency keys for " + silent
                    + " incidents (" + keys.size() + " deliveries)");

            long runs = 0;
            long fireTimes = 0;
            Map<String, Integer> states = new HashMap<>();
            List<String> succeeded = new ArrayList<>();
            Map<String, Integer> skips = new HashMap<>();
            for (int i = 0; i < managed; i++) {
                TreeSet<Instant> times = new TreeSet<>();
                for (JsonNode r : any.send("GET", "/api/v1/jobs/" + PROJECT + "/m" + i + "/runs?limit=1000", null, 200).get("runs")) {
                    runs++;
                    Instant t = Instant.parse(r.get("scheduledFor").asText());
                    check(times.add(t), "m" + i + ": two runs for fire time " + t);
                    states.merge(r.get("state").asText(), 1, Integer::sum);
                    if (r.get("state").asText().equals("succeeded")) succeeded.add(r.get("id").asText());
                    if (r.get("state").asText().equals("skipped")) skips.merge(r.get("reason").asText(), 1, Integer::sum);
                }
                if (times.isEmpty()) {
                    check(false, "m" + i + " never ran");
                    continue;
                }
                for (Instant t = times.first(); t.isBefore(times.last()); t = t.plusSeconds(2)) {
                    check(times.contains(t), "m" + i + ": fire time " + t + " has no run and no recorded skip");
                }
                fireTimes += times.size();
                check(times.last().isAfter(stopped.minusSeconds(30)), "m" + i + ": last fire time " + times.last()
                        + ", more than 30 s before the end");
            }
            // Read after the runs: the managed jobs go on firing, and a run reported succeeded wrote its line before.
            List<String> lines = Files.readAllLines(ledger);
            Set<String> executed = new HashSet<>(lines);
            check(executed.size() == lines.size(), (lines.size() - executed.size()) + " run ids executed twice");
            List<String> unexecuted = succeeded.stream().filter(id -> !executed.contains(id)).toList();
            check(unexecuted.isEmpty(), "runs succeeded but not in the ledger: " + unexecuted);
            long[] sorted = takeovers.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.println("takeover after SIGKILL, ms: " + takeovers);
            System.out.println("time between kills, ms: " + gaps);
            System.out.println("fire times skipped, by reason: " + skips);
            System.out.printf("RESULT soak nodes=%d minutes=%d kills=%d (every %.1f s on average, %d..%d s asked) takeover p50 %d ms,"
                            + " max %d ms; pings answered 200 %d, stored %d; managed runs %d for %d fire times (%s), %d executed,"
                            + " none twice: %s; incidents %d (%d never-pinged jobs), webhook deliveries %d with %d keys;"
                            + " invariants %s; load average each minute %s, at the end %s%n", n, minutes, takeovers.size(),
                    gaps.stream().mapToLong(Long::longValue).average().orElse(0) / 1000, killMin, killMax,
                    sorted.length == 0 ? -1 : sorted[sorted.length / 2], sorted.length == 0 ? -1 : sorted[sorted.length - 1],
                    pingsAnswered, pingsStored, runs, fireTimes, states, lines.size(), executed.size() == lines.size(),
                    incidents.size(), silent, keys.size(), distinctKeys.size(), failures.isEmpty() ? "HOLD" : failures.size() + " BROKEN",
                    loads, load);
        } finally {
            receiver.stop(0);
            if (agent != null) {
                agent.destroy();
                agent.waitFor();
            }
            for (int i = 0; i < n; i++) if (nodes.get(i) != null) nodes.get(i).process().close();
        }
    }

    private void check(boolean holds, String failure) {
        if (!holds) failures.add(failure);
    }

    private static long seconds(Random random, int min, int max) {
        return (long) ((min + random.nextDouble() * (max - min)) * 1e9);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Process startAgent(String servers, Path dir) throws IOException {
        Path log = dir.resolve("agent.log");
        ProcessBuilder pb = new ProcessBuilder(ServerProcess.java(), "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-jar", ServerProcess.jar().toString(), "agent", "--server", servers, "--name", "soak", "--labels", "soak",
                "--capacity", "32", "--spool-dir", dir.resolve("spool").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("VIGIL_AGENT_TOKEN", TOKEN);
        pb.environment().put(ServerProcess.LOOPBACK_ALLOWED[0], ServerProcess.LOOPBACK_ALLOWED[1]);
        return pb.start();
    }

    private static void awaitAgent(Api api, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode a : api.send("GET", "/api/v1/agents", null, 200).get("agents")) {
                if (a.get("name").asText().equals("soak") && a.get("state").asText().equals("connected")) return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the agent did not connect within " + timeoutMillis + " ms");
    }
}

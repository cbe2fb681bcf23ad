package dev.vigil.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scenario {@code cluster} (issue 12): N {@code vigil server} processes (the shaded jar, embedded
 * agents on) sharing one embedded PostgreSQL on this machine, for each N of {@code --nodes}
 * (1,2,3):
 * <ul>
 * <li>{@code pings}: durable pings/s, the load spread evenly over the N servers (one closed-loop
 *     load generator per server, {@code --connections} in all), {@code --seconds} measured;</li>
 * <li>{@code runs}: {@code --runs} runs of {@code --run-jobs} http-target jobs queued through all N
 *     servers while the receiver holds its answers, then drained: runs/s from the gate's opening
 *     until every run is recorded;</li>
 * <li>{@code takeover} (N ≥ 2): {@code --kills} times, one server is killed with SIGKILL and the
 *     time until every partition is held by a live server is measured (as the first server's
 *     {@code GET /api/v1/cluster} says); then it is started again.</li>
 * </ul>
 * Every server, PostgreSQL and the load generator share this machine's cores: more servers do not
 * add hardware here, so the figures show what the coordination costs, not how a cluster scales.
 */
final class ClusterBench {
    static final String PROJECT = "bench";

    private ClusterBench() {}

    static void run(Options o) throws Exception {
        int[] sizes = Arrays.stream(o.text("nodes", "1,2,3").split(",")).mapToInt(Integer::parseInt).toArray();
        Path work = Files.createDirectories(Path.of(o.text("work", "target/work")).toAbsolutePath());
        System.out.println("# scenario cluster; " + Machine.describe() + "; load average before: " + Machine.loadAverage());
        try (EmbeddedPostgres pg = Db.startPostgres(work, o.text("pg-sync", "on"), false)) {
            for (int n : sizes) once(o, pg, work, n);
        }
    }

    private static void once(Options o, EmbeddedPostgres pg, Path work, int n) throws Exception {
        Db db = Db.database("postgres", pg, work, "cluster" + n + "_" + System.nanoTime());
        List<ClusterNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) nodes.add(ClusterNode.start(o, db, work, i, Map.of()));
            ClusterNode.awaitSettled(nodes.getFirst().api(), n, 60_000);
            System.out.printf("## %d server%s on one PostgreSQL, ports %s; load average %s%n", n, n == 1 ? "" : "s",
                    nodes.stream().map(x -> Integer.toString(x.process().port)).toList(), Machine.loadAverage());
            Api api = nodes.getFirst().api();
            api.send("POST", "/api/v1/projects", "{\"slug\": \"" + PROJECT + "\"}", 201);
            List<String> only = List.of(o.text("only", "pings,runs,takeover").split(","));
            if (only.contains("pings")) pings(o, nodes);
            if (only.contains("runs")) runs(o, nodes);
            if (n >= 2 && only.contains("takeover")) takeovers(o, nodes, db, work);
        } finally {
            for (ClusterNode x : nodes) x.process().close();
        }
    }

    // ---------------------------------------------------------------- pings

    private static void pings(Options o, List<ClusterNode> nodes) throws Exception {
        int jobs = o.integer("jobs", 2_000);
        int connections = o.integer("connections", 192);
        double seconds = o.integer("seconds", 15);
        List<UUID> uuids = nodes.getFirst().api().createJobs(PROJECT, jobs, "1h", 64);
        String load0 = Machine.loadAverage();
        List<PingLoad> loads = new ArrayList<>();
        try {
            for (ClusterNode x : nodes) loads.add(new PingLoad(x.process().port, uuids, Math.max(1, connections / nodes.size())));
            List<Future<PingLoad.Outcome>> outcomes = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (PingLoad l : loads) outcomes.add(pool.submit(() -> l.closedLoop(3, seconds)));
            }
            double rate = 0;
            long failed = 0;
            List<String> per = new ArrayList<>();
            for (Future<PingLoad.Outcome> f : outcomes) {
                PingLoad.Outcome r = f.get();
                rate += r.rate();
                failed += r.failed();
                per.add(String.format("%.0f/s (%s)", r.rate(), r.latencies().summary()));
            }
            System.out.printf("RESULT cluster-pings nodes=%d jobs=%d connections=%d seconds=%.0f rate=%.0f/s failed=%d;"
                            + " per server %s; load average %s -> %s%n", nodes.size(), jobs, connections, seconds, rate, failed,
                    per, load0, Machine.loadAverage());
        } finally {
            for (PingLoad l : loads) l.close();
        }
    }

    // ---------------------------------------------------------------- runs

    private static void runs(Options o, List<ClusterNode> nodes) throws Exception {
        int runs = o.integer("runs", 10_000);
        int jobs = Math.min(o.integer("run-jobs", 200), runs);
        int maxSeconds = o.integer("max-seconds", 300);
        try (RunReceiver receiver = RunReceiver.start(runs + 1_000)) {
            Api api = nodes.getFirst().api();
            AllInOneBench.forEach(jobs, 32, i -> api.send("PUT", "/api/v1/jobs/" + PROJECT + "/d" + i,
                    "{\"http\": {\"method\": \"GET\", \"url\": \"" + receiver.base() + "/d/" + i + "\"}, \"overlap\": \"allow\"}", 201));
            receiver.closeGate();
            long t0 = System.nanoTime();
            AllInOneBench.forEach(runs, 32, k -> nodes.get(k % nodes.size()).api()
                    .send("POST", "/api/v1/jobs/" + PROJECT + "/d" + (k % jobs) + "/runs", null, 201));
            double enqueue = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(1_000);
            String load0 = Machine.loadAverage();
            long open = System.nanoTime();
            receiver.openGate();
            long deadline = System.currentTimeMillis() + maxSeconds * 1_000L;
            double recorded = -1;
            while (System.currentTimeMillis() < deadline) {
                if (receiver.recorded() >= runs && activeRuns(api) == 0) {
                    recorded = (System.nanoTime() - open) / 1e9;
                    break;
                }
                Thread.sleep(200);
            }
            System.out.printf("RESULT cluster-runs nodes=%d runs=%d (http GET to a local receiver, queued through every server"
                            + " in %.1f s = %.0f/s) %s; load average %s -> %s%n", nodes.size(), runs, enqueue, runs / enqueue,
                    recorded < 0 ? "NOT all recorded within " + maxSeconds + " s"
                            : String.format("all recorded %.1f s after the gate opened = %.0f runs/s (polled every 0.2 s; the"
                                    + " server's run counts are cached 1 s)", recorded, runs / recorded),
                    load0, Machine.loadAverage());
        }
    }

    private static long activeRuns(Api api) throws Exception {
        long sum = 0;
        for (String line : api.text("GET", "/metrics", null, 200).split("\n")) {
            if (line.startsWith("vigil_runs{")) sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }

    // ---------------------------------------------------------------- takeover

    private static void takeovers(Options o, List<ClusterNode> nodes, Db db, Path work) throws Exception {
        int kills = o.integer("kills", 3);
        List<Long> took = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            int victim = nodes.size() - 1;
            ClusterNode x = nodes.get(victim);
            String id = x.id();
            long deadline = System.currentTimeMillis() + 60_000;
            while (!ClusterNode.holdsPartitions(nodes.getFirst().api(), id)) { // a server just started again gets its share first
                if (System.currentTimeMillis() > deadline) throw new IllegalStateException("server " + id + " got no partition within 60 s");
                Thread.sleep(100);
            }
            x.process().process.destroyForcibly().waitFor();
            long killed = System.nanoTime();
            Api witness = nodes.getFirst().api();
            while (!ClusterNode.takenOver(witness, id)) Thread.sleep(50);
            took.add((System.nanoTime() - killed) / 1_000_000);
            nodes.set(victim, x.restart(o, db));
            ClusterNode.awaitSettled(nodes.getFirst().api(), nodes.size(), 60_000);
        }
        long[] sorted = took.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("RESULT cluster-takeover nodes=%d kills=%d takeover after SIGKILL p50 %d ms, max %d ms (all: %s ms;"
                        + " node timeout 5 s, heartbeat 1 s; polled every 50 ms); load average %s%n", nodes.size(), kills,
                sorted[sorted.length / 2], sorted[sorted.length - 1], took, Machine.loadAverage());
    }
}

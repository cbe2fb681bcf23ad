package dev.vigil.bench;

import dev.vigil.domain.EventKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Scenario 1: durable pings per second and ping latency, against the shaded jar in a child process
 * on the embedded SQLite store. Jobs are created through the API. The load generator runs in this
 * JVM on the same two cores as the server.
 */
final class PingBench {
    static final String ADMIN_KEY = "vk_bench_admin_key_0123456789";

    private PingBench() {}

    static void run(Options o) throws Exception {
        int jobCount = o.integer("jobs", 10_000);
        int[] connections = Arrays.stream(o.text("connections", "64,256,1024").split(",")).mapToInt(Integer::parseInt).toArray();
        double measure = o.integer("measure", 15);
        int[] openRates = Arrays.stream(o.text("open-rate", "10000,2000").split(",")).mapToInt(Integer::parseInt).toArray();
        int openSeconds = o.integer("open-seconds", 20);
        List<String> flags = flags(o.text("server-flags", "launcher"));
        Path work = Files.createDirectories(Path.of(o.text("work", "target/work")).toAbsolutePath());
        Path dataDir = Files.createTempDirectory(work, "pings-");
        List<String> serverFlags = new ArrayList<>(flags);
        String logging = o.text("logging", "info");
        if (logging.equals("info")) {
            // The jar ships no logback.xml, so logback logs everything at DEBUG; see README.
            serverFlags.add("-Dlogback.configurationFile=" + Path.of("logback-info.xml").toAbsolutePath());
        } else if (!logging.equals("shipped")) {
            throw new IllegalArgumentException("--logging info|shipped");
        }
        if (o.flag("profile")) {
            serverFlags.add("-XX:StartFlightRecording=filename=" + work.resolve("pings.jfr") + ",settings=profile");
        }
        System.out.println("# scenario 1: pings; server JVM flags " + serverFlags + "; " + Machine.describe()
                + "; load average before: " + Machine.loadAverage());
        long okTotal = 0;
        try (ServerProcess server = ServerProcess.start(serverFlags, dataDir, ADMIN_KEY, dataDir.resolve("server.log"))) {
            System.out.printf("server ready in %.0f ms (pid %d, port %d)%n", server.awaitReady(60_000) / 1e6, server.pid(), server.port);
            Api api = new Api(server.port, ADMIN_KEY);
            api.send("POST", "/api/v1/projects", "{\"slug\": \"bench\"}", 201);
            long t0 = System.nanoTime();
            List<UUID> jobs = api.createJobs("bench", jobCount, "1h", 64);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("created %d jobs through PUT /api/v1/jobs in %.1f s (%.0f/s, 64 in parallel)%n", jobCount, s, jobCount / s);

                ProcessHandle sp = server.process.toHandle();
            try (PingLoad warm = new PingLoad(server.port, jobs, 256)) {
                PingLoad.Outcome w = warm.closedLoop(0, o.integer("warmup", 10));
                okTotal += warm.okAll();
                System.out.printf("warm-up: closed loop, 256 connections, %.0f s: %.0f pings/s%n", w.seconds(), w.rate());
            }
            double best = 0;
            for (int c : connections) {
                try (PingLoad load = new PingLoad(server.port, jobs, c)) {
                    long sc0 = Machine.cpuNanos(sp), cc0 = Machine.selfCpuNanos(), w0 = System.nanoTime();
                    PingLoad.Outcome r = load.closedLoop(3, measure);
                    double wall = (System.nanoTime() - w0) / 1e9;
                    double serverCores = (Machine.cpuNanos(sp) - sc0) / 1e9 / wall;
                    double clientCores = (Machine.selfCpuNanos() - cc0) / 1e9 / wall;
                    okTotal += load.okAll();
                    best = Math.max(best, r.rate());
                    System.out.printf("RESULT pings-max connections=%d ok=%d failed=%d seconds=%.0f rate=%.0f/s"
                                    + " latency %s; cpu: server %.2f cores, load generator %.2f cores%n",
                            c, r.ok(), r.failed(), r.seconds(), r.rate(), r.latencies().summary(), serverCores, clientCores);
                }
            }
            System.out.printf("RESULT pings-max best=%.0f/s (target >= 50,000)%n", best);
            try (PingLoad load = new PingLoad(server.port, 256, List.of("/health/live"))) {
                // The same HTTP stack answering without the writer: how much the web layer alone costs.
                PingLoad.Outcome r = load.closedLoop(3, Math.min(measure, 10));
                System.out.printf("RESULT http-only GET /health/live connections=256 rate=%.0f/s latency %s%n",
                        r.rate(), r.latencies().summary());
            }
            for (int openRate : openRates) if (openRate > 0) try (PingLoad load = new PingLoad(server.port, jobs, 256)) {
                load.openLoop(openRate, 5); // warm-up at the same rate, discarded
                long sc0 = Machine.cpuNanos(sp), cc0 = Machine.selfCpuNanos(), w0 = System.nanoTime();
                PingLoad.Outcome r = load.openLoop(openRate, openSeconds);
                double wall = (System.nanoTime() - w0) / 1e9;
                System.out.printf("RESULT pings-latency rate=%d/s seconds=%.1f ok=%d failed=%d %s (from intended send time);"
                                + " cpu: server %.2f cores, load generator %.2f cores (target p99 <= 5 ms)%n",
                        openRate, r.seconds(), r.ok(), r.failed(), r.latencies().summary(),
                        (Machine.cpuNanos(sp) - sc0) / 1e9 / wall, (Machine.selfCpuNanos() - cc0) / 1e9 / wall);
                okTotal += load.okAll();
            }
        }
        System.out.println("load average after: " + Machine.loadAverage());
        long stored = countSucceeded(dataDir);
        System.out.printf("RESULT pings-durability answered-200=%d success-events-in-db-after-shutdown=%d %s%n",
                okTotal, stored, stored >= okTotal ? "OK" : "LOST ACKNOWLEDGED PINGS");
        if (!o.flag("keep")) deleteTree(dataDir);
    }

    static List<String> flags(String spec) {
        return switch (spec) {
            case "launcher" -> ServerProcess.LAUNCHER_FLAGS;
            case "plain" -> List.of();
            default -> List.of(spec.trim().split("\\s+"));
        };
    }

    static long countSucceeded(Path dataDir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("vigil.db"));
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM events WHERE kind = '" + EventKind.SUCCEEDED.wire() + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void deleteTree(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

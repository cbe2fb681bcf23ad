package dev.vigil.bench;

import dev.vigil.app.Config;
import dev.vigil.app.Vigil;
import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.Schedule;
import dev.vigil.ingest.Command;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.monitor.Observation;
import dev.vigil.ingest.Result;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.SqlStores;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Scenarios 2 and 3, in this process on the embedded store: a million idle monitored jobs; the heap
 * they cost once Vigil has started on them; how long rebuilding the deadline index takes; and how
 * soon after its deadline each of a set of probe jobs is decided late.
 */
final class DetectionBench {
    private DetectionBench() {}

    static void run(Options o) throws Exception {
        int jobs = o.integer("jobs", 1_000_000);
        int probes = o.integer("probes", 10_000);
        int spreadSeconds = o.integer("spread", 30);
        Path work = Files.createDirectories(Path.of(o.text("work", "target/work")).toAbsolutePath());
        Clock clock = Clock.systemUTC();
        System.out.println("# scenarios 2+3: detection lag and heap per idle job; " + Machine.describe()
                + "; max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, GC "
                + ManagementFactory.getGarbageCollectorMXBeans().getFirst().getName()
                + "; load average before: " + Machine.loadAverage());

        // Baseline: the same server on an empty store.
        Path empty = Files.createTempDirectory(work, "empty-");
        long baseline;
        long emptyStartNanos;
        {
            long t0 = System.nanoTime();
            Vigil v = Vigil.start(Config.forTests(empty), clock);
            emptyStartNanos = System.nanoTime() - t0;
            baseline = usedHeapAfterGc();
            System.out.printf("empty store: Vigil.start %.0f ms, heap used after GC %.1f MB%n", emptyStartNanos / 1e6, baseline / 1e6);
            v.close();
        }
        PingBench.deleteTree(empty);

        Path dataDir = Files.createTempDirectory(work, "million-");
        long t0 = System.nanoTime();
        try (Transactor store = SqlStores.sqlite(dataDir)) {
            MillionJobs.fill(store, jobs, 20_000, Duration.ofMinutes(15), clock.instant());
        }
        double fillSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("RESULT fill jobs=%d seconds=%.1f rate=%.0f jobs/s (store interfaces: jobs.insert + states.put,"
                + " 20,000 per transaction); database %.0f MB%n", jobs, fillSeconds, jobs / fillSeconds,
                Files.size(dataDir.resolve("vigil.db")) / 1e6);

        // The rebuild Vigil does on start, alone, on a cold JVM-side index.
        try (Transactor store = SqlStores.sqlite(dataDir)) {
            DeadlineIndex index = new DeadlineIndex();
            long r0 = System.nanoTime();
            store.read(tx -> {
                tx.states().forEachDeadline((id, d) -> index.put(id, d));
                return null;
            });
            System.out.printf("RESULT index-rebuild jobs=%d ms=%.0f (forEachDeadline into a DeadlineIndex, as Vigil.start does)%n",
                    index.size(), (System.nanoTime() - r0) / 1e6);
        }

        long s0 = System.nanoTime();
        Vigil vigil = Vigil.start(Config.forTests(dataDir), clock);
        double startMs = (System.nanoTime() - s0) / 1e6;
        System.out.printf("RESULT start-with-jobs jobs=%d Vigil.start=%.0f ms (empty store: %.0f ms; index holds %d)%n",
                jobs, startMs, emptyStartNanos / 1e6, vigil.deadlines().size());
        long idle = usedHeapAfterGc();
        System.out.printf("RESULT heap-idle jobs=%d used=%.1f MB baseline=%.1f MB bytes/job=%.0f (target <= 300)%n",
                jobs, idle / 1e6, baseline / 1e6, (double) (idle - baseline) / jobs);
        long ib = indexBytes(vigil.deadlines());
        System.out.printf("  of which the deadline index's arrays: %.1f MB = %.0f bytes/job (heap + position map, capacity-doubled)%n",
                ib / 1e6, (double) ib / jobs);

        detectionLag(vigil, dataDir, probes, spreadSeconds, clock);

        // A warmed writer cache: report once for as many idle jobs as the cache holds.
        int warm = o.integer("warm", Config.DEFAULT_JOB_CACHE_SIZE);
        List<CompletableFuture<Result>> pending = new ArrayList<>();
        for (long id = 2; id < 2 + warm; id++) { // job ids start at 1 in a fresh store; the fill made them
            pending.add(vigil.ingest().submit(new Command.Report(new Command.ById(id),
                    Observation.of(Observation.Kind.SUCCESS, clock.instant()), null, null, "bench")));
            if (pending.size() == 10_000) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        long warmed = usedHeapAfterGc();
        System.out.printf("RESULT heap-warm-cache jobs=%d cached=%d used=%.1f MB bytes/job=%.0f (all jobs);"
                + " each cached job adds %.0f bytes%n", jobs, warm, warmed / 1e6, (double) (warmed - baseline) / jobs,
                (double) (warmed - idle) / warm);
        vigil.close();
        System.out.println("load average after: " + Machine.loadAverage());
        if (!o.flag("keep")) PingBench.deleteTree(dataDir);
    }

    /**
     * Defines {@code probes} jobs whose first deadline falls 5 s … 5 + spread s from now, then
     * measures for each the time from its deadline to (a) the decision (the flip's {@code at}, the
     * writer's clock when it decided) and (b) the moment a separate reader first saw the committed
     * flip (polling every 20 ms, so up to 20 ms late).
     */
    private static void detectionLag(Vigil vigil, Path dataDir, int probes, int spreadSeconds, Clock clock) throws Exception {
        Instant now = clock.instant();
        long projectId = vigil.store().write(tx -> tx.projects().insert("probe", "probe", "probepingkey0123456789ab", now)).id();
        List<CompletableFuture<Result>> defs = new ArrayList<>(probes);
        for (int i = 0; i < probes; i++) {
            Duration every = Duration.ofMillis(5_000 + (long) spreadSeconds * 1_000 * i / probes);
            defs.add(vigil.ingest().submit(new Command.Define(new Job(0, UUID.randomUUID(), projectId, "probe", "p" + i,
                    null, null, null, List.of(), new Schedule.Every(every), null, null, null, HealthPolicy.DEFAULT, now, now, null))));
        }
        Map<Long, Long> deadlines = new HashMap<>();
        for (CompletableFuture<Result> f : defs) {
            Result r = f.join();
            deadlines.put(r.job().id(), r.state().nextDeadline().toEpochMilli());
        }
        long lastDeadline = deadlines.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.printf("defined %d probe jobs (every 5..%d s, so first deadlines over %d s) in %d ms%n", probes,
                5 + spreadSeconds, spreadSeconds, Duration.between(now, clock.instant()).toMillis());

        Latencies decided = new Latencies(), seen = new Latencies();
        Map<Long, Boolean> done = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("vigil.db"))) {
            PreparedStatement ps = c.prepareStatement("SELECT id, job_id, at FROM flips WHERE id > ? ORDER BY id");
            long afterId = 0;
            while (done.size() < deadlines.size() && clock.millis() < lastDeadline + 15_000) {
                ps.setLong(1, afterId);
                long seenAt = clock.millis();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        afterId = rs.getLong(1);
                        Long deadline = deadlines.get(rs.getLong(2));
                        if (deadline == null || done.put(rs.getLong(2), true) != null) continue;
                        decided.record((rs.getLong(3) - deadline) * 1_000_000);
                        seen.record((seenAt - deadline) * 1_000_000);
                    }
                }
                Thread.sleep(20);
            }
        }
        System.out.printf("RESULT detection-lag jobs=%d probes=%d decided=%d lag deadline->decision %s (target <= 1 s)%n",
                vigil.deadlines().size(), probes, done.size(), decided.summary());
        System.out.printf("RESULT detection-lag deadline->committed-and-visible (20 ms polling) %s%n", seen.summary());
        System.out.printf("  (the timer waits DeadlineTimer.DEFAULT_SETTLE = %d ms past each deadline by design)%n",
                dev.vigil.ingest.DeadlineTimer.DEFAULT_SETTLE.toMillis());
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The deadline index's own arrays (heap, positions map), read by reflection: how much of the
     * per-job heap the index accounts for.
     */
    private static long indexBytes(DeadlineIndex index) {
        try {
            long bytes = arrayBytes(field(index, "deadlines")) + arrayBytes(field(index, "jobs"));
            Object positions = field(index, "positions");
            return bytes + arrayBytes(field(positions, "keys")) + arrayBytes(field(positions, "values"));
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    private static long arrayBytes(Object array) {
        return 16L + (long) java.lang.reflect.Array.getLength(array)
                * (array instanceof int[] ? 4 : 8);
    }
}

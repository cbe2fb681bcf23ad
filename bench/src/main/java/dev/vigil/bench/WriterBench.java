package dev.vigil.bench;

import dev.vigil.app.Vigil;
import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.Schedule;
import dev.vigil.ingest.Command;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.ingest.Committed;
import dev.vigil.ingest.Ingest;
import dev.vigil.monitor.Observation;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.SqlStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 1, decomposed: the single writer alone, in this process, without HTTP. Reports are
 * submitted straight to {@link Ingest} with a fixed number outstanding, so this is the ceiling the
 * ping route can reach on the embedded store. Also measures one small SQLite commit (the fsync).
 */
final class WriterBench {
    private WriterBench() {}

    static void run(Options o) throws Exception {
        int jobCount = o.integer("jobs", 10_000);
        int seconds = o.integer("measure", 10);
        Path work = Files.createDirectories(Path.of(o.text("work", "target/work")).toAbsolutePath());
        Path dataDir = Files.createTempDirectory(work, "writer-");
        System.out.println("# scenario 1b: the writer alone (in-process Ingest, SQLite); " + Machine.describe()
                + "; load average before: " + Machine.loadAverage());
        Clock clock = Clock.systemUTC();
        try (Transactor store = SqlStores.sqlite(dataDir)) {
            commitLatency(store, clock);
            Ingest ingest = new Ingest(store, clock, new DeadlineIndex(), Committed.Listener.NONE, Vigil.LAG_THRESHOLD,
                    Duration.ofMinutes(1), 100_000);
            ingest.start();
            long projectId = store.write(tx -> tx.projects().insert("bench", "bench", "benchpingkey0123456789", clock.instant())).id();
            List<UUID> uuids = defineJobs(ingest, projectId, jobCount, clock.instant());
            for (int outstanding : new int[] {256, 2000}) {
                measure(ingest, uuids, outstanding, 3, clock); // warm-up
                long c0 = ingest.committed(), b0 = ingest.batches();
                double rate = measure(ingest, uuids, outstanding, seconds, clock);
                double perBatch = (double) (ingest.committed() - c0) / (ingest.batches() - b0);
                System.out.printf("RESULT writer outstanding=%d rate=%.0f reports/s (avg %.0f per commit)%n",
                        outstanding, rate, perBatch);
            }
            ingest.close();
        }
        System.out.println("load average after: " + Machine.loadAverage());
        PingBench.deleteTree(dataDir);
    }

    /** Creates jobs through Ingest Define commands, a few thousand per commit. */
    static List<UUID> defineJobs(Ingest ingest, long projectId, int count, Instant now) throws Exception {
        List<UUID> uuids = new ArrayList<>(count);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID uuid = UUID.randomUUID();
            uuids.add(uuid);
            Job job = new Job(0, uuid, projectId, "bench", "j" + i, null, null, null, List.of(),
                    new Schedule.Every(Duration.ofHours(1)), null, null, null, HealthPolicy.DEFAULT, now, now, null);
            pending.add(ingest.submit(new Command.Define(job)));
            if (pending.size() == 5_000) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
        return uuids;
    }

    private static double measure(Ingest ingest, List<UUID> uuids, int outstanding, int seconds, Clock clock)
            throws InterruptedException {
        Semaphore slots = new Semaphore(outstanding);
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime(), end = start + seconds * 1_000_000_000L;
        int i = 0;
        while (System.nanoTime() < end) {
            slots.acquire();
            UUID uuid = uuids.get(i++ % uuids.size());
            ingest.submit(new Command.Report(new Command.ByUuid(uuid), Observation.of(Observation.Kind.SUCCESS, clock.instant()),
                    null, null, "bench")).whenComplete((r, e) -> {
                        if (e == null) done.incrementAndGet();
                        slots.release();
                    });
        }
        long counted = done.get();
        double s = (System.nanoTime() - start) / 1e9;
        slots.acquire(outstanding); // let the rest finish before the next phase
        return counted / s;
    }

    /** One tiny write transaction at a time: what a commit (WAL append + fsync) costs here. */
    private static void commitLatency(Transactor store, Clock clock) {
        long projectId = store.write(tx -> tx.projects().insert("fsync", "fsync", "fsyncpingkey0123456789", clock.instant())).id();
        Latencies lat = new Latencies();
        for (int i = 0; i < 300; i++) {
            long t0 = System.nanoTime();
            store.write(tx -> tx.projects().byId(projectId)); // BEGIN IMMEDIATE … COMMIT with nothing written
            long t1 = System.nanoTime();
            String slug = "p" + i;
            store.write(tx -> tx.projects().insert(slug, slug, "k" + slug + "0123456789abcdef", clock.instant()));
            long t2 = System.nanoTime();
            if (i >= 50) lat.record(t2 - t1);
        }
        System.out.println("RESULT sqlite-commit one-row write transaction " + lat.summary());
    }
}

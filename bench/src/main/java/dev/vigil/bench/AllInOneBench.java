package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The path users run (PRODUCT.md §10): {@code vigil server} from the shaded jar as a child process,
 * its embedded agent on, driven only over HTTP, its jobs' {@code http} targets pointing at a
 * {@link RunReceiver} in this process on 127.0.0.1.
 *
 * <ul>
 *   <li>{@code fire}: {@code --jobs} (1,000) jobs with cron {@code *}{@code /5 * * * * *}, each with its
 *       own target path {@code /hit/<i>}; after a warm-up, every fire time of a {@code --seconds}
 *       window must reach the receiver; lag = the request's arrival − its scheduled fire time.</li>
 *   <li>{@code drain}: {@code --runs} (20,000) runs queued through {@code POST …/runs} on
 *       {@code --drain-jobs} (1,000) on-demand jobs (overlap {@code allow}) while the receiver holds
 *       back its answers (so the agent's slots stay busy and everything else stays queued); then the
 *       receiver answers and the bench measures how fast requests arrive and runs are recorded.</li>
 * </ul>
 * Each phase gets a fresh server and a fresh store (SQLite data dir, or a new PostgreSQL database).
 */
final class AllInOneBench {
    private AllInOneBench() {}

    static final String PROJECT = "bench";
    private static final long PERIOD_MS = 5_000;
    private static final String CRON = "*/5 * * * * *";
    /** How far an arrival may lie outside its run's [startedAt, endedAt] (both kept in milliseconds). */
    private static final long JOIN_SLACK_MICROS = 2_000;

    static void run(Options o) throws Exception {
        List<String> dbs = List.of(o.text("db", "sqlite").split(","));
        List<String> phases = List.of(o.text("only", "fire,drain").split(","));
        String capacity = o.text("capacity", System.getenv("VIGIL_EMBEDDED_AGENT_CAPACITY"));
        Path work = Files.createDirectories(Path.of(o.text("work", "target/work")).toAbsolutePath());
        System.out.println("# allinone: vigil server as a child process, embedded agent on, http targets to a receiver"
                + " in this process; " + Machine.describe() + "; embedded agent capacity: "
                + (capacity == null ? "server default" : capacity + " (VIGIL_EMBEDDED_AGENT_CAPACITY)")
                + "; load average before: " + Machine.loadAverage());
        EmbeddedPostgres pg = null;
        try (RunReceiver receiver = RunReceiver.start(o.integer("record-limit", 400_000))) {
            int selfTest = o.integer("selftest", 5);
            if (selfTest > 0) {
                String load = Machine.loadAverage();
                long c0 = Machine.selfCpuNanos(), w0 = System.nanoTime();
                double rate = receiver.selfTest(64, selfTest);
                double cores = (Machine.selfCpuNanos() - c0) / (double) (System.nanoTime() - w0);
                System.out.printf("RESULT allinone-receiver GET /selftest, raw-socket client in this process, 64 connections,"
                        + " closed loop %d s: %.0f requests/s (client and receiver together %.2f cores; load average %s -> %s)%n",
                        selfTest, rate, cores, load, Machine.loadAverage());
            }
            int n = 0;
            for (String db : dbs) {
                if (db.equals("postgres") && pg == null) pg = Db.startPostgres(work, o.text("pg-sync", "on"), o.flag("pg-stats"));
                for (String phase : phases) {
                    if (!phase.equals("fire") && !phase.equals("drain")) throw new IllegalArgumentException("--only fire,drain");
                    Db store = Db.database(db, pg, work, "allinone" + n++);
                    receiver.reset();
                    if (o.flag("pg-stats")) store.resetStatementStats();
                    try (AllInOneServer server = AllInOneServer.start(o, store, capacity)) {
                        if (phase.equals("fire")) fire(o, server, receiver);
                        else drain(o, server, receiver);
                        if (o.flag("pg-stats") && db.equals("postgres")) Db.statementStats(store); // the whole phase's statements
                    } finally {
                        if (!o.flag("keep")) PingBench.deleteTree(store.dataDir());
                    }
                }
            }
        } finally {
            if (pg != null) pg.close();
        }
        System.out.println("load average after: " + Machine.loadAverage());
    }

    // ---------------------------------------------------------------- fire: 1,000 jobs every 5 s

    private static void fire(Options o, AllInOneServer server, RunReceiver receiver) throws Exception {
        int jobs = o.integer("jobs", 1_000);
        int fires = Math.max(1, (o.integer("seconds", 60) + 4) / 5);
        int warmup = o.integer("warmup", 15);
        int parallel = o.integer("parallel", 32);
        String overlap = o.text("overlap", null);
        long t0 = System.nanoTime();
        forEach(jobs, parallel, i -> server.api.send("PUT", "/api/v1/jobs/" + PROJECT + "/f" + i,
                "{\"schedule\": {\"cron\": \"" + CRON + "\"}, \"http\": {\"method\": \"GET\", \"url\": \"" + receiver.base()
                        + "/hit/" + i + "\"}" + (overlap == null ? "" : ", \"overlap\": \"" + overlap + "\"") + "}", 201));
        double created = (System.nanoTime() - t0) / 1e9;
        long windowStart = ceil(System.currentTimeMillis() + warmup * 1_000L, PERIOD_MS);
        long windowEnd = windowStart + fires * PERIOD_MS;
        System.out.printf("  created %,d jobs (cron '%s', http GET %s/hit/<i>, overlap %s) through PUT /api/v1/jobs in %.1f s"
                        + " (%.0f/s, %d in parallel); measured window %s .. %s (%d fire times per job)%n", jobs, CRON,
                receiver.base(), overlap == null ? "default" : overlap, created, jobs / created, parallel,
                Instant.ofEpochMilli(windowStart), Instant.ofEpochMilli(windowEnd), fires);
        sleepUntil(windowStart);
        String load0 = Machine.loadAverage();
        long sc0 = Machine.cpuNanos(server.handle()), bc0 = Machine.selfCpuNanos(), w0 = System.nanoTime();
        sleepUntil(windowEnd);
        double wall = (System.nanoTime() - w0) / 1e9;
        double serverCores = (Machine.cpuNanos(server.handle()) - sc0) / 1e9 / wall;
        double benchCores = (Machine.selfCpuNanos() - bc0) / 1e9 / wall;
        String load1 = Machine.loadAverage();
        // Let the window's last fires finish, then read every job's runs; again while some are not over.
        long maxWaitUntil = windowEnd + o.integer("max-wait", 60) * 1_000L;
        sleepUntil(windowEnd + o.integer("settle", 10) * 1_000L);
        Map<Integer, List<RunRow>> runs;
        long readMicros; // requests arriving later may belong to runs this read saw still queued
        while (true) {
            readMicros = RunReceiver.nowMicros();
            runs = runsOf(server.api, "f", jobs, parallel);
            long open = runs.values().stream().flatMap(List::stream)
                    .filter(r -> r.inWindow(windowStart, windowEnd) && !r.terminal()).count();
            if (open == 0 || System.currentTimeMillis() > maxWaitUntil) break;
            System.out.printf("  %d runs of the window not over yet; looking again in 5 s%n", open);
            Thread.sleep(5_000);
        }

        // Every fire time of the window: its run's state.
        Map<String, Integer> windowStates = new TreeMap<>();
        Map<String, Integer> allStates = new TreeMap<>();
        Map<String, Integer> skipReasons = new TreeMap<>();
        Map<Long, RunRow> byId = new HashMap<>();
        int missing = 0, rowsTwice = 0;
        for (int i = 0; i < jobs; i++) {
            List<RunRow> rs = runs.getOrDefault(i, List.of());
            Map<Long, Integer> perFire = new HashMap<>();
            for (RunRow r : rs) {
                byId.put(r.id, r);
                allStates.merge(r.state, 1, Integer::sum);
                if (r.state.equals("skipped")) skipReasons.merge(r.reason == null ? "?" : r.reason.replaceAll("\\(.*", "").trim(), 1, Integer::sum);
                if (r.inWindow(windowStart, windowEnd)) {
                    windowStates.merge(r.state, 1, Integer::sum);
                    perFire.merge(r.scheduledMillis, 1, Integer::sum);
                }
            }
            for (int k = 0; k < fires; k++) {
                Integer c = perFire.get(windowStart + k * PERIOD_MS);
                if (c == null) missing++;
                else if (c > 1) rowsTwice++;
            }
        }

        // Every request: which fire time it was for, and its lag.
        Latencies lag = new Latencies(), toStart = new Latencies(), startToArrival = new Latencies();
        Map<String, Integer> matchedBy = new TreeMap<>();
        Map<Long, Integer> arrivalsPerFire = new HashMap<>(); // key: job * 2^32 + fire index
        java.util.SortedMap<Long, List<Long>> perFire = new java.util.TreeMap<>(); // fire time (ms) -> lags (µs)
        int n = receiver.recorded(), outside = 0, boundaryAgrees = 0, requests = 0, afterRead = 0;
        for (int j = 0; j < n; j++) {
            if (receiver.kind[j] != 'f') continue;
            requests++;
            long at = receiver.arrivalMicros[j];
            int job = receiver.job[j];
            RunRow run = null;
            long scheduled;
            String how;
            if (receiver.scheduledMillis[j] != RunReceiver.NONE) {
                scheduled = receiver.scheduledMillis[j];
                how = "header";
                run = receiver.runId[j] == RunReceiver.NONE ? null : byId.get(receiver.runId[j]);
            } else if (receiver.runId[j] != RunReceiver.NONE && byId.containsKey(receiver.runId[j])) {
                run = byId.get(receiver.runId[j]);
                scheduled = run.scheduledMillis;
                how = "run id header";
            } else if ((run = join(runs.getOrDefault(job, List.of()), at)) != null) {
                scheduled = run.scheduledMillis;
                how = "run interval";
            } else if (at >= readMicros) {
                afterRead++; // its run was not started when the runs were read: not a fire time of the window
                continue;
            } else {
                scheduled = Math.floorDiv(at / 1_000, PERIOD_MS) * PERIOD_MS;
                how = "previous 5 s boundary";
            }
            matchedBy.merge(how, 1, Integer::sum);
            if (Math.floorDiv(at / 1_000, PERIOD_MS) * PERIOD_MS == scheduled) boundaryAgrees++;
            if (scheduled < windowStart || scheduled >= windowEnd) {
                outside++;
                continue;
            }
            lag.record((at - scheduled * 1_000) * 1_000);
            perFire.computeIfAbsent(scheduled, k -> new ArrayList<>()).add(at - scheduled * 1_000);
            if (run != null && run.startedMillis != RunReceiver.NONE) {
                toStart.record((run.startedMillis - scheduled) * 1_000_000);
                startToArrival.record((at - run.startedMillis * 1_000) * 1_000);
            }
            arrivalsPerFire.merge(((long) job << 32) | ((scheduled - windowStart) / PERIOD_MS), 1, Integer::sum);
        }
        int expected = jobs * fires;
        int arrivedFires = arrivalsPerFire.size();
        long duplicates = arrivalsPerFire.values().stream().filter(c -> c > 1).mapToLong(c -> c - 1).sum();
        int succeeded = windowStates.getOrDefault("succeeded", 0);
        int skipped = windowStates.getOrDefault("skipped", 0);
        boolean allExecuted = arrivedFires == expected && succeeded == expected && missing == 0 && skipped == 0;
        System.out.printf("RESULT allinone-fire %s jobs=%d cron='%s' window=%d s: fire times expected=%d, requests arrived for"
                        + " %d (%s), duplicates %d; runs of the window (API): %s, no run at all %d, two runs for one fire time %d;"
                        + " skipped runs overall %d %s (target: every fire time executed, none skipped)%n", server.tag, jobs, CRON,
                fires * 5, expected, arrivedFires, allExecuted ? "all executed" : "NOT ALL EXECUTED", duplicates, windowStates,
                missing, rowsTwice, allStates.getOrDefault("skipped", 0), skipReasons.isEmpty() ? "" : skipReasons);
        System.out.printf("RESULT allinone-fire-lag %s scheduled fire time -> request at the receiver %s (target p99 <= 100 ms)%n",
                server.tag, lag.summary());
        StringBuilder rounds = new StringBuilder();
        perFire.forEach((fire, micros) -> {
            java.util.Collections.sort(micros);
            rounds.append(String.format(java.util.Locale.ROOT, " %d/%d/%d", micros.get(micros.size() / 2) / 1_000,
                    micros.get(micros.size() * 99 / 100) / 1_000, micros.getLast() / 1_000));
        });
        System.out.printf("  per fire time, in order, p50/p99/max ms:%s%n", rounds);
        System.out.printf("  of which: scheduled -> run's startedAt %s%n", toStart.summary());
        System.out.printf("            run's startedAt -> request arrived %s%n", startToArrival.summary());
        System.out.printf("  requests matched to their fire time by: %s (the previous 5 s boundary before arrival gives the same"
                        + " fire time for %d of %d); %d for fire times outside the window, %d after the runs were read for"
                        + " runs not started then; Vigil headers seen: %s; receiver: %d requests, %d distinct idempotency keys,"
                        + " %d unrecorded, %d refused%n", matchedBy,
                boundaryAgrees, requests - afterRead, outside, afterRead, receiver.vigilHeaders(), receiver.requests(), receiver.distinctKeys(),
                receiver.unrecorded(), receiver.rejected());
        System.out.printf("  during the window: server %.2f cores, bench %.2f cores; load average %s -> %s; all runs by state %s%n",
                serverCores, benchCores, load0, load1, allStates);
    }

    /** The run of this job whose [startedAt, endedAt] holds the arrival (the latest started, if several). */
    private static RunRow join(List<RunRow> runs, long atMicros) {
        RunRow best = null;
        for (RunRow r : runs) {
            if (r.startedMillis == RunReceiver.NONE || r.scheduledMillis == RunReceiver.NONE) continue;
            long end = r.endedMillis == RunReceiver.NONE ? Long.MAX_VALUE / 2 : r.endedMillis * 1_000 + 999 + JOIN_SLACK_MICROS;
            if (r.startedMillis * 1_000 - JOIN_SLACK_MICROS <= atMicros && atMicros <= end
                    && (best == null || r.startedMillis > best.startedMillis)) {
                best = r;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- drain: 20,000 queued runs

    private static void drain(Options o, AllInOneServer server, RunReceiver receiver) throws Exception {
        int runs = o.integer("runs", 20_000);
        int jobs = Math.min(o.integer("drain-jobs", 1_000), runs);
        int parallel = o.integer("parallel", 32);
        int maxSeconds = o.integer("max-seconds", 300);
        long t0 = System.nanoTime();
        forEach(jobs, parallel, i -> server.api.send("PUT", "/api/v1/jobs/" + PROJECT + "/d" + i,
                "{\"http\": {\"method\": \"GET\", \"url\": \"" + receiver.base() + "/d/" + i + "\"}, \"overlap\": \"allow\"}", 201));
        System.out.printf("  created %,d on-demand jobs (http GET %s/d/<i>, overlap allow) in %.1f s%n", jobs, receiver.base(),
                (System.nanoTime() - t0) / 1e9);

        // Queue: the receiver holds its answers, so the agent's slots fill and stay full; the rest waits queued.
        receiver.closeGate();
        AtomicInteger notQueued = new AtomicInteger(), retried = new AtomicInteger();
        String load0 = Machine.loadAverage();
        t0 = System.nanoTime();
        forEach(runs, parallel, k -> {
            String path = "/api/v1/jobs/" + PROJECT + "/d" + (k % jobs) + "/runs";
            for (int attempt = 1; ; attempt++) {
                try {
                    JsonNode run = server.api.send("POST", path, null, 201);
                    if (!run.path("state").asText().equals("queued")) notQueued.incrementAndGet();
                    return null;
                } catch (IllegalStateException e) {
                    if (attempt >= 5 || !String.valueOf(e.getMessage()).contains("answered 503")) throw e;
                    retried.incrementAndGet();
                    Thread.sleep(100L * attempt);
                }
            }
        });
        double enqueue = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(1_000); // the agent takes what its slots allow
        int held = receiver.held();
        long activeBefore = server.activeRuns();
        System.out.printf("RESULT allinone-enqueue %s %,d runs through POST /api/v1/jobs/{project}/{slug}/runs, %d in parallel:"
                        + " %.1f s = %.0f runs/s (%d answered not queued, %d retried after 503); load average %s -> %s%n",
                server.tag, runs, parallel, enqueue, runs / enqueue, notQueued.get(), retried.get(), load0, Machine.loadAverage());
        System.out.printf("  before the gate opens: %d requests held at the receiver (the agent's busy slots), %d runs active"
                + " (vigil_runs queued+dispatched+running)%n", held, activeBefore);
        if (held > runs / 10) {
            System.out.printf("  NOTE: %d of %d runs were already started before the gate opened (agent capacity); the drain"
                    + " figures below cover their finish only; use more --runs%n", held, runs);
        }

        // Drain: open the gate; follow arrivals (every 20 ms) and /metrics (every 500 ms) until both are done.
        String load1 = Machine.loadAverage();
        long sc0 = Machine.cpuNanos(server.handle()), bc0 = Machine.selfCpuNanos();
        double[] writer0 = writerCounts(server);
        long openMicros = RunReceiver.nowMicros();
        long deadline = System.currentTimeMillis() + maxSeconds * 1_000L;
        receiver.openGate();
        long allArrivedMicros = -1, allRecordedMicros = -1, lastMetrics = 0;
        while (System.currentTimeMillis() < deadline) {
            if (allArrivedMicros < 0 && receiver.recorded() >= runs) allArrivedMicros = RunReceiver.nowMicros();
            if (allArrivedMicros >= 0 && System.currentTimeMillis() - lastMetrics >= 500) {
                lastMetrics = System.currentTimeMillis();
                long t = RunReceiver.nowMicros();
                if (server.activeRuns() == 0) {
                    allRecordedMicros = t;
                    break;
                }
            }
            Thread.sleep(20);
        }
        double wall = (RunReceiver.nowMicros() - openMicros) / 1e6;
        double cpuServer = (Machine.cpuNanos(server.handle()) - sc0) / 1e9 / wall;
        double cpuBench = (Machine.selfCpuNanos() - bc0) / 1e9 / wall;
        String load2 = Machine.loadAverage();

        // Arrivals: the receiver's own clock.
        int n = receiver.recorded();
        long[] arrivals = new long[n];
        int m = 0;
        int[] perJob = new int[jobs];
        for (int j = 0; j < n; j++) {
            if (receiver.kind[j] != 'd') continue;
            arrivals[m++] = receiver.arrivalMicros[j];
            if (receiver.job[j] < jobs) perJob[receiver.job[j]]++;
        }
        arrivals = Arrays.copyOf(arrivals, m);
        Arrays.sort(arrivals);
        int expectedPerJob = runs / jobs;
        long jobsOff = 0;
        for (int i = 0; i < jobs; i++) if (perJob[i] != expectedPerJob + (i < runs % jobs ? 1 : 0)) jobsOff++;

        // Recorded: every run through the API, its endedAt (the agent's clock when the request's answer came).
        Map<Integer, List<RunRow>> rows = runsOf(server.api, "d", jobs, parallel);
        Map<String, Integer> states = new TreeMap<>();
        List<Long> ended = new ArrayList<>();
        for (List<RunRow> rs : rows.values()) {
            for (RunRow r : rs) {
                states.merge(r.state, 1, Integer::sum);
                if (r.state.equals("succeeded") && r.endedMillis != RunReceiver.NONE) ended.add(r.endedMillis * 1_000);
            }
        }
        long[] ends = ended.stream().mapToLong(Long::longValue).sorted().toArray();
        String arrivedText = rate("requests arrived", arrivals, runs, openMicros, allArrivedMicros);
        String recordedText = rate("runs recorded succeeded (API, runs' endedAt)", ends, runs, openMicros, -1);
        System.out.printf("RESULT allinone-drain %s runs=%d held-at-gate=%d | %s | %s | all recorded (vigil_runs = 0, polled every"
                        + " 0.5 s, cached 1 s by the server) %s | target >= 5,000 runs/s%n", server.tag, runs, held, arrivedText,
                recordedText, allRecordedMicros < 0 ? "NOT within " + maxSeconds + " s"
                        : String.format("%.1f s after the gate opened", (allRecordedMicros - openMicros) / 1e6));
        System.out.printf("  runs by state (API) %s; requests %d for %d runs, jobs with another count than expected %d,"
                        + " distinct idempotency keys %d; Vigil headers seen: %s%n", states, m, runs, jobsOff,
                receiver.distinctKeys(), receiver.vigilHeaders());
        double[] writer1 = writerCounts(server);
        System.out.printf("  during the drain: server %.2f cores, bench %.2f cores; load average %s -> %s; the writer committed"
                        + " %.0f commands in %.0f transactions (%.1f per transaction)%n", cpuServer, cpuBench, load1, load2,
                writer1[0] - writer0[0], writer1[1] - writer0[1], (writer1[0] - writer0[0]) / Math.max(1, writer1[1] - writer0[1]));
    }

    /** The writer's commands committed and transactions so far ({@code vigil_ingest_committed}, {@code vigil_ingest_batches}). */
    private static double[] writerCounts(AllInOneServer server) throws Exception {
        double[] out = new double[2];
        for (String line : server.api.text("GET", "/metrics", null, 200).split("\n")) {
            if (line.startsWith("vigil_ingest_committed")) out[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("vigil_ingest_batches")) out[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return out;
    }

    /** "N in X s after the gate opened: steady (10%..90%) R/s, overall R/s" from sorted epoch microseconds. */
    private static String rate(String what, long[] sorted, int total, long openMicros, long allMicros) {
        if (sorted.length == 0) return what + ": none";
        long last = sorted[sorted.length - 1];
        int i10 = Math.max(0, total / 10 - 1), i90 = Math.min(sorted.length - 1, total * 9 / 10 - 1);
        String steady = sorted.length > i90 && i90 > i10 && sorted[i90] > sorted[i10]
                ? String.format("%.0f/s", (i90 - i10) / ((sorted[i90] - sorted[i10]) / 1e6)) : "n/a";
        long after = Arrays.stream(sorted).filter(t -> t >= openMicros).count();
        return String.format("%s: %d, the last %.2f s after the gate opened: steady (10%%..90%%) %s, overall %.0f/s%s", what,
                sorted.length, (last - openMicros) / 1e6, steady, after / Math.max(1e-6, (last - openMicros) / 1e6),
                sorted.length < total ? " (NOT ALL " + total + ")" : "");
    }

    // ---------------------------------------------------------------- the API

    /** A run as {@code GET /api/v1/jobs/{project}/{slug}/runs} shows it; times in epoch ms or {@link RunReceiver#NONE}. */
    private record RunRow(long id, String state, String reason, long scheduledMillis, long startedMillis, long endedMillis) {
        boolean inWindow(long from, long to) {
            return scheduledMillis != RunReceiver.NONE && scheduledMillis >= from && scheduledMillis < to;
        }

        boolean terminal() {
            return !state.equals("queued") && !state.equals("dispatched") && !state.equals("running");
        }

        static RunRow of(JsonNode r) {
            return new RunRow(r.path("id").asLong(), r.path("state").asText(), r.hasNonNull("reason") ? r.get("reason").asText() : null,
                    millis(r, "scheduledFor"), millis(r, "startedAt"), millis(r, "endedAt"));
        }

        private static long millis(JsonNode r, String field) {
            return r.hasNonNull(field) ? Instant.parse(r.get(field).asText()).toEpochMilli() : RunReceiver.NONE;
        }
    }

    /** Every run of jobs {@code <prefix>0 .. <prefix>(jobs-1)}, newest first, paged by {@code before}. */
    private static Map<Integer, List<RunRow>> runsOf(Api api, String prefix, int jobs, int parallel) throws Exception {
        Map<Integer, List<RunRow>> out = new java.util.concurrent.ConcurrentHashMap<>();
        forEach(jobs, parallel, i -> {
            List<RunRow> all = new ArrayList<>();
            String before = "";
            for (int page = 0; page < 1_000; page++) {
                JsonNode rs = api.send("GET", "/api/v1/jobs/" + PROJECT + "/" + prefix + i + "/runs?limit=1000" + before, null, 200)
                        .path("runs");
                for (JsonNode r : rs) all.add(RunRow.of(r));
                if (rs.size() < 1_000) break;
                before = "&before=" + all.getLast().id();
            }
            out.put(i, all);
            return null;
        });
        return out;
    }

    interface Task {
        Object call(int i) throws Exception;
    }

    /** Runs {@code task(0..count-1)} on virtual threads, {@code parallel} at a time; the first failure is thrown. */
    static void forEach(int count, int parallel, Task task) throws Exception {
        Semaphore slots = new Semaphore(parallel);
        List<Future<Object>> futures = new ArrayList<>(count);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int k = i;
                slots.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        return task.call(k);
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        for (Future<Object> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
        }
    }

    private static long ceil(long v, long step) {
        return Math.floorDiv(v + step - 1, step) * step;
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long d;
        while ((d = epochMillis - System.currentTimeMillis()) > 0) Thread.sleep(Math.min(d, 1_000));
    }
}

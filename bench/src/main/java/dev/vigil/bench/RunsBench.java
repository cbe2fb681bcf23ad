package dev.vigil.bench;

import dev.vigil.agent.AgentCore;
import dev.vigil.agent.ServerLink;
import dev.vigil.agent.process.Supervisor;
import dev.vigil.agent.remote.RemoteAgent;
import dev.vigil.agent.remote.RemoteLink;
import dev.vigil.app.Vigil;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.Execution;
import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Schedule;
import dev.vigil.domain.Trigger;
import dev.vigil.execution.AgentKey;
import dev.vigil.execution.Dispatcher;
import dev.vigil.execution.EmbeddedAgent;
import dev.vigil.execution.RunEvents;
import dev.vigil.monitor.Expectations;
import dev.vigil.monitor.StatusRules;
import dev.vigil.schedule.Schedules;
import dev.vigil.security.ApiKeys;
import dev.vigil.ingest.RunControl;
import dev.vigil.store.Transactor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PRODUCT.md §10 "recorded runs per second" and "OS-process runs per second on one agent", in this
 * process: Vigil started with {@link Vigil#start} (embedded agent off), a backlog of queued runs,
 * then agents built from {@link AgentCore} drain it.
 *
 * <p>A recorded run = taken from the queue by an agent's poll ({@link Dispatcher} claim), reported
 * started and finished, and committed as {@code succeeded} by the single writer (event rows, run
 * row, job state). The drain rate is read from the database by a separate connection
 * ({@code count(*) … state = 'succeeded'} every {@code --sample-ms}); the steady-state rate is
 * taken between the samples where 10 % and 90 % of the backlog had succeeded.
 *
 * <p>{@code noop}: jobs with an http target, run by an {@link AgentCore.HttpStarter} that succeeds
 * at once (the no-op executor). Links: {@code inproc} = the {@link Dispatcher} and {@link RunEvents}
 * called in this process, events delivered asynchronously in batches of up to 500 like
 * {@link RemoteLink} but without disk or HTTP (the server's ceiling); {@code http} = the product's
 * {@link RemoteLink} over real HTTP to {@code 127.0.0.1} with its fsync'd on-disk spool.
 *
 * <p>{@code process}: jobs whose target is argv {@code ["true"]} (no shell); one product
 * {@link RemoteAgent} over HTTP (or {@code --agent embedded}: the product's {@link EmbeddedAgent}).
 */
final class RunsBench {
    private RunsBench() {}

    private static final Execution HTTP_NOOP = new Execution(new Execution.Http("POST", "http://127.0.0.1:9/noop", null, null),
            null, null, null, 0, null, Execution.Overlap.ALLOW, null, null, null, null, null);
    private static final Execution PROCESS_TRUE = new Execution(new Execution.Argv(List.of("true")),
            null, null, null, 0, null, Execution.Overlap.ALLOW, null, null, null, null, null);


    static void run(Options o) throws Exception {
        String only = o.text("only", "noop");
        Path work = Files.createDirectories(Path.of(o.text("work", "target/work")).toAbsolutePath());
        System.out.println("# runs: recorded runs per second; " + Machine.describe() + "; max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; load average before: " + Machine.loadAverage());
        EmbeddedPostgres pg = null;
        try {
            List<String> dbs = List.of(o.text("db", only.contains("noop") ? "sqlite,postgres" : "sqlite").split(","));
            int phase = 0;
            for (String db : dbs) {
                if (db.equals("postgres") && pg == null) pg = Db.startPostgres(work, o.text("pg-sync", "on"), o.flag("pg-stats"));
                if (only.contains("noop")) {
                    for (String link : o.text("link", "inproc,http").split(",")) {
                        noop(o, work, Db.database(db, pg, work, "n" + phase++), link);
                    }
                }
                if (only.contains("spawn") && db.equals(dbs.getFirst())) spawn(o);
                if (only.contains("process")) {
                    for (String cap : o.text("capacity", "16,32,64").split(",")) {
                        process(o, work, Db.database(db, pg, work, "p" + phase++), Integer.parseInt(cap));
                    }
                }
            }
        } finally {
            if (pg != null) pg.close();
        }
        System.out.println("load average after: " + Machine.loadAverage());
    }


    // ---------------------------------------------------------------- no-op executor

    private static void noop(Options o, Path work, Db db, String linkKind) throws Exception {
        int jobCount = o.integer("jobs", 1_000);
        int runs = o.integer("runs", 50_000);
        int agents = o.integer("agents", 4);
        int capacity = o.integer("agent-capacity", 1_000);
        int triggered = Math.min(runs, o.integer("trigger-runs", 5_000));
        int maxSeconds = o.integer("max-seconds", 90);
        System.out.printf("## no-op executor: %s, %s link, %,d jobs (http target, overlap allow), backlog %,d runs,"
                + " %d agents x capacity %d%n", db.kind(), linkKind, jobCount, runs, agents, capacity);
        Clock clock = Clock.systemUTC();
        List<Job> jobs;
        try (Transactor store = db.open()) {
            jobs = fillJobs(store, jobCount, HTTP_NOOP, clock.instant());
        }
        Vigil vigil = Vigil.start(db.config(), clock);
        try {
            enqueue(vigil, db, jobs, runs, triggered, clock);
            Tracker tracker = new Tracker();
            List<AgentCore> cores = new ArrayList<>();
            List<AutoCloseable> links = new ArrayList<>();
            ApiKey token = vigil.store().read(tx -> tx.apiKeys().byHash(ApiKeys.hash(Db.TOKEN))).orElseThrow();
            for (int i = 0; i < agents; i++) {
                String name = "bench-" + linkKind + "-" + i;
                String instance = UUID.randomUUID().toString();
                ServerLink link = switch (linkKind) {
                    case "inproc" -> new InProcessLink(vigil.dispatcher(), vigil.runEvents(),
                            AgentKey.of(token.id(), token.projectId()), name, instance, tracker);
                    case "http" -> new TimedRemoteLink(new RemoteLink(vigil.baseUrl(), Db.TOKEN, name, instance,
                            Files.createTempDirectory(work, "spool-")), tracker);
                    default -> throw new IllegalArgumentException("--link inproc|http, got " + linkKind);
                };
                links.add((AutoCloseable) link);
                cores.add(new AgentCore(link, null, NOOP, clock,
                        new AgentCore.Identity(name, instance, List.of(), capacity, "bench")));
            }
            if (o.flag("pg-stats")) db.resetStatementStats();
            List<Thread> loops = new ArrayList<>();
            Drain drain = drain(db, vigil, runs, maxSeconds, () -> {
                for (AgentCore core : cores) loops.add(Thread.ofPlatform().name("agent-" + core.identity().name()).start(core::run));
            });
            // Stop as an agent does on SIGTERM: take no more, finish what is held, deliver, leave. (Closing
            // an AgentCore interrupts its loop, and an interrupt inside the spool's FileChannel closes it.)
            for (AgentCore core : cores) core.drain();
            for (Thread t : loops) {
                t.join(Duration.ofMillis(vigil.dispatcher().maxWaitMillis() + 5_000));
                if (t.isAlive()) System.out.println("  WARNING: agent loop " + t.getName() + " did not end after draining");
            }
            for (int i = 0; i < links.size(); i++) {
                ServerLink l = (ServerLink) links.get(i);
                // The writer may be minutes behind the dispatcher (nothing holds agents back while their
                // reports queue): wait for it, bounded, so that the check below sees everything.
                if (!l.flush(Duration.ofSeconds(300))) System.out.println("  WARNING: undelivered events left in " + cores.get(i).identity().name());
                try {
                    l.leave(cores.get(i).identity().name(), cores.get(i).identity().instance());
                } catch (java.io.IOException | RuntimeException e) {
                    System.out.println("  WARNING: " + cores.get(i).identity().name() + " could not leave: " + e);
                }
                cores.get(i).close();
                links.get(i).close();
            }
            tracker.stop();
            System.out.printf("RESULT runs-noop db=%s link=%s agents=%d backlog=%d succeeded=%d in %.1f s;"
                            + " steady rate (10%%..90%%) %.0f runs/s, overall %.0f runs/s (target >= 13,000 on PostgreSQL);"
                            + " process CPU %.2f cores%n",
                    db.kind(), linkKind, agents, runs, drain.done, drain.seconds, drain.steadyRate, drain.overallRate, drain.cores);
            System.out.printf("  latency dispatch (poll answer at the agent) -> finish committed (%s): %s%n",
                    linkKind.equals("http") ? "spool acknowledged by the server, sampled every 1 ms" : "RunEvents.apply returned",
                    tracker.latency.summary());
            System.out.printf("  %s; polls %d (avg %.1f runs per poll answer)%n", drain.perSecond, tracker.polls.get(),
                    tracker.dispatched.size() / (double) Math.max(1, tracker.polls.get()));
            verify(db, runs, tracker);
            if (o.flag("pg-stats") && db.url() != null) Db.statementStats(db);
        } finally {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Vigil.class.getPackageName()))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
            vigil.close();
            PingBench.deleteTree(db.dataDir());
        }
    }

    /** The no-op executor: every http target succeeds at once. */
    private static final AgentCore.HttpStarter NOOP = (a, sink) -> {
        CompletableFuture<AgentCore.Outcome> done = CompletableFuture.completedFuture(new AgentCore.Outcome(dev.vigil.domain.RunState.SUCCEEDED, null, null));
        return new AgentCore.Execution() {
            @Override public void cancel() {}
            @Override public CompletableFuture<AgentCore.Outcome> outcome() { return done; }
        };
    };

    // ---------------------------------------------------------------- OS processes

    private static void process(Options o, Path work, Db db, int capacity) throws Exception {
        int jobCount = o.integer("jobs", 1_000);
        int runs = o.integer("process-runs", 15_000);
        int maxSeconds = o.integer("max-seconds", 90);
        String kind = o.text("agent", "remote");
        System.out.printf("## OS processes: %s, one %s agent, capacity %d, argv [\"true\"], backlog %,d runs%n",
                db.kind(), kind, capacity, runs);
        Clock clock = Clock.systemUTC();
        List<Job> jobs;
        try (Transactor store = db.open()) {
            jobs = fillJobs(store, jobCount, PROCESS_TRUE, clock.instant());
        }
        Vigil vigil = Vigil.start(db.config(), clock);
        try {
            enqueue(vigil, db, jobs, runs, 0, clock);
            long[] children0 = Machine.childrenCpuTicks(), self0 = Machine.selfCpuTicks();
            Runnable stop;
            Runnable start;
            if (kind.equals("embedded")) {
                Supervisor supervisor = new Supervisor();
                EmbeddedAgent agent = new EmbeddedAgent(vigil.dispatcher(), vigil.runEvents(), supervisor, null, clock,
                        Files.createTempDirectory(work, "embedded-"), List.of(), capacity);
                start = agent::start;
                stop = () -> {
                    agent.close();
                    supervisor.close();
                };
            } else {
                RemoteAgent agent = new RemoteAgent(new RemoteAgent.Settings(vigil.baseUrl(), Db.TOKEN, "bench-process", List.of(),
                        capacity, Files.createTempDirectory(work, "spool-"), "bench", db.config().outbound()), clock);
                Thread[] t = new Thread[1];
                start = () -> t[0] = Thread.ofPlatform().name("bench-remote-agent").start(agent::run);
                stop = () -> {
                    agent.drainAndStop();
                    try {
                        agent.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
            }
            Drain drain = drain(db, vigil, runs, maxSeconds, start);
            stop.run();
            long[] children1 = Machine.childrenCpuTicks(), self1 = Machine.selfCpuTicks();
            double childCores = (children1[0] - children0[0] + children1[1] - children0[1]) / (double) Machine.CLOCK_TICKS
                    / drain.seconds;
            System.out.printf("RESULT runs-process db=%s agent=%s capacity=%d backlog=%d succeeded=%d in %.1f s;"
                            + " steady rate (10%%..90%%) %.0f runs/s, overall %.0f runs/s (target >= 500);"
                            + " this JVM %.2f cores, child processes %.2f cores, %d cpus%n",
                    db.kind(), kind, capacity, runs, drain.done, drain.seconds, drain.steadyRate, drain.overallRate, drain.cores,
                    childCores, Runtime.getRuntime().availableProcessors());
            System.out.printf("  this JVM user %.2f sys %.2f cores; %s%n", (self1[0] - self0[0]) / (double) Machine.CLOCK_TICKS / drain.seconds,
                    (self1[1] - self0[1]) / (double) Machine.CLOCK_TICKS / drain.seconds, drain.perSecond);
            runTimes(db);
            verify(db, runs, null);
        } finally {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Vigil.class.getPackageName()))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
            vigil.close();
            PingBench.deleteTree(db.dataDir());
        }
    }

    /**
     * The process side alone, no server: {@code true} started {@code --spawn-runs} times with a
     * fixed number in flight, (1) through the agent's {@link Supervisor} (setsid, output pumps,
     * group check at exit) and (2) as a plain {@code ProcessBuilder("true")} with its output
     * discarded — the ceiling of fork/exec and reaping in a JVM on this machine.
     */
    private static void spawn(Options o) throws Exception {
        int n = o.integer("spawn-runs", 5_000);
        System.out.printf("## spawning alone (no server): %,d x argv [\"true\"]; jdk.lang.Process.launchMechanism=%s%n", n,
                System.getProperty("jdk.lang.Process.launchMechanism", "default (POSIX_SPAWN via jspawnhelper)"));
        try (Supervisor supervisor = new Supervisor()) {
            for (String cap : o.text("capacity", "16,32,64").split(",")) {
                int c = Integer.parseInt(cap);
                spawnRate("supervisor", n, c, () -> supervisor.start(new dev.vigil.agent.process.ProcessSpec(List.of("true"), null,
                        Map.of(), null, null), (stream, data, off, len) -> {}).outcome().thenApply(x -> null));
                spawnRate("processbuilder", n, c, () -> {
                    try {
                        return new ProcessBuilder("true").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .redirectError(ProcessBuilder.Redirect.DISCARD).start().onExit().thenApply(x -> null);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        }
    }

    private static void spawnRate(String what, int n, int inFlight, java.util.function.Supplier<CompletableFuture<Object>> start)
            throws Exception {
        Semaphore slots = new Semaphore(inFlight);
        long[] cpu0 = Machine.selfCpuTicks(), ch0 = Machine.childrenCpuTicks();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            slots.acquire();
            start.get().whenComplete((x, e) -> slots.release());
        }
        slots.acquire(inFlight);
        double s = (System.nanoTime() - t0) / 1e9;
        long[] cpu1 = Machine.selfCpuTicks(), ch1 = Machine.childrenCpuTicks();
        System.out.printf("RESULT runs-spawn %s in-flight=%d: %,d processes in %.1f s = %.0f/s; this JVM user %.2f sys %.2f cores,"
                        + " children %.2f cores; load average %s%n", what, inFlight, n, s, n / s,
                (cpu1[0] - cpu0[0]) / (double) Machine.CLOCK_TICKS / s, (cpu1[1] - cpu0[1]) / (double) Machine.CLOCK_TICKS / s,
                (ch1[0] - ch0[0] + ch1[1] - ch0[1]) / (double) Machine.CLOCK_TICKS / s, Machine.loadAverage());
    }

    /** How long the processes ran as the agent saw them (started_at .. ended_at, millisecond resolution). */
    private static void runTimes(Db db) throws Exception {
        Latencies d = new Latencies();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ended_at - started_at FROM runs WHERE state = 'succeeded'")) {
            while (rs.next()) d.record(rs.getLong(1) * 1_000_000);
        }
        System.out.printf("  run time at the agent (started event .. finished event): %s%n", d.summary());
    }

    // ---------------------------------------------------------------- shared steps

    private static List<Job> fillJobs(Transactor store, int count, Execution ex, Instant now) {
        long t0 = System.nanoTime();
        long projectId = store.write(tx -> tx.projects().insert("runs", "runs", "runspingkey0123456789abc", now)).id();
        List<Job> jobs = new ArrayList<>(count);
        for (int from = 0; from < count; from += 5_000) {
            int start = from, end = Math.min(count, from + 5_000);
            store.write(tx -> {
                for (int i = start; i < end; i++) {
                    Schedule s = new Schedule.Every(Duration.ofHours(1));
                    // every 1h, grace 1h: nothing fires and no deadline passes while the bench runs
                    Job stored = tx.jobs().insert(new Job(0, UUID.randomUUID(), projectId, "runs", "j" + i, null, null,
                            null, List.of(), s, Duration.ofHours(1), null, null, HealthPolicy.DEFAULT, now, now, ex));
                    tx.states().put(StatusRules.created(stored, new Expectations(stored, Schedules.fireTimes(s)), now));
                    jobs.add(stored);
                }
                return null;
            });
        }
        System.out.printf("  %,d jobs written through the store in %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
        return jobs;
    }

    /**
     * The backlog: the first {@code triggered} through {@link RunControl#trigger} (what the API's
     * POST /api/v1/jobs/{p}/{s}/runs does after parsing), 8 at a time, timed; the rest inserted
     * straight through the store, 10,000 per transaction (the only fast way to queue 100k+).
     */
    private static void enqueue(Vigil vigil, Db db, List<Job> jobs, int runs, int triggered, Clock clock) throws Exception {
        if (triggered > 0) {
            RunControl control = new RunControl(vigil.store(), vigil.ingest());
            Semaphore slots = new Semaphore(8);
            AtomicInteger failed = new AtomicInteger();
            long t0 = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < triggered; i++) {
                    Job job = jobs.get(i % jobs.size());
                    slots.acquire();
                    pool.submit(() -> {
                        try {
                            control.trigger(job, Map.of(), Trigger.MANUAL, null); // no audit entry: nobody to record
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                        } finally {
                            slots.release();
                        }
                    });
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("RESULT runs-enqueue db=%s via RunControl.trigger (8 concurrent): %,d runs in %.1f s = %.0f runs/s"
                    + " (failed %d)%n", db.kind(), triggered, s, triggered / s, failed.get());
        }
        int rest = runs - triggered;
        if (rest > 0) {
            long t0 = System.nanoTime();
            Instant now = clock.instant();
            for (int from = 0; from < rest; from += 10_000) {
                int start = from, end = Math.min(rest, from + 10_000);
                vigil.store().write(tx -> {
                    for (int i = start; i < end; i++) {
                        Job job = jobs.get((triggered + i) % jobs.size());
                        tx.runs().insert(new Run(0, job.id(), null, Trigger.MANUAL, null, 1, RunState.QUEUED, null, null,
                                null, null, null, null));
                    }
                    return null;
                });
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  %,d more runs queued straight through the store (runs.insert, 10,000 per transaction) in %.1f s"
                    + " = %.0f runs/s; created %s%n", rest, s, rest / s, now);
        }
    }

    private record Drain(long done, double seconds, double steadyRate, double overallRate, double cores, String perSecond) {}

    /**
     * Starts the agents and samples {@code count(*)} of succeeded runs until all {@code runs} have
     * succeeded or {@code maxSeconds} have passed.
     */
    private static Drain drain(Db db, Vigil vigil, int runs, int maxSeconds, Runnable startAgents) throws Exception {
        List<long[]> samples = new ArrayList<>(); // {nanos, succeeded}
        long cpu0 = Machine.selfCpuNanos();
        long t0;
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            t0 = System.nanoTime();
            startAgents.run();
            long end = t0 + maxSeconds * 1_000_000_000L;
            long done = 0;
            while (done < runs && System.nanoTime() < end) {
                Thread.sleep(100);
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM runs WHERE state = 'succeeded'")) {
                    rs.next();
                    done = rs.getLong(1);
                }
                samples.add(new long[] {System.nanoTime() - t0, done});
            }
        }
        double cores = (Machine.selfCpuNanos() - cpu0) / (double) (System.nanoTime() - t0);
        long[] last = samples.getLast();
        long[] p10 = first(samples, runs / 10), p90 = first(samples, runs * 9L / 10);
        if (p90 == null) p90 = last; // time bound reached: up to the end
        double steady = p10 != null && p90[0] > p10[0] ? (p90[1] - p10[1]) / ((p90[0] - p10[0]) / 1e9) : Double.NaN;
        StringBuilder per = new StringBuilder("succeeded per second:");
        long prev = 0;
        for (long sec = 1; sec <= last[0] / 1_000_000_000L + 1; sec++) {
            long[] at = atOrBefore(samples, sec * 1_000_000_000L);
            if (at == null) continue;
            per.append(' ').append(at[1] - prev);
            prev = at[1];
        }
        if (last[1] < runs) per.append(" (time bound reached: ").append(runs - last[1]).append(" not succeeded)");
        return new Drain(last[1], last[0] / 1e9, steady, last[1] / (last[0] / 1e9), cores, per.toString());
    }

    private static long[] first(List<long[]> samples, long atLeast) {
        for (long[] s : samples) if (s[1] >= atLeast) return s;
        return null;
    }

    private static long[] atOrBefore(List<long[]> samples, long nanos) {
        long[] out = null;
        for (long[] s : samples) {
            if (s[0] > nanos) break;
            out = s;
        }
        return out;
    }

    /** Every run succeeded exactly once: states, events, job states, and what the agents were handed. */
    private static void verify(Db db, int runs, Tracker tracker) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            StringBuilder states = new StringBuilder();
            long total = 0, succeeded = 0;
            try (ResultSet rs = s.executeQuery("SELECT state, count(*) FROM runs GROUP BY state ORDER BY state")) {
                while (rs.next()) {
                    states.append(rs.getString(1)).append('=').append(rs.getLong(2)).append(' ');
                    total += rs.getLong(2);
                    if (rs.getString(1).equals("succeeded")) succeeded = rs.getLong(2);
                }
            }
            String runStates = states.toString();
            long started = 0, startedRuns = 0, finished = 0, finishedRuns = 0;
            try (ResultSet rs = s.executeQuery("SELECT kind, count(*), count(DISTINCT run_id) FROM events"
                    + " WHERE run_id IS NOT NULL GROUP BY kind")) {
                while (rs.next()) {
                    switch (rs.getString(1)) {
                        case "started" -> { started = rs.getLong(2); startedRuns = rs.getLong(3); }
                        case "succeeded" -> { finished = rs.getLong(2); finishedRuns = rs.getLong(3); }
                        default -> states.append("event ").append(rs.getString(1)).append('=').append(rs.getLong(2)).append(' ');
                    }
                }
            }
            long openRuns, succeededNoEvent;
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(open_runs), 0) FROM job_state")) {
                rs.next();
                openRuns = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM runs WHERE state = 'succeeded' AND id NOT IN"
                    + " (SELECT run_id FROM events WHERE kind = 'succeeded' AND run_id IS NOT NULL)")) {
                rs.next();
                succeededNoEvent = rs.getLong(1);
            }
            boolean complete = succeeded == runs;
            boolean onlyDoneOrQueued = runStates.replaceAll("(succeeded|queued)=[0-9]+ ", "").isEmpty();
            boolean ok = onlyDoneOrQueued && total == runs && started == startedRuns && finished == finishedRuns && finishedRuns == succeeded
                    && startedRuns == succeeded && succeededNoEvent == 0 && (!complete || openRuns == 0)
                    && (tracker == null || tracker.duplicates.get() == 0);
            System.out.printf("RESULT runs-check %s: runs %d (backlog %d) %s| started events %d for %d runs,"
                            + " succeeded events %d for %d runs, succeeded runs without event %d, open runs in job_state %d%s%n",
                    ok ? (complete ? "OK, every run succeeded exactly once" : "OK so far (time bound: not all ran)") : "FAILED",
                    total, runs, states, started, startedRuns, finished, finishedRuns, succeededNoEvent, openRuns,
                    tracker == null ? "" : ", runs handed to agents " + tracker.dispatched.size() + ", handed twice "
                            + tracker.duplicates.get());
        }
    }

}

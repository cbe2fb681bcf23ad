package dev.vigil.bench;

import dev.vigil.app.Config;
import dev.vigil.app.Vigil;
import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.Schedule;
import dev.vigil.ingest.Command;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.ingest.DeadlineTimer;
import dev.vigil.ingest.Committed;
import dev.vigil.ingest.Ingest;
import dev.vigil.ingest.Result;
import dev.vigil.store.Transactor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * An incident storm: every job of one project misses its deadline at the same moment. Measures how
 * long it takes until every incident is open and its notifications enqueued (the writer records the
 * flips; the incident loop decides incidents from them in transactions of its own), each job's
 * deadline → incident lag, how long the delivery loop takes to send them all to a receiver on
 * 127.0.0.1 that answers at once, and how fast pings of other jobs are answered meanwhile: an
 * open-loop client sends {@code --ping-rate} pings/s (default 200) over HTTP from 1 s before the
 * deadline until the end, latency counted from each ping's intended send time.
 *
 * <p>Variants, each on a fresh store: {@code routed} (two webhook channels, three routes, a silence
 * matching 10 % of the jobs by tag, a maintenance window not in force), {@code incidents} (the same
 * without channels and routes: incidents open, nothing is sent), and {@code noop} (no incident
 * loop at all: {@link Ingest} built here with {@link Committed.Listener#NONE}, only the flips are recorded;
 * no web server, so no pings).
 */
final class IncidentBench {
    private IncidentBench() {}

    private static final String PROJECT = "storm";
    /** Below the timer's 200 ms settle, so the first look after the fire time decides missed: one critical flip per job, no late warning first. */
    private static final Duration GRACE = Duration.ofMillis(1);
    private static final int SILENCED_EVERY = 10; // jobs i % 10 == 0 carry the silenced tag
    private static final int CHANNELS = 2;

    static void run(Options o) throws Exception {
        int jobs = o.integer("jobs", 10_000);
        int warmup = o.integer("warmup", 1_000);
        List<String> variants = List.of(o.text("only", "routed,incidents,noop").split(","));
        Path work = Files.createDirectories(Path.of(o.text("work", "target/work")).toAbsolutePath());
        System.out.println("# incidents: incident storm; " + Machine.describe() + "; max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, GC "
                + ManagementFactory.getGarbageCollectorMXBeans().getFirst().getName()
                + "; load average before: " + Machine.loadAverage());
        EmbeddedPostgres pg = null;
        try (LoopbackReceiver receiver = LoopbackReceiver.start(4)) {
            int phase = 0;
            for (String db : o.text("db", "sqlite").split(",")) {
                if (db.equals("postgres") && pg == null) pg = Db.startPostgres(work, "on", o.flag("pg-stats"));
                if (warmup > 0) storm(o, "routed", Db.database(db, pg, work, "iw" + phase++), warmup, receiver, false);
                for (String v : variants) storm(o, v, Db.database(db, pg, work, "i" + phase++), jobs, receiver, true);
            }
        } finally {
            if (pg != null) pg.close();
        }
        System.out.println("load average after: " + Machine.loadAverage());
    }

    private static void storm(Options o, String variant, Db db, int n, LoopbackReceiver receiver, boolean measured)
            throws Exception {
        String tag = "db=" + db.kind() + " variant=" + variant + " jobs=" + n;
        System.out.printf("## %s%s (load average %s)%n", measured ? "" : "warm-up, not reported: ", tag, Machine.loadAverage());
        receiver.reset();
        Rig rig = switch (variant) {
            case "noop" -> Rig.noop(db);
            case "incidents" -> Rig.vigil(db, null);
            case "routed" -> Rig.vigil(db, receiver);
            default -> throw new IllegalArgumentException("--only routed,incidents,noop; got " + variant);
        };
        Pinger pinger = null;
        try {
            List<UUID> pinged = rig.vigil == null ? List.of() : pingedJobs(rig, o.integer("ping-jobs", 50));
            Instant fire = defineJobs(rig, n, o.integer("lead", 8 + n / (db.kind().equals("sqlite") ? 1_000 : 400)));
            int silenced = (n + SILENCED_EVERY - 1) / SILENCED_EVERY;
            int expectedSent = variant.equals("routed") ? CHANNELS * (n - silenced) : 0;
            jdk.jfr.Recording jfr = measured && o.flag("profile") ? startJfr() : null;
            boolean stats = measured && o.flag("pg-stats") && db.kind().equals("postgres");
            if (stats) db.resetStatementStats();
            int maxSeconds = o.integer("max-seconds", 300);
            if (!pinged.isEmpty()) {
                pinger = Pinger.start(rig.vigil.port(), pinged, o.integer("ping-rate", 200),
                        fire.plus(GRACE).toEpochMilli() - 1_000, maxSeconds + 1);
            }
            Observed seen = observe(db, rig, variant, n, expectedSent, fire.plus(GRACE), maxSeconds);
            if (pinger != null) pinger.stop();
            if (jfr != null) {
                Path file = work(o).resolve("incidents-" + db.kind() + "-" + variant + ".jfr");
                jfr.dump(file);
                jfr.close();
                System.out.println("  JFR of the storm: " + file + " (Main jfr-top --file … --thread vigil-ingest)");
            }
            if (measured) seen.print(tag, n, expectedSent, receiver, rig);
            if (measured && pinger != null) pinger.print(tag, seen.deadline, seen.lastVisible);
            if (stats) Db.statementStats(db, "jobs in the storm", "job", n); // everything since the jobs were defined
            counts(db, variant);
        } finally {
            if (pinger != null) pinger.close();
            rig.close();
            PingBench.deleteTree(db.dataDir());
        }
    }

    private static Path work(Options o) {
        return Path.of(o.text("work", "target/work")).toAbsolutePath();
    }

    private static jdk.jfr.Recording startJfr() throws Exception {
        jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        r.start();
        return r;
    }

    /**
     * Defines the jobs through the writer: a daily cron (seconds first, UTC) whose fire time lies
     * {@code leadSeconds} ahead (default 8 s + 1 s per 1,000 jobs on SQLite, per 400 on PostgreSQL), the same for every job, grace {@link #GRACE}. Tags: {@code batch}
     * on every tenth job (the silence), {@code db} on every third (the first route), else {@code web}.
     * @return the common fire time
     */
    private static Instant defineJobs(Rig rig, int n, int leadSeconds) throws Exception {
        Instant now = Instant.now();
        Instant fire = now.plusSeconds(leadSeconds).truncatedTo(ChronoUnit.SECONDS);
        ZonedDateTime z = fire.atZone(ZoneOffset.UTC);
        Schedule cron = new Schedule.Cron(z.getSecond() + " " + z.getMinute() + " " + z.getHour() + " * * *", ZoneId.of("UTC"));
        long t0 = System.nanoTime();
        List<CompletableFuture<Result>> pending = new ArrayList<>();
        int wrong = 0;
        for (int i = 0; i < n; i++) {
            List<String> tags = new ArrayList<>(2);
            if (i % SILENCED_EVERY == 0) tags.add("batch");
            tags.add(i % 3 == 0 ? "db" : "web");
            Job job = new Job(0, UUID.randomUUID(), rig.projectId, PROJECT, "j" + i, null, null, null, tags, cron, GRACE,
                    null, null, HealthPolicy.DEFAULT, now, now, null);
            pending.add(rig.ingest.submit(new Command.Define(job)));
            if (pending.size() == 5_000 || i == n - 1) {
                for (CompletableFuture<Result> f : pending) {
                    if (!fire.equals(f.get().state().nextDeadline())) wrong++;
                }
                pending.clear();
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        long ahead = Duration.between(Instant.now(), fire).toMillis();
        System.out.printf("  defined %,d jobs through the writer in %.0f ms (%.0f/s); common fire time %s, %,d ms ahead%n",
                n, ms, n / ms * 1000, fire, ahead);
        if (wrong > 0 || ahead < 1_000) {
            throw new IllegalStateException(wrong + " jobs have another deadline, or the fire time is too close (" + ahead
                    + " ms); give a longer --lead");
        }
        return fire;
    }

    /**
     * Jobs outside the storm that the ping client reports for: every hour, grace an hour, each
     * pinged once now so that it is up (its first ping is a flip; pings during the storm are not).
     */
    private static List<UUID> pingedJobs(Rig rig, int count) throws Exception {
        Instant now = Instant.now();
        List<UUID> uuids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Job job = new Job(0, UUID.randomUUID(), rig.projectId, PROJECT, "pinged-" + i, null, null, null, List.of(),
                    new Schedule.Every(Duration.ofHours(1)), Duration.ofHours(1), null, null, HealthPolicy.DEFAULT, now,
                    now, null);
            uuids.add(rig.ingest.submit(new Command.Define(job)).get().job().uuid());
        }
        Api api = new Api(rig.vigil.port(), Db.ADMIN);
        for (UUID u : uuids) api.text("GET", "/ping/" + u, null, 200);
        return uuids;
    }

    /**
     * The ping client: open loop from {@code fromEpochMillis} until stopped, every answer kept with
     * its intended send time, so that the pings sent during the storm can be told apart.
     */
    /** What the separate reader saw, in epoch milliseconds. */
    private static final class Observed {
        final long deadline;
        final Latencies decided = new Latencies(), visible = new Latencies();
        long firstVisible = -1, lastVisible = -1, rows;
        long flipsVisible = -1; // when every storm flip was committed (variants with the incident loop)
        long delivered, delivered10 = -1, delivered90 = -1, deliveredAll = -1;
        long cpuAtDeadline, cpuAtOpen = -1, cpuAtDelivered = -1;
        // The writer's counters move after its commit is visible, so they are read once everything was seen:
        // nothing but the storm's ticks reaches the writer meanwhile (delivery and escalation write on their own).
        long batchesAtDeadline, batchesAtEnd;
        long commandsAtDeadline, commandsAtEnd;

        Observed(long deadline) {
            this.deadline = deadline;
        }

        void print(String tag, int n, int expectedSent, LoopbackReceiver receiver, Rig rig) {
            String what = tag.contains("variant=noop") ? "flips" : "incidents";
            if (lastVisible < 0) {
                System.out.printf("RESULT incidents-open %s: nothing committed within the bound%n", tag);
                return;
            }
            long all = lastVisible - deadline;
            long batches = batchesAtEnd - batchesAtDeadline;
            double spread = decided.percentileMillis(100) - decided.percentileMillis(0);
            System.out.printf("RESULT incidents-open %s %s=%d/%d all committed and visible %,d ms after the deadline"
                    + " (first at +%d ms): %.0f %s/s from the deadline; the writer decided the flips within %.0f ms (%.0f/s)%s;"
                    + " %d writer commits (%.0f commands each), process CPU %.2f cores%n", tag, what, rows, n, all,
                    firstVisible - deadline, rows * 1000.0 / Math.max(1, all), what, spread, rows * 1000.0 / Math.max(1, spread),
                    flipsVisible < 0 ? "" : ", all flips visible at +" + (flipsVisible - deadline) + " ms",
                    batches, (double) (commandsAtEnd - commandsAtDeadline) / Math.max(1, batches),
                    cores(cpuAtDeadline, cpuAtOpen, all));
            System.out.printf("RESULT incidents-lag %s deadline->flip decided by the writer (flip's at = incident's opened_at) %s%n",
                    tag, decided.summary());
            System.out.printf("RESULT incidents-lag %s deadline->committed-and-visible (10 ms polling) %s%n", tag, visible.summary());
            if (expectedSent == 0) return;
            if (deliveredAll < 0) {
                System.out.printf("RESULT incidents-delivery %s delivered=%d/%d NOT all within the bound%n", tag, delivered, expectedSent);
            } else {
                long d = deliveredAll - deadline;
                System.out.printf("RESULT incidents-delivery %s delivered=%d/%d all %,d ms after the deadline (%,d ms after the"
                        + " last incident opened): %.0f notifications/s from the deadline; 10%%->90%%: %.0f/s;"
                        + " process CPU %.2f cores%n", tag, delivered, expectedSent, d, deliveredAll - lastVisible,
                        delivered * 1000.0 / d, 0.8 * expectedSent * 1000.0 / Math.max(1, delivered90 - delivered10),
                        cores(cpuAtOpen, cpuAtDelivered, deliveredAll - lastVisible));
            }
            System.out.printf("  receiver: %d requests, %d distinct idempotency keys; delivery loop: delivered %d, retried %d,"
                    + " failed %d; escalation loop checked %d; incident loop decided %d flips, retried %d, gave up %d%n",
                    receiver.requests(), receiver.distinctKeys(),
                    rig.vigil.delivery().delivered(), rig.vigil.delivery().retried(), rig.vigil.delivery().failed(),
                    rig.vigil.escalation().checked(), rig.vigil.incidentLoop().handled(), rig.vigil.incidentLoop().retried(),
                    rig.vigil.incidentLoop().failed());
        }

        private static double cores(long cpu0, long cpu1, long wallMillis) {
            return cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 1e6 / Math.max(1, wallMillis);
        }
    }

    /**
     * Polls from its own connection, every 10 ms: new incident rows (flip rows for {@code noop}); a
     * row's commit also holds its notifications, so seeing it means both are visible. Every 50 ms
     * the number delivered. Stops when all are there or {@code maxSeconds} after the deadline.
     */
    private static Observed observe(Db db, Rig rig, String variant, int n, int expectedSent, Instant deadline,
                                    int maxSeconds) throws Exception {
        Observed s = new Observed(deadline.toEpochMilli());
        long stopAt = s.deadline + maxSeconds * 1_000L;
        String sql = variant.equals("noop") ? "SELECT id, at FROM flips WHERE id > ? ORDER BY id"
                : "SELECT id, opened_at FROM incidents WHERE id > ? ORDER BY id";
        try (Connection c = db.connect(); PreparedStatement rows = c.prepareStatement(sql);
             PreparedStatement sent = c.prepareStatement("SELECT count(*) FROM outbox WHERE state = 'delivered'");
             PreparedStatement flips = c.prepareStatement("SELECT count(*) FROM flips WHERE id > ?")) {
            c.setAutoCommit(true);
            Thread.sleep(Math.max(0, s.deadline - 20 - System.currentTimeMillis()));
            long flipsBefore;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM flips")) {
                rs.next();
                flipsBefore = rs.getLong(1);
            }
            flips.setLong(1, flipsBefore);
            boolean countFlips = !variant.equals("noop");
            while (System.currentTimeMillis() < s.deadline) Thread.onSpinWait();
            s.cpuAtDeadline = Machine.selfCpuNanos();
            s.batchesAtDeadline = rig.ingest.batches();
            s.commandsAtDeadline = rig.ingest.committed();
            long after = 0, lastCount = 0;
            while (System.currentTimeMillis() < stopAt) {
                rows.setLong(1, after);
                long t = System.currentTimeMillis(); // the snapshot's moment: each "visible" is at most one poll late
                try (ResultSet rs = rows.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getLong(1);
                        s.decided.record((rs.getLong(2) - s.deadline) * 1_000_000);
                        s.visible.record((t - s.deadline) * 1_000_000);
                        if (s.firstVisible < 0) s.firstVisible = t;
                        s.lastVisible = t;
                        s.rows++;
                    }
                }
                if (countFlips && s.flipsVisible < 0) {
                    try (ResultSet rs = flips.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) >= n) s.flipsVisible = t;
                    }
                }
                if (s.rows >= n && s.cpuAtOpen < 0) s.cpuAtOpen = Machine.selfCpuNanos();
                if (expectedSent > 0 && t - lastCount >= 50) {
                    lastCount = t;
                    try (ResultSet rs = sent.executeQuery()) {
                        rs.next();
                        s.delivered = rs.getLong(1);
                    }
                    if (s.delivered10 < 0 && s.delivered >= expectedSent / 10) s.delivered10 = t;
                    if (s.delivered90 < 0 && s.delivered >= expectedSent * 9L / 10) s.delivered90 = t;
                    if (s.delivered >= expectedSent) {
                        s.deliveredAll = t;
                        s.cpuAtDelivered = Machine.selfCpuNanos();
                    }
                }
                if (s.rows >= n && s.delivered >= expectedSent) break;
                Thread.sleep(10);
            }
        }
        Thread.sleep(100);
        s.batchesAtEnd = rig.ingest.batches();
        s.commandsAtEnd = rig.ingest.committed();
        return s;
    }

    /** What is in the store afterwards: incidents, their history, notifications by state. */
    private static void counts(Db db, String variant) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            StringBuilder line = new StringBuilder("  store afterwards: flips ").append(scalar(st, "SELECT count(*) FROM flips"));
            if (!variant.equals("noop")) {
                line.append(", incidents ").append(scalar(st, "SELECT count(*) FROM incidents"))
                        .append(", incident events ").append(scalar(st, "SELECT count(*) FROM incident_events"))
                        .append(", outbox");
                try (ResultSet rs = st.executeQuery("SELECT state, count(*) FROM outbox GROUP BY state ORDER BY state")) {
                    while (rs.next()) line.append(' ').append(rs.getString(1)).append('=').append(rs.getLong(2));
                }
            }
            System.out.println(line);
        }
    }

    private static long scalar(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The writer and what the storm needs around it: the whole server, or the writer and timer alone. */
    private static final class Rig implements AutoCloseable {
        final Ingest ingest;
        final long projectId;
        final Vigil vigil; // null for noop
        private final Transactor store;
        private final DeadlineTimer timer;

        private Rig(Ingest ingest, long projectId, Vigil vigil, Transactor store, DeadlineTimer timer) {
            this.ingest = ingest;
            this.projectId = projectId;
            this.vigil = vigil;
            this.store = store;
            this.timer = timer;
        }

        /** The product: {@link Vigil#start}; with a receiver, channels and routes that send to it. */
        static Rig vigil(Db db, LoopbackReceiver receiver) throws Exception {
            Vigil v = Vigil.start(db.config(), Clock.systemUTC());
            Api api = new Api(v.port(), Db.ADMIN);
            String p = "/api/v1/projects/" + PROJECT;
            api.send("POST", "/api/v1/projects", "{\"slug\": \"" + PROJECT + "\", \"name\": \"Incident storm\"}", 201);
            if (receiver != null) {
                for (String name : new String[] {"hook-a", "hook-b"}) {
                    api.send("POST", p + "/channels", "{\"kind\": \"webhook\", \"name\": \"" + name + "\", \"config\": {\"url\": \""
                            + receiver.url("/" + name) + "\", \"timeout\": \"PT5S\"}}", 201);
                }
                // Critical incidents of db jobs match the first route, then (continue) the third; all others the third only.
                api.send("PUT", p + "/routes", """
                        {"routes": [
                          {"name": "db jobs", "match": {"tags": ["db"]}, "channels": ["hook-a"], "continue": true},
                          {"name": "warnings", "match": {"severities": ["warning"]}, "channels": ["hook-b"]},
                          {"name": "everything critical", "channels": ["hook-a", "hook-b"]}
                        ]}""", 200);
            }
            api.send("POST", p + "/silences", "{\"tag\": \"batch\", \"duration\": \"2h\", \"comment\": \"bench: a tenth of the jobs\"}", 201);
            int hour = (ZonedDateTime.now(ZoneOffset.UTC).getHour() + 12) % 24; // an hour-long window half a day away
            api.send("POST", p + "/maintenance-windows", "{\"name\": \"patching\", \"cron\": \"0 " + hour + " * * *\","
                    + " \"duration\": \"1h\", \"comment\": \"bench: not in force\"}", 201);
            long projectId = v.store().read(tx -> tx.projects().bySlug(PROJECT)).orElseThrow().id();
            return new Rig(v.ingest(), projectId, v, null, null);
        }

        /** The writer and deadline timer as {@link Vigil} wires them, but telling no incident engine of flips. */
        static Rig noop(Db db) {
            Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
            Config c = db.config();
            Transactor store = db.open();
            DeadlineIndex index = new DeadlineIndex();
            Ingest ingest = new Ingest(store, clock, index, Committed.Listener.NONE, Vigil.LAG_THRESHOLD, c.recheckWindow(),
                    c.jobCacheSize());
            DeadlineTimer timer = new DeadlineTimer(index, ingest, clock, DeadlineTimer.DEFAULT_SETTLE, DeadlineTimer.DEFAULT_STALL,
                    c.recheckWindow());
            ingest.start();
            timer.start();
            long projectId = store.write(tx -> tx.projects().insert(PROJECT, "Incident storm", "stormpingkey0123456789ab",
                    clock.instant())).id();
            return new Rig(ingest, projectId, null, store, timer);
        }

        @Override
        public void close() {
            if (vigil != null) {
                ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Vigil.class.getPackageName()))
                        .setLevel(ch.qos.logback.classic.Level.WARN);
                vigil.close();
                ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Vigil.class.getPackageName()))
                        .setLevel(null);
                return;
            }
            timer.close();
            ingest.close();
            store.close();
        }
    }
}

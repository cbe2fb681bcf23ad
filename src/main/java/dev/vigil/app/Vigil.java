package dev.vigil.app;

import dev.vigil.alert.ChannelRegistry;
import dev.vigil.cluster.ChangeFeed;
import dev.vigil.cluster.Membership;
import dev.vigil.cluster.Ownership;
import dev.vigil.cluster.Partitions;
import dev.vigil.store.ClusterStore;
import dev.vigil.alert.DeliveryLoop;
import dev.vigil.alert.EscalationLoop;
import dev.vigil.alert.IncidentLoop;
import dev.vigil.alert.channel.StandardChannels;
import dev.vigil.alert.Incidents;
import dev.vigil.domain.Project;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.ingest.DeadlineTimer;
import dev.vigil.ingest.Committed;
import dev.vigil.ingest.Command;
import dev.vigil.ingest.Result;
import dev.vigil.ingest.Ingest;
import dev.vigil.execution.Dispatcher;
import dev.vigil.execution.EmbeddedAgent;
import dev.vigil.execution.LeaseWatcher;
import dev.vigil.execution.RunEvents;
import dev.vigil.execution.WorkSignal;
import dev.vigil.agent.process.Supervisor;
import dev.vigil.execution.RunLogs;
import dev.vigil.ingest.RunControl;
import dev.vigil.scheduler.Scheduler;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.SqlStores;
import dev.vigil.web.Alerting;
import dev.vigil.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The all-in-one server, wired by hand: store, writer, deadline index and timer, alert delivery and
 * the web server. Everything is built here and passed down; nothing is a static singleton.
 */
public final class Vigil implements AutoCloseable {
    /** Processing later than this after reception means ingestion lags; new incidents then wait a re-check window. */
    public static final Duration LAG_THRESHOLD = Duration.ofSeconds(2);
    /** How often a node of several reads what the others changed about the jobs it owns. */
    static final Duration CHANGE_FEED_INTERVAL = Duration.ofMillis(250);

    private final DataDirLock dataDirLock;
    private final Transactor store;
    private final Ingest ingest;
    private final DeadlineIndex index;
    private final DeadlineTimer timer;
    private final DeliveryLoop delivery;
    private final Incidents incidents;
    private final EscalationLoop escalation;
    private final IncidentLoop incidentLoop;
    private final Scheduler scheduler;
    private final Ownership ownership;
    private final ChangeFeed changeFeed;
    private final Supervisor supervisor;
    private final dev.vigil.agent.http.HttpRunner httpRunner;
    private final EmbeddedAgent agent;
    private final WorkSignal work;
    private final Dispatcher dispatcher;
    private final RunEvents runEvents;
    private final LeaseWatcher leases;
    private final RunLogs runLogs;
    private final dev.vigil.util.RetentionSweep auditRetention;
    private final WebServer web;
    private final JobMetrics jobMetrics;
    private final AutoCloseable processMetrics;
    private final String baseUrl;
    private final Optional<String> generatedAdminKey;
    private final Project exampleProject;
    private volatile boolean ready;

    private Vigil(Config config, Clock clock) {
        Instant now = clock.instant();
        this.dataDirLock = config.dbUrl() == null ? DataDirLock.acquire(config.dataDir()) : null;
        try {
            this.store = config.dbUrl() == null ? SqlStores.sqlite(config.dataDir())
                    : SqlStores.open(config.dbUrl(), config.dbUser(), config.dbPassword());
        } catch (RuntimeException e) {
            if (dataDirLock != null) dataDirLock.close();
            throw e;
        }
        int port = config.httpPort() == 0 ? freePort(config.host()) : config.httpPort();
        this.baseUrl = config.effectiveBaseUrl(port);
        try {
            this.generatedAdminKey = AdminKeyBootstrap.ensure(store, config.adminKey(), now);
            if (config.agentToken() != null) AdminKeyBootstrap.registerAgentToken(store, config.agentToken(), now);
        } catch (RuntimeException e) {
            store.close();
            if (dataDirLock != null) dataDirLock.close();
            throw e;
        }
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ChannelRegistry channels = StandardChannels.registry(clock, config.outbound());
        try {
            if (config.alerting() != null) AlertingFile.apply(store, config.alerting(), channels, now);
        } catch (RuntimeException e) {
            store.close();
            if (dataDirLock != null) dataDirLock.close();
            throw e;
        }
        this.delivery = DeliveryLoop.builder(store, channels, clock).meterRegistry(metrics).build();
        this.incidents = new Incidents(baseUrl, config.flapping().threshold(), config.flapping().window());
        this.escalation = new EscalationLoop(store, incidents, clock, () -> {
            delivery.wake();
            web().changed();
        });
        // The writer records flips and wakes this loop; incidents and notifications are decided there.
        this.incidentLoop = new IncidentLoop(store, incidents, clock, () -> {
            delivery.wake();
            web().changed();
        });
        this.index = new DeadlineIndex();
        // On PostgreSQL this server is one node of possibly several; on SQLite the only one.
        this.ownership = "postgresql".equals(store.databaseName())
                ? new Membership(store, Clock.systemUTC(), Membership.newNodeName(), baseUrl, dev.vigil.util.Version.current(),
                        config.cluster().heartbeat(), config.cluster().nodeTimeout())
                : Ownership.SOLE;
        this.ingest = new Ingest(store, clock, index, this::committed, LAG_THRESHOLD,
                config.recheckWindow(), config.jobCacheSize(), ownership);
        this.timer = new DeadlineTimer(index, ingest, clock, DeadlineTimer.DEFAULT_SETTLE, DeadlineTimer.DEFAULT_STALL,
                config.recheckWindow());
        this.scheduler = new Scheduler(store,
                (jobId, fireTimes) -> ingest.submit(new Command.Fire(jobId, fireTimes)).thenApply(Result::deferred),
                clock, Scheduler.DEFAULT_LEAD, ownership);
        long recheckMillis = config.recheckWindow().toMillis();
        ownership.start(new Ownership.Listener() {
            @Override
            public void gained(java.util.Set<Integer> partitions) {
                scheduler.gained(partitions);
                loadDeadlines(partitions, clock.millis(), recheckMillis);
            }

            @Override
            public void lost(java.util.Set<Integer> partitions) {
                scheduler.lost(partitions);
                index.removeIf(jobId -> partitions.contains(Partitions.of(jobId)));
            }
        });
        this.changeFeed = ownership.shared()
                ? new ChangeFeed(store, ownership, clock, CHANGE_FEED_INTERVAL, new ChangeFeed.Sink() {
                    @Override
                    public void changed(ClusterStore.JobChange change) {
                        changedElsewhere(change);
                    }

                    @Override
                    public void deadline(long jobId, long at) {
                        long known = index.deadlineOf(jobId);
                        if (known < 0 || at < known) index.put(jobId, at);
                    }

                    @Override
                    public void activity() {
                        if (web != null) web.changed();
                    }

                    @Override
                    public void runsAdded() {
                        work.signal();
                    }
                })
                : null;
        this.supervisor = new Supervisor();
        this.work = new WorkSignal();
        this.dispatcher = new Dispatcher(store, ingest, clock, work, config.agentLease(), config.runLogLimit(),
                Scheduler.DEFAULT_LEAD);
        this.runLogs = new RunLogs(store, config.runLogLimit(), config.runLogRetention(), clock);
        this.auditRetention = dev.vigil.audit.AuditRetention.of(store, config.auditRetention(), clock);
        this.runEvents = new RunEvents(store, ingest, runLogs::appendAll, work);
        this.leases = new LeaseWatcher(store, dispatcher, clock);
        this.httpRunner = new dev.vigil.agent.http.HttpRunner(config.outbound());
        this.agent = config.embeddedAgent() ? new EmbeddedAgent(dispatcher, runEvents, supervisor,
                dev.vigil.agent.HttpTargets.with(httpRunner), clock, config.dataDir(), java.util.List.of(),
                config.embeddedAgentCapacity()) : null;
        RunControl runs = new RunControl(store, ingest);
        Metrics.bind(metrics, ingest, index, timer);
        Metrics.bindExecution(metrics, store);
        Metrics.bindIncidents(metrics, incidentLoop);
        var pingCounts = new dev.vigil.web.PingCounts();
        this.jobMetrics = new JobMetrics(store, pingCounts);
        metrics.getPrometheusRegistry().register(jobMetrics);
        this.processMetrics = Metrics.bindProcess(metrics);
        this.web = new WebServer(store, ingest, clock, config.host(), port, baseUrl, config.pingBodyLimit(), config.pingRateLimit(), config.pingCreateLimit(), metrics,
                () -> ready && ownership.connected(), new Alerting(channels, incidents, () -> {
                    delivery.wake();
                    escalation.wake();
                    web().changed();
                }), runs, scheduler, dispatcher, runEvents, runLogs, ownership, config.cluster().nodeTimeout(), pingCounts);
        work.onSignal(web::changed); // a run queued, cancelled or freed shows on open dashboards too
        try {
            ingest.start(); // before the web server: only the writer thread may ever apply commands
            web.start();
            this.exampleProject = config.example() ? ExampleProject.createIfFirstStart(store, ingest, now) : null;
            timer.start();
            scheduler.start();
            if (changeFeed != null) changeFeed.start();
            leases.start();
            if (agent != null) agent.start();
            incidentLoop.start(); // decides flips a previous run left undecided, then whatever the writer records
            delivery.start();
            escalation.start();
            runLogs.start();
            auditRetention.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        ready = true;
    }

    /**
     * Builds and starts everything; the server is ready when this returns. The clock is ticked in
     * milliseconds, the precision the store keeps, so what an answer shows is what is stored.
     */
    public static Vigil start(Config config, Clock clock) {
        return new Vigil(config, Clock.tick(clock, Duration.ofMillis(1)));
    }

    /**
     * Loads the next deadline of every job in these partitions, newly owned. A deadline that passed
     * while nobody owned it (this server was down, or its former owner died) gets the re-check
     * window, so that jobs that reported to a peer or will report on reconnect are not called
     * missed for an outage of ours (PRODUCT.md §6).
     */
    private void loadDeadlines(java.util.Set<Integer> partitions, long nowMillis, long recheckMillis) {
        store.read(tx -> {
            tx.states().forEachDeadline(partitions, Partitions.COUNT, null, (jobId, deadline) ->
                    index.put(jobId, deadline < nowMillis ? nowMillis + recheckMillis : deadline));
            return null;
        });
    }

    /** Another server changed the definition of a job this one owns: fire by the new one, or stop firing. */
    private void changedElsewhere(ClusterStore.JobChange change) {
        long id = change.jobId();
        record Current(dev.vigil.domain.Job job, dev.vigil.domain.JobState state) {}
        Current now = "deleted".equals(change.kind()) ? null : store.read(tx -> tx.jobs().byId(id)
                .map(job -> new Current(job, tx.states().get(id).orElse(null))).orElse(null));
        if (now == null || now.state() == null) {
            scheduler.removed(id);
            index.remove(id);
        } else {
            switch (change.kind()) {
                case "paused" -> scheduler.paused(id);
                case "resumed" -> scheduler.resumed(now.job());
                default -> scheduler.defined(now.job(), now.state().paused());
            }
            var d = now.state().nextDeadline();
            index.put(id, d == null ? null : d.toEpochMilli());
        }
        if (web != null) web.changed();
    }

    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port on " + host, e);
        }
    }

    public String baseUrl() { return baseUrl; }

    public int port() { return web.port(); }

    public Optional<String> generatedAdminKey() { return generatedAdminKey; }

    public Project exampleProject() { return exampleProject; }

    public Transactor store() { return store; }

    public Ingest ingest() { return ingest; }

    public DeadlineIndex deadlines() { return index; }

    public DeadlineTimer timer() { return timer; }

    public DeliveryLoop delivery() { return delivery; }

    /** The incident engine: acknowledge and resolve go through it. */
    public Incidents incidents() { return incidents; }

    public EscalationLoop escalation() { return escalation; }

    /** Decides incidents from the flips the writer records. */
    public IncidentLoop incidentLoop() { return incidentLoop; }

    public Scheduler scheduler() { return scheduler; }

    /** Which jobs this server decides deadlines and fire times for. */
    public Ownership ownership() { return ownership; }

    /** The embedded agent, or null when it is turned off. */
    public EmbeddedAgent agent() { return agent; }

    /** Managed runs' output: where agents append it, and its retention sweep. */
    public RunLogs runLogs() { return runLogs; }

    /** The audit log's retention sweep. */
    public dev.vigil.util.RetentionSweep auditRetention() { return auditRetention; }

    /**
     * The one place where what the writer committed goes, on the writer thread once it is durable:
     * definitions to the scheduler's clock, flips to the incident loop, changed runs to the agents'
     * held polls, and every change to open dashboards. Commits before the parts exist (none are made
     * before {@code ingest.start()}) would find them null.
     */
    private void committed(Committed c) {
        jobMetrics.committed(c);
        for (Committed.Defined d : c.defined()) scheduler.defined(d.job(), d.paused());
        c.deleted().forEach(scheduler::removed);
        c.paused().forEach(scheduler::paused);
        c.resumed().forEach(scheduler::resumed);
        if (c.flips()) incidentLoop.wake();
        if (c.runsChanged()) work.signal(); // runs queued, cancelled or to stop: the agents' held polls look again
        if (web != null) web.changed();
    }

    public WebServer web() { return web; }

    public Dispatcher dispatcher() { return dispatcher; }

    public RunEvents runEvents() { return runEvents; }

    public LeaseWatcher leases() { return leases; }

    @Override
    public void close() {
        ready = false;
        // First, so that the other nodes take this one's partitions over at once (a rolling restart).
        if (changeFeed != null) changeFeed.close();
        if (ownership instanceof Membership m) m.close();
        web.close();
        scheduler.close();
        leases.close();
        if (agent != null) agent.close();
        supervisor.close();
        httpRunner.close();
        timer.close();
        ingest.close();
        incidentLoop.close();
        escalation.close();
        delivery.close();
        runLogs.close();
        if (auditRetention != null) auditRetention.close();
        store.close();
        if (dataDirLock != null) dataDirLock.close();
        try {
            processMetrics.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the GC metrics cannot fail; indicates a bug", e);
        }
    }
}

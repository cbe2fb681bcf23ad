package dev.vigil.app;

import dev.vigil.domain.JobState;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Status;
import dev.vigil.ingest.Committed;
import dev.vigil.store.JobStore;
import dev.vigil.store.Transactor;
import dev.vigil.web.PingCounts;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every job as Prometheus sees it (docs/metrics.md). The state gauges are read from the store at
 * each scrape, so every server of a cluster exports every job and a deleted job is gone at the next
 * scrape; run durations and counts are what this server's writer ended since it started, so that
 * the servers' series add up. Labels are {@code project} and {@code slug}, never {@code job}: in
 * Prometheus that is the scrape job.
 */
final class JobMetrics implements MultiCollector {
    private static final Logger log = LoggerFactory.getLogger(JobMetrics.class);

    /** Upper bounds of the run duration buckets, in seconds: from a second to six hours. */
    static final double[] DURATION_BUCKETS = {1, 5, 15, 60, 300, 900, 1800, 3600, 7200, 21600, Double.POSITIVE_INFINITY};
    /** The ends a run can come to, as {@code vigil_runs_finished_total} counts them. */
    static final List<RunState> ENDS = List.of(RunState.SUCCEEDED, RunState.FAILED, RunState.TIMED_OUT,
            RunState.CANCELLED, RunState.LOST);

    private final Transactor store;
    private final PingCounts pings;
    private final Map<Long, Durations> durations = new ConcurrentHashMap<>();
    private final Map<Long, ProjectRuns> runs = new ConcurrentHashMap<>();

    JobMetrics(Transactor store, PingCounts pings) {
        this.store = store;
        this.pings = pings;
    }

    /** Counts the runs a commit ended; called on the writer thread, so it only adds. */
    void committed(Committed c) {
        for (Committed.Finished f : c.finished()) {
            runs.computeIfAbsent(f.projectId(), id -> new ProjectRuns(f.project())).add(f.end());
            if (f.duration() != null) {
                durations.computeIfAbsent(f.jobId(), id -> new Durations()).observe(f.duration().toNanos() / 1e9);
            }
        }
        for (long id : c.deleted()) durations.remove(id);
    }

    @Override
    public MetricSnapshots collect() {
        record Row(String project, JobStore.Summary job) {}
        List<Row> rows = new ArrayList<>();
        Map<Long, String> projects = new java.util.HashMap<>();
        try {
            store.read(tx -> {
                for (var p : tx.projects().list()) {
                    projects.put(p.id(), p.slug());
                    for (var s : tx.jobs().summaries(p.id())) rows.add(new Row(p.slug(), s));
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("per-job metrics left out of this scrape: the store could not be read", e);
            return MetricSnapshots.of();
        }
        var up = GaugeSnapshot.builder().name("vigil_job_up")
                .help("1 unless the job's status is failed, missed or overdue");
        var status = GaugeSnapshot.builder().name("vigil_job_status")
                .help("the job's status, as the label status; always 1 (one series per job)");
        var healthy = GaugeSnapshot.builder().name("vigil_job_healthy").help("1 healthy, 0 unhealthy by the job's health policy");
        var paused = GaugeSnapshot.builder().name("vigil_job_paused").help("1 when the job is paused");
        var started = GaugeSnapshot.builder().name("vigil_job_last_start_timestamp_seconds")
                .help("when the job's last run started (Unix time); absent before its first start");
        var succeeded = GaugeSnapshot.builder().name("vigil_job_last_success_timestamp_seconds")
                .help("when the job last succeeded (Unix time); absent before its first success");
        var duration = HistogramSnapshot.builder().name("vigil_job_run_duration_seconds")
                .help("durations of the job's runs that this server saw end since it started");
        Set<Long> jobIds = new HashSet<>(rows.size() * 2);
        long maxJobId = 0;
        for (Row row : rows) {
            JobStore.Summary job = row.job();
            JobState s = job.state();
            jobIds.add(job.id());
            maxJobId = Math.max(maxJobId, job.id());
            Labels labels = Labels.of("project", row.project(), "slug", job.slug());
            up.dataPoint(point(labels, s.status().colour() == Status.Colour.RED ? 0 : 1));
            status.dataPoint(point(labels.add("status", s.status().wire()), 1));
            healthy.dataPoint(point(labels, s.health() == dev.vigil.domain.Health.HEALTHY ? 1 : 0));
            paused.dataPoint(point(labels, s.paused() ? 1 : 0));
            if (s.lastStartedAt() != null) started.dataPoint(point(labels, seconds(s.lastStartedAt())));
            if (s.lastSucceededAt() != null) succeeded.dataPoint(point(labels, seconds(s.lastSucceededAt())));
            Durations d = durations.get(job.id());
            if (d != null) duration.dataPoint(d.snapshot(labels));
        }
        // Jobs deleted (here or on another server) go; a job newer than this read stays.
        long newest = maxJobId;
        durations.keySet().removeIf(id -> id <= newest && !jobIds.contains(id));
        long newestProject = projects.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        runs.keySet().removeIf(id -> id <= newestProject && !projects.containsKey(id));
        pings.retainProjects(new HashSet<>(projects.values()));

        var finished = CounterSnapshot.builder().name("vigil_runs_finished")
                .help("runs this server saw end since it started, by project and how they ended");
        runs.forEach((id, r) -> {
            for (RunState end : ENDS) {
                finished.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(Labels.of("project", r.project, "state", end.wire())).value(r.count(end)).build());
            }
        });
        var pinged = CounterSnapshot.builder().name("vigil_pings")
                .help("pings answered, by outcome; with the job's project where the ping named a known job");
        pings.forEach((project, outcome, n) -> pinged.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(project == null ? Labels.of("outcome", outcome.wire()) : Labels.of("outcome", outcome.wire(), "project", project))
                .value(n).build()));
        List<MetricSnapshot> all = List.of(up.build(), status.build(), healthy.build(), paused.build(), started.build(),
                succeeded.build(), duration.build(), finished.build(), pinged.build());
        return new MetricSnapshots(all);
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    /** One job's run durations: counts per bucket (not cumulative) and their sum. */
    private static final class Durations {
        private final long[] counts = new long[DURATION_BUCKETS.length];
        private double sum;

        synchronized void observe(double seconds) {
            int i = 0;
            while (seconds > DURATION_BUCKETS[i]) i++;
            counts[i]++;
            sum += seconds;
        }

        synchronized HistogramSnapshot.HistogramDataPointSnapshot snapshot(Labels labels) {
            return HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels)
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(DURATION_BUCKETS, counts.clone()))
                    .sum(sum).build();
        }
    }

    /** Runs of one project by how they ended. */
    private static final class ProjectRuns {
        final String project;
        private final java.util.concurrent.atomic.AtomicLongArray counts = new java.util.concurrent.atomic.AtomicLongArray(RunState.values().length);

        ProjectRuns(String project) {
            this.project = project;
        }

        void add(RunState end) {
            counts.incrementAndGet(end.ordinal());
        }

        long count(RunState end) {
            return counts.get(end.ordinal());
        }
    }
}

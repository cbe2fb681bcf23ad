package dev.vigil.scheduler;

import dev.vigil.cluster.Ownership;
import dev.vigil.cluster.Partitions;
import dev.vigil.domain.Job;
import dev.vigil.domain.Schedule;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.schedule.FireTimes;
import dev.vigil.schedule.Schedules;
import dev.vigil.store.JobStore;
import dev.vigil.store.Transactor;
import dev.vigil.util.Worker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clock of managed jobs' fire times: an in-memory index of each job's next fire time (the store
 * stays the truth), a thread that sleeps until the earliest one, and for each due job a command to
 * the owner of its runs ({@link FireSink}), which applies {@link FirePlanner} and records every
 * fire time as a queued or skipped run — or nothing, if the job is paused. The unique key on
 * (job, fire time, attempt) makes a fire time produce exactly one run, even when two servers or a
 * restart fire it again.
 *
 * <p>A fire time is handed over a {@code lead} before it comes: its run is recorded and taken by an
 * agent ahead of time, and the agent starts it at the fire time itself, so the work between the
 * clock and the start (a transaction, a poll, a claim) does not make it late. The owner leaves a
 * fire time whose outcome depends on a run still active (any overlap rule but {@code allow}) until
 * its time: the scheduler then asks again, at the fire time itself.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    /** Bounds the catch-up of one job after a long downtime; older fire times are not examined. */
    static final int MAX_DUE_PER_PASS = 10_000;
    /** Jobs fired in one transaction; more due ones wait for the next pass, a moment later. */
    static final int MAX_JOBS_PER_PASS = 5_000;
    /** How old a definition's instant may be and still anchor the schedule (see {@link #defined}). */
    static final java.time.Duration DEFINITION_ANCHOR_LIMIT = java.time.Duration.ofMinutes(1);
    /** How long before its time a fire time is handed over, unless told otherwise. */
    public static final java.time.Duration DEFAULT_LEAD = java.time.Duration.ofSeconds(1);

    /** The owner of job state and runs, told of due fire times; it answers once they are recorded. */
    @FunctionalInterface
    public interface FireSink {
        /**
         * @return completes once the fire times are recorded, with the first of them left undecided
         *         until its time (null: every one was decided)
         */
        java.util.concurrent.CompletableFuture<Instant> fire(long jobId, List<Instant> fireTimes);
    }

    private final Transactor store;
    private final FireSink sink;
    private final Ownership ownership;
    private final Clock clock;
    private final long leadMillis;
    /** Per job, when to hand over its next fire time: a lead before it, or at it ({@link Tracked#onTime}). */
    private final DeadlineIndex fires = new DeadlineIndex();

    /**
     * A scheduled job with its compiled schedule and the last fire time recorded for it.
     * @param onTime its next fire time is handed over at its time, not ahead (the owner left it undecided)
     */
    private record Tracked(Job job, FireTimes times, Instant last, boolean onTime) {}

    private final Map<Long, Tracked> jobs = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private final Worker worker = new Worker("vigil-scheduler", this::pass);

    /** @param lead how long before its time a fire time is handed over (zero: at its time) */
    public Scheduler(Transactor store, FireSink sink, Clock clock, java.time.Duration lead) {
        this(store, sink, clock, lead, Ownership.SOLE);
    }

    /** @param ownership which jobs this server fires: those of the partitions it owns */
    public Scheduler(Transactor store, FireSink sink, Clock clock, java.time.Duration lead, Ownership ownership) {
        this.ownership = ownership;
        if (lead.isNegative()) throw new IllegalArgumentException("lead must not be negative: " + lead);
        this.store = store;
        this.sink = sink;
        this.clock = clock;
        this.leadMillis = lead.toMillis();
        fires.onNewEarliest(this::wake);
    }


    /**
     * Loads every managed, scheduled job that is not paused; the first pass then catches up what
     * was missed meanwhile.
     */
    public void load() {
        gained(Partitions.all());
    }

    /**
     * This server now owns these partitions: their managed, scheduled jobs that are not paused are
     * loaded from the store, each from its last recorded fire time, so that fire times that came
     * due while nobody owned them are fired now, once.
     */
    public void gained(java.util.Set<Integer> partitions) {
        Map<Long, Instant> lastFired = store.read(tx -> tx.runs().lastScheduledForAll());
        forEachJob(null, j -> {
            if (partitions.contains(Partitions.of(j.job().id())) && ownership.owns(j.job().id())
                    && schedulable(j.job()) && !j.state().paused()) {
                track(j.job(), lastFired.getOrDefault(j.job().id(), j.job().createdAt()));
            }
        });
    }

    /** Every job (of one project if given) with its state, a page at a time. */
    private void forEachJob(Long projectId, java.util.function.Consumer<JobStore.JobWithState> each) {
        String after = null;
        while (true) {
            var filter = new JobStore.Filter(projectId, null, null, null, after, 10_000);
            List<JobStore.JobWithState> page = store.read(tx -> tx.jobs().list(filter));
            page.forEach(each);
            if (page.size() < filter.limit()) return;
            after = page.getLast().job().key();
        }
    }

    /**
     * A job was created or redefined: it fires from its definition on by its new schedule. The
     * definition's own instant ({@code updatedAt}, the writer's clock) is the anchor, the one the
     * monitor expects the first start from: anchored on the moment this is called instead, a
     * little later, an {@code every} job's first run came after the monitor's first expected start
     * and the job showed late for a moment. An instant that is not a fresh definition (in the
     * future, or over a minute old) falls back to now.
     */
    /** This server no longer owns these partitions: it stops firing their jobs at once. */
    public void lost(java.util.Set<Integer> partitions) {
        for (long jobId : List.copyOf(jobs.keySet())) {
            if (partitions.contains(Partitions.of(jobId))) removed(jobId);
        }
    }

    public void defined(Job job, boolean paused) {
        if (!schedulable(job) || paused || !ownership.owns(job.id())) {
            removed(job.id());
            return;
        }
        Instant now = clock.instant();
        Instant at = job.updatedAt();
        boolean fresh = at != null && !at.isAfter(now) && at.isAfter(now.minus(DEFINITION_ANCHOR_LIMIT));
        track(job, fresh ? at : now);
    }

    public void removed(long jobId) {
        jobs.remove(jobId);
        fires.remove(jobId);
    }

    /** A paused job fires nothing until it is resumed. */
    public void paused(long jobId) {
        removed(jobId);
    }

    /** A resumed job fires from the resume on: the fire times it slept through are not caught up. */
    public void resumed(Job job) {
        if (schedulable(job) && ownership.owns(job.id())) track(job, clock.instant());
    }

    /**
     * One pass: hands every job due now to the owner, all at once (its group commit records them in
     * one transaction however many jobs are due), and waits until they are recorded. Tests call
     * this with a settable clock.
     */
    public int runOnce() {
        Instant now = clock.instant();
        List<Long> dueJobs = new ArrayList<>();
        fires.pollDue(now.toEpochMilli(), MAX_JOBS_PER_PASS, (jobId, at) -> dueJobs.add(jobId));
        if (dueJobs.isEmpty() || closing) return 0;
        Map<Tracked, List<Instant>> due = new java.util.LinkedHashMap<>();
        for (long jobId : dueJobs) {
            Tracked t = jobs.get(jobId);
            if (t == null) continue;
            if (!ownership.owns(jobId)) { // its partition went to another node meanwhile
                removed(jobId);
                continue;
            }
            Instant horizon = t.onTime() ? now : now.plusMillis(leadMillis);
            List<Instant> times = new ArrayList<>();
            for (Instant f = next(t.times(), t.last()); f != null && !f.isAfter(horizon) && times.size() < MAX_DUE_PER_PASS;
                 f = next(t.times(), f)) {
                times.add(f);
            }
            due.put(t, times);
        }
        Map<Tracked, java.util.concurrent.CompletableFuture<Instant>> sent = new java.util.LinkedHashMap<>();
        due.forEach((t, times) -> {
            if (!times.isEmpty()) sent.put(t, sink.fire(t.job().id(), times));
        });
        for (Map.Entry<Tracked, List<Instant>> e : due.entrySet()) {
            Tracked t = e.getKey();
            List<Instant> times = e.getValue();
            long jobId = t.job().id();
            var answer = sent.get(t);
            Instant deferred = null;
            if (answer != null) {
                try {
                    deferred = answer.join();
                } catch (RuntimeException failed) {
                    if (closing) return 0;
                    log.error("firing job {} failed; trying it again in 5 s", t.job().key(), failed);
                    fires.put(jobId, now.toEpochMilli() + 5_000);
                    continue;
                }
            }
            Tracked advanced = advanced(t, times, deferred);
            // Only if nobody redefined, paused or removed the job meanwhile; then its own entry stands.
            if (!jobs.replace(jobId, t, advanced)) continue;
            schedule(advanced);
        }
        return due.size();
    }

    /** The job after its fire times were handed over: up to the first one left undecided, if any. */
    private static Tracked advanced(Tracked t, List<Instant> handed, Instant deferred) {
        if (handed.isEmpty()) return t;
        if (deferred == null) return new Tracked(t.job(), t.times(), handed.getLast(), false);
        int at = handed.indexOf(deferred);
        Instant last = at > 0 ? handed.get(at - 1) : at == 0 ? t.last() : handed.getLast();
        return new Tracked(t.job(), t.times(), last, at >= 0);
    }

    /** Puts the job's next hand-over in the index: a lead before its next fire time, or at it. */
    private void schedule(Tracked t) {
        Instant upcoming = next(t.times(), t.last());
        if (upcoming == null) {
            fires.remove(t.job().id());
        } else {
            fires.put(t.job().id(), upcoming.toEpochMilli() - (t.onTime() ? 0 : leadMillis));
        }
    }

    /** The fire time after {@code t}; for {@code every}, anchored on the previous fire time itself. */
    private static Instant next(FireTimes times, Instant t) {
        return times.next(t).orElse(null);
    }

    /** Keeps the compiled schedule: re-parsing cron on every fire cost most of a pass. */
    private void track(Job job, Instant last) {
        Tracked t = new Tracked(job, Schedules.fireTimes(job.schedule()), last, false);
        jobs.put(job.id(), t);
        schedule(t);
    }

    private static boolean schedulable(Job job) {
        return job.isManaged() && !(job.schedule() instanceof Schedule.None);
    }

    /** A job's next fire time, as the scheduler will fire it. */
    public record Upcoming(Job job, Instant fireTime) {}

    /** The next fire time of each scheduled job (of one project if given), soonest first. */
    public List<Upcoming> upcoming(Long projectId, int limit) {
        if (ownership.shared()) return upcomingInStore(projectId, limit);
        return jobs.values().stream()
                .filter(t -> projectId == null || t.job().projectId() == projectId)
                .filter(t -> fires.deadlineOf(t.job().id()) >= 0)
                .map(t -> new Upcoming(t.job(), next(t.times(), t.last())))
                .filter(u -> u.fireTime() != null)
                .sorted(java.util.Comparator.comparing(Upcoming::fireTime))
                .limit(limit).toList();
    }

    /**
     * Every scheduled job's next fire time as the store has it: when several servers share it, each
     * fires only the jobs it owns, so its own index would show part of the answer. A job fires next
     * after its last recorded fire time, or, if it never fired, after its definition.
     */
    private List<Upcoming> upcomingInStore(Long projectId, int limit) {
        Map<Long, Instant> lastFired = store.read(tx -> tx.runs().lastScheduledForAll());
        List<Upcoming> out = new ArrayList<>();
        forEachJob(projectId, j -> {
            Job job = j.job();
            if (!schedulable(job) || j.state().paused()) return;
            Instant anchor = job.updatedAt() != null ? job.updatedAt() : job.createdAt();
            Instant next = next(Schedules.fireTimes(job.schedule()), lastFired.getOrDefault(job.id(), anchor));
            if (next != null) out.add(new Upcoming(job, next));
        });
        out.sort(java.util.Comparator.comparing(Upcoming::fireTime));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    public void start() {
        worker.start();
    }

    private void wake() {
        worker.wake();
    }

    private long pass() {
        runOnce();
        long earliest = fires.earliest();
        return earliest == Long.MAX_VALUE ? 1_000 : earliest - clock.millis();
    }

    /** Stops firing: a pass in progress finishes its transaction, no new one starts. */
    @Override
    public void close() {
        closing = true;
        worker.close();
    }
}

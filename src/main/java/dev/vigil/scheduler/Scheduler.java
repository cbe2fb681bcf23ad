package dev.vigil.scheduler;

import dev.vigil.domain.Job;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Schedule;
import dev.vigil.domain.Trigger;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.schedule.FireTimes;
import dev.vigil.schedule.Schedules;
import dev.vigil.store.JobStore;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import dev.vigil.util.Worker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the fire times of managed jobs into runs: an in-memory index of each job's next fire time
 * (the store stays the truth), a thread that sleeps until the earliest one, and for each due job
 * one transaction that applies {@link FirePlanner} and records every fire time as a queued or
 * skipped run. The unique key on (job, fire time, attempt) makes a fire time produce exactly one
 * run, even when two servers or a restart fire it again.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    /** Bounds the catch-up of one job after a long downtime; older fire times are not examined. */
    static final int MAX_DUE_PER_PASS = 10_000;

    private final Transactor store;
    private final Clock clock;
    private final DeadlineIndex fires = new DeadlineIndex();
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile Runnable onQueued = () -> {};
    private volatile java.util.function.LongConsumer onCancel = id -> {};
    private final Worker worker = new Worker("vigil-scheduler", this::pass);

    public Scheduler(Transactor store, Clock clock) {
        this.store = store;
        this.clock = clock;
        fires.onNewEarliest(this::wake);
    }

    /** Called after a pass queued runs, so that an agent can take them at once. */
    public void onQueued(Runnable listener) {
        this.onQueued = listener;
    }

    /** Called for each active run that overlap {@code replace} cancels, so that its agent stops it. */
    public void onCancel(java.util.function.LongConsumer listener) {
        this.onCancel = listener;
    }

    /** Loads every managed, scheduled job; the first pass then catches up what was missed meanwhile. */
    public void load() {
        String after = null;
        while (true) {
            var filter = new JobStore.Filter(null, null, null, null, after, 10_000);
            List<JobStore.JobWithState> page = store.read(tx -> tx.jobs().list(filter));
            for (var j : page) {
                if (schedulable(j.job())) {
                    Instant last = store.read(tx -> tx.runs().lastScheduledFor(j.job().id())).orElse(j.job().createdAt());
                    track(j.job(), last);
                }
            }
            if (page.size() < filter.limit()) return;
            after = page.getLast().job().key();
        }
    }

    /** A job was created or redefined: it fires from now on by its new schedule. */
    public void defined(Job job) {
        if (!schedulable(job)) {
            removed(job.id());
            return;
        }
        track(job, clock.instant());
    }

    public void removed(long jobId) {
        jobs.remove(jobId);
        fires.remove(jobId);
    }

    /** One pass: fires every job due now. Tests call this with a settable clock. */
    public int runOnce() {
        Instant now = clock.instant();
        List<Long> due = new ArrayList<>();
        fires.pollDue(now.toEpochMilli(), 10_000, (jobId, at) -> due.add(jobId));
        for (long jobId : due) {
            try {
                fire(jobId, now);
            } catch (RuntimeException e) {
                log.error("firing job {} failed; trying again in 5 s", jobId, e);
                fires.put(jobId, now.toEpochMilli() + 5_000);
            }
        }
        return due.size();
    }

    private void fire(long jobId, Instant now) {
        Job job = jobs.get(jobId);
        if (job == null) return;
        FireTimes times = Schedules.fireTimes(job.schedule());
        Instant last = store.read(tx -> tx.runs().lastScheduledFor(jobId)).orElse(null);
        Instant from = last != null ? last : job.createdAt();
        List<Instant> dueTimes = new ArrayList<>();
        for (Instant f = next(job, times, from); f != null && !f.isAfter(now) && dueTimes.size() < MAX_DUE_PER_PASS;
             f = next(job, times, f)) {
            dueTimes.add(f);
        }
        if (!dueTimes.isEmpty()) {
            store.write(tx -> apply(tx, job, dueTimes, now));
            onQueued.run();
        }
        Instant upcoming = next(job, times, dueTimes.isEmpty() ? from : dueTimes.getLast());
        if (upcoming != null) fires.put(jobId, upcoming.toEpochMilli());
    }

    private Void apply(Tx tx, Job job, List<Instant> due, Instant now) {
        List<Run> active = tx.runs().active(job.id());
        List<FirePlan> plans = FirePlanner.plan(job.execution(), due, active, now);
        for (Run r : PlanWriter.apply(tx, job, plans, active, now, Trigger.SCHEDULE, true, null, onCancel)) {
            if (r.state() == RunState.QUEUED) created.incrementAndGet();
            else skipped.incrementAndGet();
        }
        return null;
    }

    /** The fire time after {@code t}; for {@code every}, anchored on the previous fire time itself. */
    private static Instant next(Job job, FireTimes times, Instant t) {
        return times.next(t).orElse(null);
    }

    private void track(Job job, Instant from) {
        jobs.put(job.id(), job);
        Instant next = next(job, Schedules.fireTimes(job.schedule()), from);
        if (next == null) fires.remove(job.id());
        else fires.put(job.id(), next.toEpochMilli());
    }

    private static boolean schedulable(Job job) {
        return job.isManaged() && !(job.schedule() instanceof Schedule.None);
    }

    /** A job's next fire time, as the scheduler will fire it. */
    public record Upcoming(Job job, Instant fireTime) {}

    /** The next fire time of each scheduled job (of one project if given), soonest first. */
    public List<Upcoming> upcoming(Long projectId, int limit) {
        return jobs.values().stream()
                .filter(j -> projectId == null || j.projectId() == projectId)
                .map(j -> new Upcoming(j, Instant.ofEpochMilli(fires.deadlineOf(j.id()))))
                .filter(u -> u.fireTime().toEpochMilli() >= 0)
                .sorted(java.util.Comparator.comparing(Upcoming::fireTime))
                .limit(limit).toList();
    }

    public long created() { return created.get(); }

    public long skipped() { return skipped.get(); }

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

    @Override
    public void close() {
        worker.close();
    }
}

package dev.vigil.ingest;

import dev.vigil.monitor.StatusRules;
import dev.vigil.monitor.Observation;
import dev.vigil.monitor.Expectations;
import dev.vigil.monitor.Decision;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.Event;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.scheduler.FirePlan;
import dev.vigil.domain.EventKind;
import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.Schedule;
import dev.vigil.schedule.Schedules;
import dev.vigil.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Carries out one command inside the writer's transaction. Lookups that can fail with a client
 * error (unknown job …) happen before anything is written, so such a failure never needs a rollback.
 */
final class Handler {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Handler.class);
    /** Healthchecks gives a check created by {@code ?create=1} a 1-day period and a 1-hour grace. */
    static final Duration CREATED_PERIOD = Duration.ofDays(1);
    static final Duration CREATED_GRACE = Duration.ofHours(1);

    private final Clock clock;
    private final JobCache cache;
    private final Recorder recorder;
    private final ReportHandler reports;
    private final Lag lag;
    private final RunMaker runs = new RunMaker();
    private final Pipelines pipelines = new Pipelines(runs);
    private final AuditedChanges audited;

    Handler(Clock clock, JobCache cache, Lag lag) {
        this.clock = clock;
        this.cache = cache;
        this.recorder = new Recorder();
        this.reports = new ReportHandler(recorder, pipelines, runs);
        this.lag = lag;
        this.audited = new AuditedChanges(this, clock);
    }

    /** Reads at once what the batch's commands will need: the runs agents report on. */
    void prefetch(Tx tx, Batch batch, List<Command> commands) {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        java.util.Set<Long> firing = new java.util.HashSet<>();
        for (Command c : commands) {
            if (c instanceof Command.RunReport r) ids.add(r.runId());
            if (c instanceof Command.Fire f) firing.add(f.jobId());
        }
        if (ids.size() > 1) {
            for (Run run : tx.runs().byIds(ids)) batch.runs.put(run.id(), run);
        }
        if (firing.size() > 1) {
            var active = tx.runs().activeOf(firing);
            for (long jobId : firing) batch.active.put(jobId, active.getOrDefault(jobId, List.of()));
        }
    }

    Result handle(Tx tx, Batch batch, Command command) {
        // What was read ahead stays true only while the batch's own reports and fires keep it so;
        // operator actions and definitions change runs in other ways: later commands read afresh.
        boolean keeps = command instanceof Command.Report || command instanceof Command.RunReport
                || command instanceof Command.Tick || command instanceof Command.Fire;
        if (!keeps) batch.forgetPrefetched();
        return switch (command) {
            case Command.Report r -> report(tx, batch, r);
            case Command.RunReport r -> runReport(tx, batch, r);
            case Command.Tick t -> tick(tx, batch, t);
            case Command.Define d -> define(tx, batch, d.job());
            case Command.Pause p -> lifecycle(tx, batch, p.jobId(), EventKind.PAUSED, p.by());
            case Command.Resume r -> lifecycle(tx, batch, r.jobId(), EventKind.RESUMED, r.by());
            case Command.Delete d -> delete(tx, batch, d.jobId());
            case Command.Fire f -> fire(tx, batch, f);
            case Command.Trigger t -> trigger(tx, batch, t);
            case Command.Cancel c -> cancel(tx, batch, c);
            case Command.Audited a -> audited.handle(tx, batch, a);
        };
    }

    /**
     * Fire times came due: a paused job gets no runs and no catch-up (they are not awaited either:
     * a paused job has no deadlines); otherwise the job's rules decide, and fire times that will
     * not run are no longer awaited by the monitor. A job deleted or no longer managed meanwhile
     * gets nothing.
     */
    private Result fire(Tx tx, Batch batch, Command.Fire f) {
        JobRuntime rt = loadOrNull(tx, batch, f.jobId());
        if (rt == null || !rt.job().isManaged() || f.fireTimes().isEmpty()) return Result.NOTHING;
        if (rt.state().paused()) return new Result(rt.job(), rt.state(), false);
        Instant now = clock.instant();
        if (rt.job().execution().overlap() == dev.vigil.domain.Execution.Overlap.REPLACE) batch.forgetPrefetched(); // it may cancel runs
        List<Run> active = batch.active.remove(f.jobId());
        if (active == null) active = tx.runs().active(f.jobId());
        List<Instant> times = f.fireTimes();
        Instant deferred = null;
        if (rt.job().execution().overlap() != dev.vigil.domain.Execution.Overlap.ALLOW) {
            // Whether a fire time still ahead skips, queues or replaces depends on the runs before
            // it, which may end before then: only one that follows no active run is decided early.
            int ahead = 0;
            while (ahead < times.size() && !times.get(ahead).isAfter(now)) ahead++;
            int decided = active.isEmpty() && ahead == 0 ? 1 : ahead;
            if (decided < times.size()) {
                deferred = times.get(decided);
                times = times.subList(0, decided);
            }
            if (times.isEmpty()) return new Result(rt.job(), rt.state(), false, List.of(), deferred);
        }
        List<FirePlan> plans = runs.fire(tx, rt.job(), times, active, now);
        if (plans.stream().anyMatch(p -> p instanceof FirePlan.Queue)) batch.runsQueued = true;
        Instant lastSkipped = plans.stream().filter(p -> p instanceof FirePlan.Skip).map(p -> ((FirePlan.Skip) p).fireTime())
                .max(Instant::compareTo).orElse(null);
        JobRuntime after = rt;
        if (lastSkipped != null) {
            after = recorder.record(tx, batch, rt, StatusRules.notRun(rt.job(), rt.expectations(), rt.state(), lastSkipped, now),
                    null, now, null);
        }
        return new Result(after.job(), after.state(), false, List.of(), deferred);
    }

    /** An on-demand run: queued, or skipped under the job's overlap rule (the run says why). */
    private Result trigger(Tx tx, Batch batch, Command.Trigger t) {
        JobRuntime rt = load(tx, batch, t.jobId());
        if (!rt.job().isManaged()) {
            throw new ConflictException("job '" + rt.job().key() + "' is only watched: give it a command or an http target to run it");
        }
        Run run = runs.trigger(tx, rt.job(), t.params(), t.trigger(), null, clock.instant());
        if (run.state() == RunState.QUEUED) batch.runsQueued = true;
        return new Result(rt.job(), rt.state(), false, List.of(run));
    }

    /**
     * An operator cancels a run. One not started ends here (an agent that took it meanwhile is told
     * to stop it) and its fire time is no longer awaited; a running one is stopped by its agent,
     * which reports it cancelled. Neither touches health, so neither opens an incident.
     */
    private Result cancel(Tx tx, Batch batch, Command.Cancel c) {
        Run run = tx.runs().byId(c.runId()).orElseThrow(() -> new NotFoundException("no run " + c.runId()));
        if (run.state().isTerminal()) {
            throw new ConflictException("run " + run.id() + " already ended " + run.state().wire());
        }
        JobRuntime rt = load(tx, batch, run.jobId());
        Instant now = clock.instant();
        tx.events().append(new Event(0, run.jobId(), run.id(), now, EventKind.CANCELLED, null, null,
                "run " + run.id() + " cancelled by " + c.by(), null, "api"));
        if (run.state() == RunState.RUNNING) {
            tx.runs().requestStop(run.id(), now);
            batch.runsQueued = true; // wakes the agents' held polls: one of them must stop it
            return new Result(rt.job(), rt.state(), false, List.of(run));
        }
        if (!tx.runs().transition(run.id(), run.state(), RunState.CANCELLED, run.agent())) {
            throw new ConflictException("run " + run.id() + " changed meanwhile; look again");
        }
        batch.runsQueued = true;
        JobRuntime after = run.scheduledFor() == null ? rt : recorder.record(tx, batch, rt,
                StatusRules.notRun(rt.job(), rt.expectations(), rt.state(), run.scheduledFor(), now), run.id(), now, null);
        return new Result(after.job(), after.state(), false, List.of(tx.runs().byId(run.id()).orElseThrow()));
    }

    private Result report(Tx tx, Batch batch, Command.Report r) {
        boolean created = false;
        JobRuntime rt;
        if (r.job() instanceof Command.BySlug s) {
            Project project = tx.projects().byPingKey(s.pingKey())
                    .orElseThrow(() -> new NotFoundException("no project with this ping key"));
            var job = tx.jobs().bySlug(project.id(), s.slug());
            if (job.isEmpty() && !s.create()) {
                throw new NotFoundException("no job '" + s.slug() + "' in project '" + project.slug() + "'");
            }
            if (job.isEmpty()) {
                Job made = pingCreatedJob(project, s.slug(), r.observation().at());
                define(tx, batch, made);
                created = true;
                // In the audit log like any other new job; the ping key is the project's, so that is the actor.
                tx.audit().append(dev.vigil.domain.AuditEntry.of(clock.instant(), dev.vigil.domain.Actor.PING, "job.create",
                        project.id(), made.key(), null, "{\"project\": \"" + project.slug() + "\", \"slug\": \"" + s.slug()
                                + "\", \"schedule\": {\"every\": \"" + dev.vigil.schedule.Durations.format(CREATED_PERIOD)
                                + "\"}, \"grace\": \"" + dev.vigil.schedule.Durations.format(CREATED_GRACE) + "\", \"createdBy\": \"ping ?create=1\"}"));
            }
            rt = load(tx, batch, tx.jobs().bySlug(project.id(), s.slug()).orElseThrow().id());
        } else {
            rt = resolve(tx, batch, r.job());
        }
        batch.active.remove(rt.job().id()); // a report may open or close a run
        JobRuntime after = reports.handle(tx, batch, rt, r);
        lag.observed(r.observation().at(), clock.instant());
        return new Result(after.job(), after.state(), created);
    }

    private Result runReport(Tx tx, Batch batch, Command.RunReport r) {
        var known = batch.runs.get(r.runId());
        var run = known != null ? known : tx.runs().byId(r.runId()).orElseThrow(() -> new NotFoundException("no run " + r.runId()));
        batch.active.remove(run.jobId()); // it changes that job's runs
        JobRuntime rt = load(tx, batch, run.jobId());
        if (!applies(run, r)) {
            log.info("ignored {} of run {} from {}: the run is {} on {}", r.observation().kind(), run.id(), r.agent(),
                    run.state().wire(), run.agent());
            return new Result(rt.job(), rt.state(), false);
        }
        JobRuntime after = reports.handleManaged(tx, batch, rt, run, r);
        return new Result(after.job(), after.state(), false);
    }

    /** Whether the report still moves the run along: from the agent holding it, in a state it can leave so. */
    private static boolean applies(dev.vigil.domain.Run run, Command.RunReport r) {
        if (!java.util.Objects.equals(run.agent(), r.agent())) return false;
        if (r.observation().kind() == Observation.Kind.START) {
            return run.state() == dev.vigil.domain.RunState.QUEUED || run.state() == dev.vigil.domain.RunState.DISPATCHED;
        }
        dev.vigil.domain.RunState end = r.endState() != null ? r.endState()
                : r.observation().kind() == Observation.Kind.SUCCESS ? dev.vigil.domain.RunState.SUCCEEDED : dev.vigil.domain.RunState.FAILED;
        return run.state().canBecome(end);
    }

    private Result tick(Tx tx, Batch batch, Command.Tick t) {
        JobRuntime rt = loadOrNull(tx, batch, t.jobId());
        if (rt == null) return Result.NOTHING;
        Instant now = clock.instant();
        Instant due = rt.state().nextDeadline();
        if (due == null || due.isAfter(now)) {
            batch.put(rt); // a stale entry: re-index the job's real deadline
            return new Result(rt.job(), rt.state(), false);
        }
        Decision d = StatusRules.tick(rt.job(), rt.expectations(), rt.state(), now);
        if (d.after().alerting() && !d.before().alerting() && lag.deferUntil(now) != null) {
            // Reports may be stuck in our own backlog: look again once it has drained.
            batch.put(rt.with(withDeadline(rt.state(), lag.deferUntil(now))));
            return new Result(rt.job(), rt.state(), false);
        }
        JobRuntime after = recorder.record(tx, batch, rt, d, null, now, null);
        return new Result(after.job(), after.state(), false);
    }

    private static JobState withDeadline(JobState s, Instant deadline) {
        JobState.Builder b = s.toBuilder();
        b.nextDeadline = deadline;
        return b.build();
    }

    private Result define(Tx tx, Batch batch, Job job) {
        Instant now = clock.instant();
        var existing = tx.jobs().bySlug(job.projectId(), job.slug());
        if (existing.isEmpty()) {
            Job stored = tx.jobs().insert(job.withIdentity(0, job.uuid(), job.projectId(), now, now));
            Expectations ex = expectations(stored);
            JobState state = StatusRules.created(stored, ex, now);
            batch.stateChanged(stored.id());
            tx.events().append(new Event(0, stored.id(), null, now, EventKind.CREATED, null, null, "created", null, "api"));
            batch.put(new JobRuntime(stored, ex, state));
            batch.defined.add(stored);
            pipelines.defined(tx, stored);
            return new Result(stored, state, true);
        }
        Job old = existing.get();
        // Strictly after the definition it replaces: other servers tell definitions apart by it.
        Instant defined = now.isAfter(SharedReads.version(old)) ? now : SharedReads.version(old).plusMillis(1);
        Job updated = job.withIdentity(old.id(), old.uuid(), old.projectId(), old.createdAt(), defined);
        tx.jobs().update(updated);
        JobRuntime rt = load(tx, batch, old.id());
        JobRuntime fresh = new JobRuntime(updated, expectations(updated), rt.state());
        boolean timing = !Objects.equals(old.schedule(), updated.schedule()) || !Objects.equals(old.grace(), updated.grace());
        Decision d = timing
                ? StatusRules.redefined(updated, fresh.expectations(), fresh.state(), now)
                : StatusRules.refreshed(updated, fresh.expectations(), fresh.state(), now);
        tx.events().append(new Event(0, old.id(), null, now, EventKind.UPDATED, null, null, "definition replaced", null, "api"));
        JobRuntime after = recorder.record(tx, batch, fresh, d, null, now, null);
        batch.defined.add(updated);
        pipelines.defined(tx, updated);
        return new Result(after.job(), after.state(), false);
    }

    /**
     * Pause and resume; each is a no-op on a job already so. Pausing cancels the job's runs that
     * are queued by its schedule, a retry or an upstream and not yet started (runs asked for by
     * hand still run); runs already going finish.
     */
    private Result lifecycle(Tx tx, Batch batch, long jobId, EventKind kind, String by) {
        JobRuntime rt = resolve(tx, batch, new Command.ById(jobId));
        boolean pause = kind == EventKind.PAUSED;
        if (rt.state().paused() == pause) return new Result(rt.job(), rt.state(), false);
        Instant now = clock.instant();
        Decision d = pause
                ? StatusRules.pause(rt.job(), rt.expectations(), rt.state(), now)
                : StatusRules.resume(rt.job(), rt.expectations(), rt.state(), now);
        String message = kind.wire() + " by " + by;
        if (pause) {
            List<Long> cancelled = new java.util.ArrayList<>();
            for (Run run : tx.runs().active(jobId)) {
                if (run.trigger() == dev.vigil.domain.Trigger.MANUAL) continue;
                // Queued, or taken by an agent ahead of a fire time still to come (it is told to let go).
                boolean waiting = run.state() == RunState.QUEUED || run.state() == RunState.DISPATCHED
                        && run.scheduledFor() != null && run.scheduledFor().isAfter(now);
                if (waiting && tx.runs().transition(run.id(), run.state(), RunState.CANCELLED, run.agent())) {
                    cancelled.add(run.id());
                }
            }
            if (!cancelled.isEmpty()) {
                message += "; queued runs cancelled: " + cancelled;
                batch.runsQueued = true; // wakes the agents' held polls: one may have to let go of a run
            }
        }
        tx.events().append(new Event(0, jobId, null, now, kind, null, null, message, null, "api"));
        JobRuntime after = recorder.record(tx, batch, rt, d, null, now, null);
        if (kind == EventKind.PAUSED) batch.paused.add(jobId);
        else batch.resumed.add(rt.job());
        return new Result(after.job(), after.state(), false);
    }

    private Result delete(Tx tx, Batch batch, long jobId) {
        JobRuntime rt = resolve(tx, batch, new Command.ById(jobId));
        tx.jobs().delete(jobId);
        batch.delete(jobId);
        pipelines.forget(jobId);
        return new Result(rt.job(), rt.state(), false);
    }

    private JobRuntime resolve(Tx tx, Batch batch, Command.JobRef ref) {
        return switch (ref) {
            case Command.ById id -> {
                JobRuntime rt = loadOrNull(tx, batch, id.jobId());
                if (rt == null) throw new NotFoundException("no job with id " + id.jobId());
                yield rt;
            }
            case Command.ByUuid u -> {
                Long id = cache.idOf(u.uuid());
                if (id == null) {
                    id = tx.jobs().byUuid(u.uuid()).map(Job::id)
                            .orElseThrow(() -> new NotFoundException("no job with this uuid"));
                }
                yield resolve(tx, batch, new Command.ById(id));
            }
            case Command.BySlug s -> throw new IllegalStateException("slug references are resolved by report(); indicates a bug");
        };
    }

    private JobRuntime load(Tx tx, Batch batch, long jobId) {
        JobRuntime rt = loadOrNull(tx, batch, jobId);
        if (rt == null) throw new NotFoundException("no job with id " + jobId);
        return rt;
    }

    JobRuntime loadOrNull(Tx tx, Batch batch, long jobId) {
        JobRuntime rt = batch.get(jobId, cache);
        if (rt != null || batch.deleted.contains(jobId)) return rt;
        Job job = tx.jobs().byId(jobId).orElse(null);
        if (job == null) return null;
        Expectations ex = expectations(job);
        JobState state = tx.states().get(jobId).orElseGet(() -> StatusRules.created(job, ex, job.createdAt()));
        return new JobRuntime(job, ex, state);
    }

    static Expectations expectations(Job job) {
        return new Expectations(job, Schedules.fireTimes(job.schedule()));
    }

    private static Job pingCreatedJob(Project project, String slug, Instant now) {
        return new Job(0, UUID.randomUUID(), project.id(), project.slug(), slug, slug, null, null, List.of(),
                new Schedule.Every(CREATED_PERIOD), CREATED_GRACE, null, null, HealthPolicy.DEFAULT, now, now, null);
    }
}

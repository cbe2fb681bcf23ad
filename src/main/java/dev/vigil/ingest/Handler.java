package dev.vigil.ingest;

import dev.vigil.monitor.StatusRules;
import dev.vigil.monitor.Observation;
import dev.vigil.monitor.Expectations;
import dev.vigil.monitor.Decision;
import dev.vigil.domain.Event;
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
    private final Pipelines pipelines = new Pipelines();

    Handler(Clock clock, JobCache cache, Lag lag) {
        this.clock = clock;
        this.cache = cache;
        this.recorder = new Recorder();
        this.reports = new ReportHandler(recorder, pipelines);
        this.lag = lag;
    }

    void onDownstream(Downstream downstream) {
        pipelines.runWith(downstream);
    }

    Result handle(Tx tx, Batch batch, Command command) {
        return switch (command) {
            case Command.Report r -> report(tx, batch, r);
            case Command.RunReport r -> runReport(tx, batch, r);
            case Command.Tick t -> tick(tx, batch, t);
            case Command.Define d -> define(tx, batch, d.job());
            case Command.Pause p -> lifecycle(tx, batch, p.jobId(), EventKind.PAUSED, p.by());
            case Command.Resume r -> lifecycle(tx, batch, r.jobId(), EventKind.RESUMED, r.by());
            case Command.Delete d -> delete(tx, batch, d.jobId());
        };
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
                define(tx, batch, pingCreatedJob(project, s.slug(), r.observation().at()));
                created = true;
            }
            rt = load(tx, batch, tx.jobs().bySlug(project.id(), s.slug()).orElseThrow().id());
        } else {
            rt = resolve(tx, batch, r.job());
        }
        JobRuntime after = reports.handle(tx, batch, rt, r);
        lag.observed(r.observation().at(), clock.instant());
        return new Result(after.job(), after.state(), created);
    }

    private Result runReport(Tx tx, Batch batch, Command.RunReport r) {
        var run = tx.runs().byId(r.runId()).orElseThrow(() -> new NotFoundException("no run " + r.runId()));
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
            tx.states().put(state);
            tx.events().append(new Event(0, stored.id(), null, now, EventKind.CREATED, null, null, "created", null, "api"));
            batch.put(new JobRuntime(stored, ex, state));
            batch.defined.add(stored);
            pipelines.defined(tx, stored);
            return new Result(stored, state, true);
        }
        Job old = existing.get();
        Job updated = job.withIdentity(old.id(), old.uuid(), old.projectId(), old.createdAt(), now);
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

    private Result lifecycle(Tx tx, Batch batch, long jobId, EventKind kind, String by) {
        JobRuntime rt = resolve(tx, batch, new Command.ById(jobId));
        Instant now = clock.instant();
        Decision d = kind == EventKind.PAUSED
                ? StatusRules.pause(rt.job(), rt.expectations(), rt.state(), now)
                : StatusRules.resume(rt.job(), rt.expectations(), rt.state(), now);
        tx.events().append(new Event(0, jobId, null, now, kind, null, null, kind.wire() + " by " + by, null, "api"));
        JobRuntime after = recorder.record(tx, batch, rt, d, null, now, null);
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
                            .orElseThrow(() -> new NotFoundException("no job with uuid " + u.uuid()));
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

    private JobRuntime loadOrNull(Tx tx, Batch batch, long jobId) {
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

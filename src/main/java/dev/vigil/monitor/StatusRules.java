package dev.vigil.monitor;

import dev.vigil.domain.EventKind;
import dev.vigil.domain.Health;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Status;
import dev.vigil.monitor.Decision.Derived;
import dev.vigil.monitor.Decision.RunOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place for the rules of a job's status and health (PRODUCT.md §1–3, §6): pure functions
 * of (job, state, observation or time) → {@link Decision}. Nothing here reads a clock or a database.
 */
public final class StatusRules {
    private StatusRules() {}

    /** The state of a job just created at {@code now}: new, expecting its first fire time. */
    public static JobState created(Job job, Expectations ex, Instant now) {
        JobState.Builder b = JobState.initial(job.id(), now).toBuilder();
        b.expectedAt = ex.firstAfter(now);
        b.nextDeadline = Deadlines.next(job, ex, b.build());
        return b.build();
    }

    /** Applies a report. {@code facts} describe the run it opens or closes. */
    public static Decision observe(Job job, Expectations ex, JobState s, Observation o, RunFacts facts) {
        if (o.kind() == Observation.Kind.LOG) {
            return new Decision(s, s, List.of(), null, null);
        }
        Instant t = o.at();
        JobState.Builder b = s.toBuilder();
        b.lastPingAt = t;
        if (o.ttl() != null) {
            b.ttlDeadline = t.plus(o.ttl());
        } else if (o.kind() != Observation.Kind.PROGRESS) {
            b.ttlDeadline = null;
        }
        b.openRuns = facts.openRunsAfter();
        b.runStartedAt = facts.oldestOpenStartAfter();
        String reason;
        RunOutcome outcome = null;
        switch (o.kind()) {
            case START -> {
                b.lastStartedAt = t;
                b.expectedAt = ex.afterReport(t, s.expectedAt());
                b.progressAt = null;
                b.status = Status.RUNNING;
                reason = "started";
            }
            case PROGRESS -> {
                if (s.openRuns() > 0) {
                    b.progressAt = t;
                    if (s.status() == Status.OVERDUE) b.status = Status.RUNNING;
                }
                b.openRuns = s.openRuns();
                b.runStartedAt = s.runStartedAt();
                reason = "progress" + (o.step() == null ? "" : ": " + o.step());
            }
            default -> {
                outcome = finish(job, ex, s, o, facts, b);
                reason = outcome.reason() != null ? outcome.reason()
                        : outcome.state() == RunState.SUCCEEDED ? "succeeded" : describeFailure(o);
            }
        }
        if (s.paused()) {
            // A paused job keeps its status, health and counters; the report itself is still recorded.
            b.status = Status.PAUSED;
            b.health = s.health();
            b.consecutiveFailures = s.consecutiveFailures();
            b.consecutiveSuccesses = s.consecutiveSuccesses();
        }
        return conclude(job, ex, s, b, new ArrayList<>(), reason, t, outcome);
    }

    private static RunOutcome finish(Job job, Expectations ex, JobState s, Observation o, RunFacts facts,
                                     JobState.Builder b) {
        Instant t = o.at();
        if (facts.matchedStart() == null) {
            // A finish without a start is a whole run: it covers the fire time like a start would.
            b.expectedAt = ex.afterReport(t, s.expectedAt());
        }
        b.progressAt = facts.openRunsAfter() == 0 ? null : s.progressAt();
        String tooShort = tooShort(job, facts.matchedStart(), t);
        boolean success = o.kind() == Observation.Kind.SUCCESS && tooShort == null;
        if (success) {
            b.lastSucceededAt = t;
            b.consecutiveSuccesses = s.consecutiveSuccesses() + 1;
            b.consecutiveFailures = 0;
            b.status = Status.UP;
            if (s.health() == Health.UNHEALTHY && b.consecutiveSuccesses >= job.health().recoverAfter()) {
                b.health = Health.HEALTHY;
            }
            return new RunOutcome(RunState.SUCCEEDED, null);
        }
        b.lastFailedAt = t;
        b.consecutiveFailures = s.consecutiveFailures() + 1;
        b.consecutiveSuccesses = 0;
        b.status = Status.FAILED;
        boolean tooMany = b.consecutiveFailures >= job.health().consecutiveFailures();
        boolean tooLong = !t.isBefore(Deadlines.successAnchor(job, s).plus(job.health().failureWithoutSuccessFor()));
        if (tooMany || tooLong) b.health = Health.UNHEALTHY;
        return new RunOutcome(RunState.FAILED, tooShort);
    }

    private static String tooShort(Job job, Instant start, Instant end) {
        if (job.minRuntime() == null || start == null) return null;
        Duration took = Duration.between(start, end);
        if (took.compareTo(job.minRuntime()) >= 0) return null;
        return "finished in " + Texts.duration(took) + ", faster than minRuntime " + Texts.duration(job.minRuntime());
    }

    private static String describeFailure(Observation o) {
        return o.exitCode() == null ? "failed" : "failed with exit status " + o.exitCode();
    }

    /** Applies the passage of time: a deadline in the index reached {@code now}. */
    public static Decision tick(Job job, Expectations ex, JobState s, Instant now) {
        JobState.Builder b = s.toBuilder();
        List<Derived> events = new ArrayList<>();
        String reason = null;
        if (!s.paused()) {
            if (s.openRuns() > 0) {
                Instant due = Deadlines.runDeadline(job, ex, s);
                if (s.status() != Status.OVERDUE && due != null && !now.isBefore(due)) {
                    b.status = Status.OVERDUE;
                    reason = "overdue: started " + s.runStartedAt() + ", not finished by " + due;
                    events.add(new Derived(EventKind.OVERDUE, reason, Texts.json("deadline", due)));
                }
            } else if (s.status() != Status.MISSED) {
                reason = startCheck(ex, s, now, b, events);
            }
            Instant healthDue = Deadlines.healthDeadline(job, s);
            if (healthDue != null && !now.isBefore(healthDue)) {
                b.health = Health.UNHEALTHY;
                String why = "failed and no success for " + Texts.duration(job.health().failureWithoutSuccessFor());
                reason = reason == null ? why : reason + "; " + why;
            }
        }
        return conclude(job, ex, s, b, events, reason, now, null);
    }

    private static String startCheck(Expectations ex, JobState s, Instant now, JobState.Builder b, List<Derived> events) {
        if (s.ttlDeadline() != null) {
            if (now.isBefore(s.ttlDeadline())) return null;
            b.status = Status.MISSED;
            String reason = "missed: no report before the ttl expired at " + s.ttlDeadline();
            events.add(new Derived(EventKind.MISSED, reason, Texts.json("deadline", s.ttlDeadline())));
            return reason;
        }
        Instant expected = s.expectedAt();
        if (expected == null || now.isBefore(expected.plus(ex.startSlack()))) return null;
        if (!now.isBefore(expected.plus(ex.grace()))) {
            b.status = Status.MISSED;
            String reason = "missed: expected to start at " + expected + " (grace " + Texts.duration(ex.grace()) + ")";
            events.add(new Derived(EventKind.MISSED, reason, Texts.json("fireTime", expected)));
            return reason;
        }
        if (s.status() == Status.LATE) return null;
        b.status = Status.LATE;
        String reason = "late: expected to start at " + expected;
        events.add(new Derived(EventKind.LATE, reason, Texts.json("fireTime", expected)));
        return reason;
    }

    /** Pause: grey, no deadlines, and an open incident ends (the operator knows). */
    public static Decision pause(Job job, Expectations ex, JobState s, Instant now) {
        JobState.Builder b = s.toBuilder();
        b.paused = true;
        b.status = Status.PAUSED;
        return conclude(job, ex, s, b, new ArrayList<>(), "paused", now, null);
    }

    /**
     * Resume: the job is expected again from now on, not for the fire times it slept through, and
     * starts afresh for alerting — healthy, no failures counted — so that resuming never opens an
     * incident (PRODUCT.md §2); its next run or deadline decides. The colour keeps its last outcome.
     */
    public static Decision resume(Job job, Expectations ex, JobState s, Instant now) {
        JobState.Builder b = s.toBuilder();
        b.paused = false;
        b.status = s.openRuns() > 0 ? Status.RUNNING : lastOutcome(s);
        b.health = Health.HEALTHY;
        b.consecutiveFailures = 0;
        b.expectedAt = ex.firstAfter(now);
        b.ttlDeadline = null;
        return conclude(job, ex, s, b, new ArrayList<>(), "resumed", now, null);
    }

    /**
     * A run ended as {@code cancelled}: an operator's decision. The run closes and counts neither as
     * a success nor as a failure; a job shown running or overdue because of it shows its last outcome.
     */
    public static Decision cancelled(Job job, Expectations ex, JobState s, RunFacts facts, Instant at) {
        JobState.Builder b = s.toBuilder();
        b.openRuns = facts.openRunsAfter();
        b.runStartedAt = facts.oldestOpenStartAfter();
        if (b.openRuns == 0) b.progressAt = null;
        if (!s.paused() && (s.status() == Status.RUNNING || s.status() == Status.OVERDUE)) {
            b.status = b.openRuns > 0 ? Status.RUNNING : lastOutcome(s);
        }
        return conclude(job, ex, s, b, new ArrayList<>(), "run cancelled", at, new RunOutcome(RunState.CANCELLED, null));
    }

    /**
     * A fire time that will not run — skipped by the overlap or catch-up rule, or its run cancelled
     * before it started — is no longer awaited: the job expects the fire time after it.
     */
    public static Decision notRun(Job job, Expectations ex, JobState s, Instant fireTime, Instant now) {
        JobState.Builder b = s.toBuilder();
        if (s.expectedAt() != null && !s.expectedAt().isAfter(fireTime)) {
            b.expectedAt = ex.firstAfter(fireTime);
            if (s.status() == Status.LATE) b.status = s.openRuns() > 0 ? Status.RUNNING : lastOutcome(s);
        }
        return conclude(job, ex, s, b, new ArrayList<>(), "fire time " + fireTime + " not run", now, null);
    }

    /** The definition changed: expectations restart from now; a lateness under the old schedule is void. */
    public static Decision redefined(Job job, Expectations ex, JobState s, Instant now) {
        JobState.Builder b = s.toBuilder();
        b.expectedAt = ex.firstAfter(now);
        if (!s.paused() && (s.status() == Status.LATE || s.status() == Status.MISSED)) b.status = lastOutcome(s);
        return conclude(job, ex, s, b, new ArrayList<>(), "definition changed", now, null);
    }

    /** The definition changed but not its timing (say, maxRuntime or the owner): only deadlines move. */
    public static Decision refreshed(Job job, Expectations ex, JobState s, Instant now) {
        return conclude(job, ex, s, s.toBuilder(), new ArrayList<>(), "definition changed", now, null);
    }

    static Status lastOutcome(JobState s) {
        if (s.lastSucceededAt() == null && s.lastFailedAt() == null) return Status.NEW;
        if (s.lastFailedAt() == null) return Status.UP;
        if (s.lastSucceededAt() == null) return Status.FAILED;
        return s.lastSucceededAt().isAfter(s.lastFailedAt()) ? Status.UP : Status.FAILED;
    }

    private static Decision conclude(Job job, Expectations ex, JobState s, JobState.Builder b, List<Derived> events,
                                     String reason, Instant now, RunOutcome outcome) {
        b.alerting = !b.paused && (b.health == Health.UNHEALTHY || b.status.isDeadMan());
        if (b.status != s.status()) b.statusSince = now;
        b.nextDeadline = Deadlines.next(job, ex, b.build());
        JobState after = b.build();
        Decision.FlipDraft flip = null;
        if (after.status() != s.status() || after.health() != s.health() || after.alerting() != s.alerting()) {
            flip = new Decision.FlipDraft(s.status(), after.status(), s.health(), after.health(),
                    after.alerting(), after.alerting() != s.alerting(), reason);
        }
        return new Decision(s, after, List.copyOf(events), flip, outcome);
    }
}

package dev.vigil.monitor;

import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Schedule;
import dev.vigil.schedule.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Drives the pure status rules the way the ingest engine does: reports and ticks at chosen instants,
 * keeping the state and every flip, so tests read as a timeline.
 */
final class RulesHarness {
    final Job job;
    final Expectations ex;
    JobState state;
    final List<Decision.FlipDraft> flips = new ArrayList<>();
    final List<Decision> decisions = new ArrayList<>();
    private int open;
    private Instant openStart;

    private RulesHarness(Job job, Instant createdAt) {
        this.job = job;
        this.ex = new Expectations(job, Schedules.fireTimes(job.schedule()));
        this.state = StatusRules.created(job, ex, createdAt);
    }

    static Builder cron(String expression, String zone) {
        return new Builder(new Schedule.Cron(expression, ZoneId.of(zone)));
    }

    static Builder every(Duration interval) {
        return new Builder(new Schedule.Every(interval));
    }

    static Builder unscheduled() {
        return new Builder(Schedule.none());
    }

    Decision start(Instant at) {
        open++;
        if (openStart == null) openStart = at;
        return observe(new Observation(Observation.Kind.START, at, null, null, null, null),
                new RunFacts(null, open, openStart));
    }

    Decision success(Instant at) {
        return finish(Observation.Kind.SUCCESS, at, null);
    }

    Decision failure(Instant at) {
        return finish(Observation.Kind.FAILURE, at, 1);
    }

    Decision withTtl(Observation.Kind kind, Instant at, Duration ttl) {
        return observe(new Observation(kind, at, null, null, ttl, null), RunFacts.NONE);
    }

    Decision progress(Instant at, String step) {
        return observe(new Observation(Observation.Kind.PROGRESS, at, null, null, null, step),
                new RunFacts(null, open, openStart));
    }

    private Decision finish(Observation.Kind kind, Instant at, Integer exit) {
        Instant matched = open > 0 ? openStart : null;
        if (open > 0) open--;
        if (open == 0) openStart = null;
        return observe(new Observation(kind, at, null, exit, null, null), new RunFacts(matched, open, openStart));
    }

    Decision observe(Observation o, RunFacts facts) {
        return record(StatusRules.observe(job, ex, state, o, facts));
    }

    /** Ticks at every deadline up to and including {@code until}, as the deadline index would. */
    RulesHarness runUntil(Instant until) {
        for (int guard = 0; guard < 10_000; guard++) {
            Instant due = state.nextDeadline();
            if (due == null || due.isAfter(until)) return this;
            record(StatusRules.tick(job, ex, state, due));
        }
        throw new AssertionError("deadline loop did not settle; indicates a bug in the rules");
    }

    Decision tick(Instant at) {
        return record(StatusRules.tick(job, ex, state, at));
    }

    Decision pause(Instant at) {
        return record(StatusRules.pause(job, ex, state, at));
    }

    Decision resume(Instant at) {
        return record(StatusRules.resume(job, ex, state, at));
    }

    /** The open run ends cancelled by an operator. */
    Decision cancel(Instant at) {
        if (open > 0) open--;
        if (open == 0) openStart = null;
        return record(StatusRules.cancelled(job, ex, state, new RunFacts(null, open, openStart), at));
    }

    Decision notRun(Instant fireTime, Instant at) {
        return record(StatusRules.notRun(job, ex, state, fireTime, at));
    }

    long alertsOpened() {
        return flips.stream().filter(f -> f.alertingChanged() && f.alerting()).count();
    }

    long alertsClosed() {
        return flips.stream().filter(f -> f.alertingChanged() && !f.alerting()).count();
    }

    private Decision record(Decision d) {
        decisions.add(d);
        if (d.flip() != null) flips.add(d.flip());
        state = d.after();
        return d;
    }

    static final class Builder {
        private final Schedule schedule;
        private Duration grace, maxRuntime, minRuntime;
        private HealthPolicy health = HealthPolicy.DEFAULT;
        private dev.vigil.domain.Execution execution;

        Builder(Schedule schedule) { this.schedule = schedule; }

        Builder grace(Duration d) { grace = d; return this; }
        Builder maxRuntime(Duration d) { maxRuntime = d; return this; }
        Builder minRuntime(Duration d) { minRuntime = d; return this; }
        Builder health(HealthPolicy p) { health = p; return this; }
        /** Vigil runs it: a command, so the job is managed. */
        Builder managed() {
            execution = new dev.vigil.domain.Execution(new dev.vigil.domain.Execution.Shell("true"), null, null, null, 0, null,
                    dev.vigil.domain.Execution.Overlap.QUEUE, dev.vigil.domain.Execution.CatchUp.LATEST, null, null, null, null);
            return this;
        }

        RulesHarness createdAt(String instant) {
            Instant at = Instant.parse(instant);
            Job job = new Job(1, UUID.randomUUID(), 1, "prod", "nightly", "Nightly", null, "ops", List.of(),
                    schedule, grace, maxRuntime, minRuntime, health, at, at, execution);
            return new RulesHarness(job, at);
        }
    }
}

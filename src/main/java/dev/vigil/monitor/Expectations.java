package dev.vigil.monitor;

import dev.vigil.domain.Job;
import dev.vigil.domain.Schedule;
import dev.vigil.schedule.FireTimes;
import java.time.Duration;
import java.time.Instant;

/**
 * What a job's schedule expects, in the terms the status rules use: when the next start is due
 * after a given moment, the grace it has, and how early a report may arrive and still count for a
 * fire time.
 *
 * <p>The early tolerance exists because clocks disagree: a cron job's ping that arrives a little
 * before its fire time counts for that fire time (Healthchecks does not, its most common support
 * complaint). It is a quarter of the interval, at most the grace.
 */
public final class Expectations {
    private final Schedule schedule;
    private final FireTimes fireTimes;
    private final Duration grace;
    private final Duration earlyTolerance;
    private final Duration startSlack;

    public Expectations(Job job, FireTimes fireTimes) {
        this.schedule = job.schedule();
        this.fireTimes = fireTimes;
        this.grace = job.effectiveGrace(fireTimes.typicalInterval());
        Duration quarter = fireTimes.typicalInterval().dividedBy(4);
        this.earlyTolerance = schedule instanceof Schedule.Cron
                ? (quarter.compareTo(grace) < 0 ? quarter : grace)
                : Duration.ZERO;
        this.startSlack = job.isManaged() && !(schedule instanceof Schedule.None)
                ? min(MANAGED_START_SLACK, grace.dividedBy(2)) : Duration.ZERO;
    }

    /**
     * How long after its fire time a managed job's run may take to start before the job is late:
     * Vigil fires it itself, so the fire time passing is not yet lateness — the run being queued,
     * handed to an agent and started takes a moment. A watched job has none: its report is the start.
     */
    public static final Duration MANAGED_START_SLACK = Duration.ofSeconds(5);

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public Duration startSlack() { return startSlack; }

    public Duration grace() { return grace; }

    public Duration earlyTolerance() { return earlyTolerance; }

    public FireTimes fireTimes() { return fireTimes; }

    /** The first expected start after {@code t} with no report since; null without a schedule. */
    public Instant firstAfter(Instant t) {
        return switch (schedule) {
            case Schedule.Cron c -> fireTimes.next(t).orElse(null);
            case Schedule.Every e -> t.plus(e.interval());
            case Schedule.None n -> null;
        };
    }

    /**
     * The expected start after a start (or a finish without a start) reported at {@code t}, when
     * {@code awaited} was the expected start so far. For cron a report covers the awaited fire time
     * if it is not earlier than the fire time minus the tolerance; a report well before it (a manual
     * run at noon for a 02:30 job) covers nothing. For {@code every} the interval restarts at the report.
     */
    public Instant afterReport(Instant t, Instant awaited) {
        return switch (schedule) {
            case Schedule.Cron c -> {
                if (awaited == null) yield firstAfter(t);
                if (t.plus(earlyTolerance).isBefore(awaited)) yield awaited;
                yield firstAfter(t.isAfter(awaited) ? t : awaited);
            }
            case Schedule.Every e -> t.plus(e.interval());
            case Schedule.None n -> null;
        };
    }
}

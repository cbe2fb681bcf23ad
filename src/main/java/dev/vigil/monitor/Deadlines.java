package dev.vigil.monitor;

import dev.vigil.domain.Health;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Status;
import java.time.Instant;

/**
 * When the rules must look at a job again if nothing is reported: the job's next deadline. One
 * pure function, so that the deadline index, the status rules and the API agree.
 */
public final class Deadlines {
    private Deadlines() {}

    public static Instant next(Job job, Expectations ex, JobState s) {
        if (s.paused()) return null;
        Instant next = null;
        if (s.openRuns() > 0) {
            if (s.status() != Status.OVERDUE) next = runDeadline(job, ex, s);
        } else if (s.status() != Status.MISSED) {
            next = startDeadline(ex, s);
        }
        return earliest(next, healthDeadline(job, s));
    }

    /**
     * The moment an open run becomes overdue: the ttl of its last report if one was given, else its
     * start (or last progress) plus maxRuntime, else the next expected start plus grace.
     */
    static Instant runDeadline(Job job, Expectations ex, JobState s) {
        if (s.ttlDeadline() != null) return s.ttlDeadline();
        if (job.maxRuntime() != null && s.runStartedAt() != null) {
            Instant from = s.progressAt() != null ? s.progressAt() : s.runStartedAt();
            return from.plus(job.maxRuntime());
        }
        return s.expectedAt() == null ? null : s.expectedAt().plus(ex.grace());
    }

    /** With no run open: a ttl replaces the schedule; otherwise late at the fire time, missed after grace. */
    static Instant startDeadline(Expectations ex, JobState s) {
        if (s.ttlDeadline() != null) return s.ttlDeadline();
        if (s.expectedAt() == null) return null;
        return s.status() == Status.LATE ? s.expectedAt().plus(ex.grace()) : s.expectedAt().plus(ex.startSlack());
    }

    /**
     * A job that failed once turns unhealthy when its last success (or creation) becomes old enough,
     * even if nothing else is reported.
     */
    static Instant healthDeadline(Job job, JobState s) {
        if (s.health() != Health.HEALTHY || s.consecutiveFailures() < 1) return null;
        return successAnchor(job, s).plus(job.health().failureWithoutSuccessFor());
    }

    static Instant successAnchor(Job job, JobState s) {
        return s.lastSucceededAt() != null ? s.lastSucceededAt() : job.createdAt();
    }

    static Instant earliest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isBefore(b) ? a : b;
    }
}

package dev.vigil.domain;

import java.time.Instant;

/**
 * The projection of a job's events that the status rules need: what the job last did, what is
 * expected of it next, and what it looks like now. One row per job, rewritten in the same
 * transaction as the events that change it.
 *
 * @param expectedAt     the fire time (or, for {@code every}, the expected start) awaited now; null
 *                       when nothing is expected (no schedule, or a miss already reported)
 * @param ttlDeadline    set by {@code ?ttl=}: the next ping is due by then
 * @param openRuns       runs started and not finished
 * @param runStartedAt   start of the oldest open run
 * @param progressAt     the last progress report of an open run (extends a maxRuntime deadline)
 * @param nextDeadline   when the rules must look at this job again without any new event; derived
 *                       from the rest, stored so the deadline index can be rebuilt on start
 * @param alerting       an incident is open: unhealthy, missed or overdue
 */
public record JobState(
        long jobId,
        Status status,
        Health health,
        boolean paused,
        Instant lastStartedAt,
        Instant lastSucceededAt,
        Instant lastFailedAt,
        Instant lastPingAt,
        Instant expectedAt,
        Instant ttlDeadline,
        int openRuns,
        Instant runStartedAt,
        Instant progressAt,
        int consecutiveFailures,
        int consecutiveSuccesses,
        Instant nextDeadline,
        boolean alerting,
        Instant statusSince) {

    /** The same state for another job id (tests compare the states of different jobs). */
    public JobState withJobId(long id) {
        return new JobState(id, status, health, paused, lastStartedAt, lastSucceededAt, lastFailedAt, lastPingAt, expectedAt,
                ttlDeadline, openRuns, runStartedAt, progressAt, consecutiveFailures, consecutiveSuccesses, nextDeadline, alerting,
                statusSince);
    }

    public static JobState initial(long jobId, Instant now) {
        return new JobState(jobId, Status.NEW, Health.HEALTHY, false, null, null, null, null, null, null,
                0, null, null, 0, 0, null, false, now);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-with for the rules; keeps transitions readable without 18-argument constructor calls. */
    public static final class Builder {
        public long jobId;
        public Status status;
        public Health health;
        public boolean paused;
        public Instant lastStartedAt, lastSucceededAt, lastFailedAt, lastPingAt, expectedAt, ttlDeadline;
        public int openRuns;
        public Instant runStartedAt, progressAt;
        public int consecutiveFailures, consecutiveSuccesses;
        public Instant nextDeadline;
        public boolean alerting;
        public Instant statusSince;

        Builder(JobState s) {
            jobId = s.jobId; status = s.status; health = s.health; paused = s.paused;
            lastStartedAt = s.lastStartedAt; lastSucceededAt = s.lastSucceededAt;
            lastFailedAt = s.lastFailedAt; lastPingAt = s.lastPingAt; expectedAt = s.expectedAt;
            ttlDeadline = s.ttlDeadline; openRuns = s.openRuns; runStartedAt = s.runStartedAt;
            progressAt = s.progressAt; consecutiveFailures = s.consecutiveFailures;
            consecutiveSuccesses = s.consecutiveSuccesses; nextDeadline = s.nextDeadline;
            alerting = s.alerting; statusSince = s.statusSince;
        }

        public JobState build() {
            return new JobState(jobId, status, health, paused, lastStartedAt, lastSucceededAt, lastFailedAt,
                    lastPingAt, expectedAt, ttlDeadline, openRuns, runStartedAt, progressAt,
                    consecutiveFailures, consecutiveSuccesses, nextDeadline, alerting, statusSince);
        }
    }
}

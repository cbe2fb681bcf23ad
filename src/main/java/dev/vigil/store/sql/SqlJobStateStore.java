package dev.vigil.store.sql;

import dev.vigil.domain.JobState;
import dev.vigil.store.JobStateStore;
import java.util.Optional;

final class SqlJobStateStore implements JobStateStore {
    private static final String PUT = "INSERT INTO job_state (job_id, status, health, paused, last_started_at,"
            + " last_succeeded_at, last_failed_at, last_ping_at, expected_at, ttl_deadline, open_runs,"
            + " run_started_at, progress_at, consecutive_failures, consecutive_successes, next_deadline,"
            + " alerting, status_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (job_id) DO UPDATE SET status = excluded.status, health = excluded.health,"
            + " paused = excluded.paused, last_started_at = excluded.last_started_at,"
            + " last_succeeded_at = excluded.last_succeeded_at, last_failed_at = excluded.last_failed_at,"
            + " last_ping_at = excluded.last_ping_at, expected_at = excluded.expected_at,"
            + " ttl_deadline = excluded.ttl_deadline, open_runs = excluded.open_runs,"
            + " run_started_at = excluded.run_started_at, progress_at = excluded.progress_at,"
            + " consecutive_failures = excluded.consecutive_failures,"
            + " consecutive_successes = excluded.consecutive_successes,"
            + " next_deadline = excluded.next_deadline, alerting = excluded.alerting,"
            + " status_since = excluded.status_since";

    private final Sql sql;

    SqlJobStateStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void put(JobState s) {
        sql.later(PUT, s.jobId(), s.status().wire(), s.health().wire(), s.paused(), s.lastStartedAt(),
                s.lastSucceededAt(), s.lastFailedAt(), s.lastPingAt(), s.expectedAt(), s.ttlDeadline(),
                s.openRuns(), s.runStartedAt(), s.progressAt(), s.consecutiveFailures(),
                s.consecutiveSuccesses(), s.nextDeadline(), s.alerting(), s.statusSince());
    }

    @Override
    public Optional<JobState> get(long jobId) {
        return sql.one("SELECT " + StateRows.COLUMNS + " FROM job_state s WHERE s.job_id = ?",
                StateRows::map, jobId);
    }

    @Override
    public java.util.Map<Long, JobState> lock(java.util.Collection<Long> jobIds) {
        java.util.Map<Long, JobState> out = new java.util.HashMap<>();
        if (jobIds.isEmpty()) return out;
        for (JobState st : sql.listIn("SELECT " + StateRows.COLUMNS + " FROM job_state s WHERE s.job_id IN ",
                new java.util.TreeSet<>(jobIds), " ORDER BY s.job_id" + sql.dialect().lockRows(false), StateRows::map)) {
            out.put(st.jobId(), st);
        }
        return out;
    }

    @Override
    public void forEachDeadline(java.util.Collection<Integer> partitions, int partitionCount, Long until, DeadlineSink sink) {
        if (partitions.isEmpty()) return;
        java.util.List<Object> args = new java.util.ArrayList<>();
        String bound = "";
        if (until != null) {
            bound = " AND next_deadline <= ?";
            args.add(until);
        }
        args.add(partitionCount);
        args.addAll(partitions);
        String marks = String.join(", ", java.util.Collections.nCopies(partitions.size(), "?"));
        sql.stream("SELECT job_id, next_deadline FROM job_state WHERE next_deadline IS NOT NULL" + bound
                        + " AND job_id % ? IN (" + marks + ")",
                rs -> sink.accept(rs.getLong(1), rs.getLong(2)), args.toArray());
    }

    @Override
    public void forEachDeadline(DeadlineSink sink) {
        sql.stream("SELECT job_id, next_deadline FROM job_state WHERE next_deadline IS NOT NULL",
                rs -> sink.accept(rs.getLong(1), rs.getLong(2)));
    }
}

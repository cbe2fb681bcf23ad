package dev.vigil.store.sql;

import dev.vigil.domain.Health;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Status;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The {@code job_state} columns, shared by the state store and the job list's join. */
final class StateRows {
    /** Aliased with {@code s_} so they can sit beside the job columns in one row. */
    static final String COLUMNS = "s.job_id AS s_job_id, s.status AS s_status, s.health AS s_health,"
            + " s.paused AS s_paused, s.last_started_at AS s_last_started_at,"
            + " s.last_succeeded_at AS s_last_succeeded_at, s.last_failed_at AS s_last_failed_at,"
            + " s.last_ping_at AS s_last_ping_at, s.expected_at AS s_expected_at,"
            + " s.ttl_deadline AS s_ttl_deadline, s.open_runs AS s_open_runs,"
            + " s.run_started_at AS s_run_started_at, s.progress_at AS s_progress_at,"
            + " s.consecutive_failures AS s_consecutive_failures,"
            + " s.consecutive_successes AS s_consecutive_successes, s.next_deadline AS s_next_deadline,"
            + " s.alerting AS s_alerting, s.status_since AS s_status_since";

    private StateRows() {}

    /** The state in this row, or null when a left join found none. */
    static JobState map(ResultSet rs) throws SQLException {
        long jobId = rs.getLong("s_job_id");
        if (rs.wasNull()) return null;
        return new JobState(jobId,
                Status.fromWire(rs.getString("s_status")),
                Health.fromWire(rs.getString("s_health")),
                rs.getBoolean("s_paused"),
                Rows.instant(rs, "s_last_started_at"),
                Rows.instant(rs, "s_last_succeeded_at"),
                Rows.instant(rs, "s_last_failed_at"),
                Rows.instant(rs, "s_last_ping_at"),
                Rows.instant(rs, "s_expected_at"),
                Rows.instant(rs, "s_ttl_deadline"),
                rs.getInt("s_open_runs"),
                Rows.instant(rs, "s_run_started_at"),
                Rows.instant(rs, "s_progress_at"),
                rs.getInt("s_consecutive_failures"),
                rs.getInt("s_consecutive_successes"),
                Rows.instant(rs, "s_next_deadline"),
                rs.getBoolean("s_alerting"),
                Rows.instant(rs, "s_status_since"));
    }
}

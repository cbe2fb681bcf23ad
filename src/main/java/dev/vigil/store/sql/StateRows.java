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

    /** The state in a row that starts with {@link #COLUMNS}, or null when a left join found none. */
    static JobState map(ResultSet rs) throws SQLException {
        return map(rs, 0);
    }

    /**
     * The state in a row holding {@link #COLUMNS} after {@code offset} other columns, read by
     * position in their order; null when a left join found none.
     */
    static JobState map(ResultSet rs, int offset) throws SQLException {
        int c = offset;
        long jobId = rs.getLong(c + 1);
        if (rs.wasNull()) return null;
        return new JobState(jobId,
                Status.fromWire(rs.getString(c + 2)),
                Health.fromWire(rs.getString(c + 3)),
                rs.getBoolean(c + 4),
                Rows.instant(rs, c + 5),
                Rows.instant(rs, c + 6),
                Rows.instant(rs, c + 7),
                Rows.instant(rs, c + 8),
                Rows.instant(rs, c + 9),
                Rows.instant(rs, c + 10),
                rs.getInt(c + 11),
                Rows.instant(rs, c + 12),
                Rows.instant(rs, c + 13),
                rs.getInt(c + 14),
                rs.getInt(c + 15),
                Rows.instant(rs, c + 16),
                rs.getBoolean(c + 17),
                Rows.instant(rs, c + 18));
    }
}

package dev.vigil.store.sql;

import dev.vigil.domain.Enums;
import dev.vigil.domain.Notification;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** The {@code outbox} columns; shared with the dialects' claim queries. */
final class NotificationRows {
    static final String COLUMNS = "id, channel_id, job_id, flip_id, idempotency_key, payload, state, attempts,"
            + " next_attempt_at, created_at, delivered_at, last_error, incident_id";

    private NotificationRows() {}

    static Notification map(ResultSet rs) throws SQLException {
        return new Notification(rs.getLong("id"), rs.getLong("channel_id"), rs.getLong("job_id"),
                rs.getLong("flip_id"), rs.getString("idempotency_key"), rs.getString("payload"),
                Enums.fromWire(Notification.State.class, rs.getString("state"), "state"), rs.getInt("attempts"),
                Rows.instant(rs, "next_attempt_at"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "delivered_at"), rs.getString("last_error"), Rows.longOrNull(rs, "incident_id"));
    }

    static Notification withNextAttempt(Notification n, Instant nextAttemptAt) {
        return new Notification(n.id(), n.channelId(), n.jobId(), n.flipId(), n.idempotencyKey(), n.payload(),
                n.state(), n.attempts(), Instant.ofEpochMilli(nextAttemptAt.toEpochMilli()), n.createdAt(),
                n.deliveredAt(), n.lastError(), n.incidentId());
    }
}

package dev.vigil.store.sql;

import dev.vigil.domain.DeliveryAttempt;
import dev.vigil.domain.Notification;
import dev.vigil.store.OutboxStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class SqlOutboxStore implements OutboxStore {
    private static final String SELECT = "SELECT " + NotificationRows.COLUMNS + " FROM outbox";
    private final Sql sql;

    SqlOutboxStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public boolean enqueue(Notification n) {
        return sql.update(ENQUEUE, enqueueArgs(n)) > 0;
    }

    @Override
    public void enqueueLater(Notification n) {
        sql.append("outbox", ENQUEUE, enqueueArgs(n));
    }

    private static final String ENQUEUE = "INSERT INTO outbox (channel_id, job_id, flip_id, idempotency_key, payload, state,"
            + " attempts, next_attempt_at, created_at, last_error, incident_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING";

    private static Object[] enqueueArgs(Notification n) {
        Instant due = n.nextAttemptAt() != null ? n.nextAttemptAt() : n.createdAt();
        Notification.State state = n.state() == Notification.State.SUPPRESSED ? n.state() : Notification.State.PENDING;
        return new Object[] {n.channelId(), n.jobId(), n.flipId(), n.idempotencyKey(), n.payload(), state.wire(), due,
                n.createdAt(), state == Notification.State.SUPPRESSED ? n.lastError() : null, n.incidentId()};
    }

    @Override
    public Optional<Instant> earlierPending(Notification n) {
        if (n.incidentId() == null) return Optional.empty();
        return sql.one("SELECT MIN(next_attempt_at) FROM outbox WHERE incident_id = ? AND channel_id = ? AND id < ?"
                + " AND state = 'pending'", rs -> Rows.instant(rs, 1), n.incidentId(), n.channelId(), n.id());
    }

    @Override
    public List<Notification> claimDue(Instant now, Instant leaseUntil, int limit) {
        return sql.dialect().claimDue(sql, now, leaseUntil, Paging.limit(limit));
    }

    @Override
    public Optional<Instant> nextDue() {
        return sql.one("SELECT MIN(next_attempt_at) AS due FROM outbox WHERE state = 'pending'",
                rs -> Rows.instant(rs, "due"));
    }

    @Override
    public void recordAttempt(DeliveryAttempt a) {
        sql.update("INSERT INTO delivery_attempts (notification_id, at, ok, status_code, error, duration_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?)", a.notificationId(), a.at(), a.ok(), a.statusCode(), a.error(),
                a.durationMs());
    }

    @Override
    public void markDelivered(long id, int attempts, Instant at) {
        sql.update("UPDATE outbox SET state = 'delivered', attempts = ?, delivered_at = ? WHERE id = ?",
                attempts, at, id);
    }

    @Override
    public void markRetry(long id, int attempts, Instant nextAttemptAt, String error) {
        sql.update("UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                attempts, nextAttemptAt, error, id);
    }

    @Override
    public void markFailed(long id, int attempts, String error) {
        sql.update("UPDATE outbox SET state = 'failed', attempts = ?, last_error = ? WHERE id = ?",
                attempts, error, id);
    }

    @Override
    public Optional<Notification> byId(long id) {
        return sql.one(SELECT + " WHERE id = ?", NotificationRows::map, id);
    }

    @Override
    public List<Notification> recent(Long jobId, int limit) {
        return jobId == null
                ? sql.list(SELECT + " ORDER BY id DESC LIMIT ?", NotificationRows::map, Paging.limit(limit))
                : sql.list(SELECT + " WHERE job_id = ? ORDER BY id DESC LIMIT ?", NotificationRows::map,
                        jobId, Paging.limit(limit));
    }

    @Override
    public List<Notification> recentInProject(long projectId, int limit) {
        return sql.list(SELECT + " WHERE job_id IN (SELECT id FROM jobs WHERE project_id = ?) ORDER BY id DESC LIMIT ?",
                NotificationRows::map, projectId, Paging.limit(limit));
    }

    @Override
    public List<DeliveryAttempt> attempts(long notificationId) {
        return sql.list("SELECT id, notification_id, at, ok, status_code, error, duration_ms"
                + " FROM delivery_attempts WHERE notification_id = ? ORDER BY id", SqlOutboxStore::attempt,
                notificationId);
    }

    private static DeliveryAttempt attempt(ResultSet rs) throws SQLException {
        return new DeliveryAttempt(rs.getLong("id"), rs.getLong("notification_id"), Rows.instant(rs, "at"),
                rs.getBoolean("ok"), Rows.integer(rs, "status_code"), rs.getString("error"),
                rs.getLong("duration_ms"));
    }
}

package dev.vigil.store.sql;

import dev.vigil.domain.Notification;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteErrorCode;

final class SqliteDialect implements Dialect {

    @Override
    public String name() { return "sqlite"; }

    @Override
    public String migrations() { return "classpath:db/migration/sqlite"; }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        // xerial reports the extended result code when it has one, the primary one otherwise.
        int code = e.getErrorCode();
        return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE.code
                || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY.code;
    }

    // The reader pool is opened read-only, and xerial cannot change that on an open connection.
    @Override
    public void beginRead(Connection c) {}

    @Override
    public void endRead(Connection c) {}

    /**
     * xerial's {@code commit()} immediately begins the next transaction, which on the writer means
     * {@code BEGIN IMMEDIATE}: the idle pooled connection would hold the write lock and block other
     * processes (a backup, the sqlite3 shell). Leaving manual-commit mode commits without that.
     */
    @Override
    public void commit(Connection c) throws SQLException {
        c.setAutoCommit(true);
    }

    @Override
    public String lockRows(boolean shared) { return ""; }

    @Override
    public int streamingFetchSize() { return 1000; }

    /** Writers are serialized by {@code BEGIN IMMEDIATE}, so a select then an update cannot race. */
    @Override
    public List<Notification> claimDue(Sql sql, Instant now, Instant leaseUntil, int limit) {
        List<Notification> due = sql.list("SELECT " + NotificationRows.COLUMNS + " FROM outbox"
                        + " WHERE state = 'pending' AND next_attempt_at <= ?"
                        + " ORDER BY next_attempt_at, id LIMIT ?",
                NotificationRows::map, now, limit);
        List<Notification> claimed = new ArrayList<>(due.size());
        for (Notification n : due) {
            sql.update("UPDATE outbox SET next_attempt_at = ? WHERE id = ?", leaseUntil, n.id());
            claimed.add(NotificationRows.withNextAttempt(n, leaseUntil));
        }
        return claimed;
    }
}

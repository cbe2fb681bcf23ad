package dev.vigil.store.sql;

import dev.vigil.domain.Notification;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

final class PostgresDialect implements Dialect {
    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public String name() { return "postgresql"; }

    @Override
    public String migrations() { return "classpath:db/migration/postgresql"; }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    // With pgjdbc's default readOnlyMode this only turns BEGIN into BEGIN READ ONLY: no round trip.
    @Override
    public void beginRead(Connection c) throws SQLException {
        c.setReadOnly(true);
    }

    @Override
    public void endRead(Connection c) throws SQLException {
        c.setReadOnly(false);
    }

    @Override
    public void commit(Connection c) throws SQLException {
        c.commit();
        c.setAutoCommit(true);
    }

    // pgjdbc streams with a cursor only when auto-commit is off and a fetch size is set.
    @Override
    public String lockRows(boolean shared) { return shared ? " FOR SHARE" : " FOR UPDATE"; }

    @Override
    public int streamingFetchSize() { return 1000; }

    /**
     * Several nodes may claim at once: SKIP LOCKED lets each take rows the others have not locked,
     * without waiting. The CTE keeps the old due time, to return the claims oldest due first.
     */
    @Override
    public List<Notification> claimDue(Sql sql, Instant now, Instant leaseUntil, int limit) {
        return sql.list("WITH due AS ("
                        + " SELECT id AS due_id, next_attempt_at AS due_at FROM outbox"
                        + " WHERE state = 'pending' AND next_attempt_at <= ?"
                        + " ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)"
                        + " UPDATE outbox SET next_attempt_at = ? FROM due WHERE outbox.id = due.due_id"
                        + " RETURNING due.due_at, " + NotificationRows.COLUMNS,
                rs -> new Due(rs.getLong("due_at"), NotificationRows.map(rs)), now, limit, leaseUntil)
                .stream()
                .sorted(Comparator.comparingLong(Due::dueAt).thenComparingLong(d -> d.n().id()))
                .map(Due::n)
                .toList();
    }

    private record Due(long dueAt, Notification n) {}
}

package dev.vigil.store.sql;

import dev.vigil.domain.Notification;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What differs between the databases Vigil runs on. Everything else is one SQL text for all of
 * them; keep this small.
 */
interface Dialect {

    /** A name for logs and metrics, e.g. {@code sqlite}. */
    String name();

    /** Where the Flyway migrations for this database live. */
    String migrations();

    boolean isUniqueViolation(SQLException e);

    /** Marks a connection for read-only work before the transaction starts. */
    void beginRead(Connection c) throws SQLException;

    /** Undoes {@link #beginRead} before the connection goes back to its pool. */
    void endRead(Connection c) throws SQLException;

    /** Commits the transaction and leaves the connection in auto-commit mode for the pool. */
    void commit(Connection c) throws SQLException;

    /**
     * What ends a SELECT that locks the rows it reads until the transaction ends: {@code FOR
     * UPDATE} or {@code FOR SHARE} where rows can be locked; empty on SQLite, whose one writer at a
     * time already excludes every other.
     */
    String lockRows(boolean shared);

    /** Rows per round trip when streaming a large result. */
    int streamingFetchSize();

    /** See {@link dev.vigil.store.OutboxStore#claimDue}; result ordered by due time. */
    List<Notification> claimDue(Sql sql, Instant now, Instant leaseUntil, int limit);

    static Dialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        return switch (product) {
            case "SQLite" -> new SqliteDialect();
            case "PostgreSQL" -> new PostgresDialect();
            default -> throw new IllegalArgumentException("unsupported database: " + product
                    + " (Vigil runs on SQLite and PostgreSQL)");
        };
    }
}

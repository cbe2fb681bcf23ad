package dev.vigil.store.sql;

import dev.vigil.store.StoreException;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Runs work in one JDBC transaction taken from a pool: {@code writers} for writes and
 * {@code readers} for reads (the same pool on PostgreSQL; on SQLite one writer connection whose
 * transactions begin IMMEDIATE, and read-only readers that WAL lets run beside it).
 */
final class SqlTransactor implements Transactor {
    private final Dialect dialect;
    private final DataSource writers;
    private final DataSource readers;
    private final List<AutoCloseable> resources;
    // A nested write would wait forever for SQLite's single writer connection; fail fast instead.
    private final ThreadLocal<Boolean> inWrite = ThreadLocal.withInitial(() -> false);
    /** Whose turn it is on SQLite's one write connection; null where writers run side by side. */
    private final WriteGate gate;

    SqlTransactor(Dialect dialect, DataSource writers, DataSource readers, List<AutoCloseable> resources) {
        this(dialect, writers, readers, resources, false);
    }

    /** @param serializedWriters whether writers take turns on one connection ({@link #writeFirst} then goes first) */
    SqlTransactor(Dialect dialect, DataSource writers, DataSource readers, List<AutoCloseable> resources,
                  boolean serializedWriters) {
        this.dialect = dialect;
        this.writers = writers;
        this.readers = readers;
        this.resources = List.copyOf(resources);
        this.gate = serializedWriters ? new WriteGate() : null;
    }

    @Override
    public <T> T write(Function<Tx, T> work) {
        return write(work, false);
    }

    @Override
    public <T> T writeFirst(Function<Tx, T> work) {
        return write(work, true);
    }

    private <T> T write(Function<Tx, T> work, boolean urgent) {
        if (inWrite.get()) {
            throw new IllegalStateException("write transaction started inside another one (indicates a bug)");
        }
        inWrite.set(true);
        if (gate != null) gate.enter(urgent);
        try {
            return run(writers, false, work);
        } finally {
            if (gate != null) gate.leave();
            inWrite.remove();
        }
    }

    @Override
    public <T> T read(Function<Tx, T> work) {
        return run(readers, true, work);
    }

    private <T> T run(DataSource pool, boolean readOnly, Function<Tx, T> work) {
        try (Connection c = pool.getConnection()) {
            if (readOnly) dialect.beginRead(c);
            try {
                c.setAutoCommit(false);
                T result;
                // Statements close before the commit: SQLite cannot commit under a pending read.
                try (Sql sql = new Sql(c, dialect)) {
                    result = work.apply(new SqlTx(sql));
                    sql.flush();
                }
                dialect.commit(c);
                return result;
            } catch (SQLException e) {
                rollback(c, e);
                throw new StoreException("database error: " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            } finally {
                if (readOnly) dialect.endRead(c);
            }
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            // The pool discards a connection it cannot reset; the original failure is what matters.
            cause.addSuppressed(e);
        }
    }

    @Override
    public String databaseName() {
        return dialect.name();
    }

    @Override
    public void close() {
        StoreException failure = null;
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                if (failure == null) failure = new StoreException("closing the database failed", e);
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }
}

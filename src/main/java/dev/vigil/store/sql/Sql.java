package dev.vigil.store.sql;

import dev.vigil.domain.ConflictException;
import dev.vigil.domain.NotFoundException;
import dev.vigil.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One transaction's connection with small helpers over it. Prepared statements are cached by SQL
 * text for the life of the transaction: the ingest path runs the same few statements for every
 * ping of a batch. Parameters are bound by {@link Params}.
 */
final class Sql implements AutoCloseable {
    private final Connection connection;
    private final Dialect dialect;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** Statements with rows added by {@link #later}, in the order first deferred. */
    private final Map<String, Deferred> deferred = new java.util.LinkedHashMap<>();

    /**
     * A statement's deferred rows: already in its JDBC batch, or, for {@link #laterReplacing}, held
     * by key until sent. {@code table} non-null: rows appended to it, sent only before a statement
     * naming it.
     */
    private record Deferred(PreparedStatement statement, String table, Map<Object, Keyed> keyed) {}

    /** A row of {@link #laterReplacing}: bound only when sent, so that a later row with its key replaces it. */
    private record Keyed(String ifNoRow, Object[] args) {}

    Sql(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    Connection connection() { return connection; }

    Dialect dialect() { return dialect; }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    /**
     * Adds a write to its statement's JDBC batch instead of sending it now. Deferred writes go out,
     * one batch per statement (one round trip each, however many rows), before any other statement
     * of this transaction runs and before it commits: what the transaction reads, and what it
     * commits, is as if each had been sent at once. For writes whose result is not needed (a row
     * count, a generated id); rows of one statement keep their order.
     */
    void later(String sql, Object... args) {
        defer(null, sql, args);
    }

    /**
     * As {@link #later}, for a write that sets the whole row named by {@code key} (an update of every
     * column by primary key); if it changes no row, the flush throws {@link NotFoundException} with
     * {@code ifNoRow}. A later write of the same statement and key, before the rows are sent,
     * replaces this one: a row changed twice in a transaction (a run started and finished in one
     * writer batch) is written once.
     */
    void laterReplacing(Object key, String ifNoRow, String sql, Object... args) {
        Deferred d = deferred.get(sql);
        if (d == null) {
            try {
                d = new Deferred(prepare(sql), null, new java.util.LinkedHashMap<>());
            } catch (SQLException e) {
                throw translate(e, sql);
            }
            deferred.put(sql, d);
        }
        d.keyed().put(key, new Keyed(ifNoRow, args.clone()));
    }

    /**
     * As {@link #later}, for rows appended to {@code table} that nothing else in the transaction
     * depends on (a history, an outbox): they are sent before a statement whose text names
     * {@code table}, and at commit, but not before other statements. A transaction that makes many
     * decisions, each with its own reads and writes, thus sends all its appended rows in one round
     * trip instead of one per decision.
     */
    void append(String table, String sql, Object... args) {
        if (!sql.contains(table)) throw new IllegalArgumentException("'" + sql + "' does not name " + table);
        defer(table, sql, args);
    }

    private void defer(String table, String sql, Object[] args) {
        try {
            PreparedStatement ps = prepare(sql);
            Params.bind(ps, args);
            ps.addBatch();
            deferred.computeIfAbsent(sql, s -> new Deferred(ps, table, null));
        } catch (SQLException e) {
            throw translate(e, sql);
        }
    }

    /** Runs one statement for each row of arguments as a JDBC batch (one round trip); the rows changed by each. */
    int[] batch(String sql, List<Object[]> rows) {
        flushFor(sql);
        try {
            PreparedStatement ps = prepare(sql);
            for (Object[] args : rows) {
                Params.bind(ps, args);
                ps.addBatch();
            }
            return ps.executeBatch();
        } catch (SQLException e) {
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            throw translate(cause, sql);
        }
    }

    /** Sends every deferred write (before commit). */
    void flush() {
        flushFor(null);
    }

    /** Sends the deferred writes that must go before {@code next} (every one if null), in the order deferred. */
    private void flushFor(String next) {
        if (deferred.isEmpty()) return;
        List<Map.Entry<String, Deferred>> batches = new ArrayList<>();
        for (var it = deferred.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Deferred> b = it.next();
            String table = b.getValue().table();
            if (next != null && table != null && !next.contains(table)) continue;
            batches.add(b);
            it.remove();
        }
        for (Map.Entry<String, Deferred> b : batches) {
            Deferred d = b.getValue();
            List<Keyed> keyed = d.keyed() == null ? List.of() : List.copyOf(d.keyed().values());
            int[] counts;
            try {
                for (Keyed row : keyed) {
                    Params.bind(d.statement(), row.args());
                    d.statement().addBatch();
                }
                counts = d.statement().executeBatch();
            } catch (SQLException e) {
                SQLException cause = e.getNextException() != null ? e.getNextException() : e;
                throw translate(cause, b.getKey());
            }
            for (int i = 0; i < counts.length && i < keyed.size(); i++) {
                if (counts[i] == 0 && keyed.get(i).ifNoRow() != null) throw new NotFoundException(keyed.get(i).ifNoRow());
            }
        }
    }

    /** Ids per statement of {@link #listIn}: well under what any driver takes as parameters. */
    private static final int IN_CHUNK = 500;

    /**
     * The rows of {@code head + "(?, ?, …)" + tail} for every id (each once), one statement per few
     * hundred ids: a batch reads what it needs at once, not one row per query.
     */
    <T> List<T> listIn(String head, java.util.Collection<Long> ids, String tail, RowMapper<T> mapper) {
        return listIn(head, new Object[0], ids, tail, mapper);
    }

    /** {@link #listIn} with parameters of {@code head} before the ids (the same for every chunk). */
    <T> List<T> listIn(String head, Object[] before, java.util.Collection<Long> ids, String tail, RowMapper<T> mapper) {
        List<Long> all = List.copyOf(new java.util.LinkedHashSet<>(ids));
        List<T> rows = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            Object[] args = new Object[before.length + chunk.size()];
            System.arraycopy(before, 0, args, 0, before.length);
            for (int i = 0; i < chunk.size(); i++) args[before.length + i] = chunk.get(i);
            rows.addAll(list(head + "(" + marks + ")" + tail, mapper, args));
        }
        return rows;
    }

    <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) {
        flushFor(sql);
        try (ResultSet rs = query(sql, args)) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) rows.add(mapper.map(rs));
            return rows;
        } catch (SQLException e) {
            throw translate(e, sql);
        }
    }

    /** The first row; empty also when the mapper returns null (e.g. an aggregate over no rows). */
    <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) {
        flushFor(sql);
        try (ResultSet rs = query(sql, args)) {
            return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
        } catch (SQLException e) {
            throw translate(e, sql);
        }
    }

    /** Rows changed. */
    int update(String sql, Object... args) {
        flushFor(sql);
        try {
            PreparedStatement ps = prepare(sql);
            Params.bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw translate(e, sql);
        }
    }

    /** Runs an {@code INSERT … RETURNING id}; empty when {@code ON CONFLICT DO NOTHING} skipped it. */
    Optional<Long> insert(String sql, Object... args) {
        return one(sql, rs -> rs.getLong(1), args);
    }

    /**
     * Streams a large result row by row on a statement of its own, so the handler may use other
     * stores of this transaction meanwhile.
     */
    void stream(String sql, RowHandler handler, Object... args) {
        flushFor(sql);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setFetchSize(dialect.streamingFetchSize());
            Params.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) handler.handle(rs);
            }
        } catch (SQLException e) {
            throw translate(e, sql);
        }
    }

    /** The exception to throw for a failed statement: conflicts are the caller's, the rest ours. */
    RuntimeException translate(SQLException e, String sql) {
        if (dialect.isUniqueViolation(e)) {
            return new ConflictException("this conflicts with an existing record: " + e.getMessage());
        }
        return new StoreException("database error: " + e.getMessage() + " [" + sql + "]", e);
    }

    private ResultSet query(String sql, Object[] args) throws SQLException {
        PreparedStatement ps = prepare(sql);
        Params.bind(ps, args);
        return ps.executeQuery();
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    @Override
    public void close() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // The connection goes back to the pool (or is closed) right after; nothing to do.
            }
        }
        statements.clear();
    }
}

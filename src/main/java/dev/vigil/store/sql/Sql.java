package dev.vigil.store.sql;

import dev.vigil.domain.ConflictException;
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

    <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) {
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
        try (ResultSet rs = query(sql, args)) {
            return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
        } catch (SQLException e) {
            throw translate(e, sql);
        }
    }

    /** Rows changed. */
    int update(String sql, Object... args) {
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

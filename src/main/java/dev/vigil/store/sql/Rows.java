package dev.vigil.store.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads nullable columns in the storage encoding of {@link Params}, by name or by position (mapping
 * many rows by position spares the driver a name lookup per column and row).
 */
final class Rows {
    private Rows() {}

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }

    static Duration millis(ResultSet rs, int column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofMillis(ms);
    }

    static Duration millis(ResultSet rs, String column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofMillis(ms);
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int n = rs.getInt(column);
        return rs.wasNull() ? null : n;
    }

    static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long n = rs.getLong(column);
        return rs.wasNull() ? null : n;
    }

    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long n = rs.getLong(column);
        return rs.wasNull() ? null : n;
    }
}

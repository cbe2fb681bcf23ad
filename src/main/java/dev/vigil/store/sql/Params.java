package dev.vigil.store.sql;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Binds Java values to statement parameters in the storage encoding: instants as epoch
 * milliseconds, durations as milliseconds, uuids as text. Enums are bound by the caller as their
 * {@code wire()} name, so the stored text is the public one.
 */
final class Params {
    private Params() {}

    static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            set(ps, i + 1, args[i]);
        }
    }

    private static void set(PreparedStatement ps, int i, Object v) throws SQLException {
        switch (v) {
            case null -> ps.setNull(i, Types.NULL);
            case String s -> ps.setString(i, s);
            case Long l -> ps.setLong(i, l);
            case Integer n -> ps.setInt(i, n);
            case Boolean b -> ps.setBoolean(i, b);
            case Instant t -> ps.setLong(i, t.toEpochMilli());
            case Duration d -> ps.setLong(i, d.toMillis());
            case UUID u -> ps.setString(i, u.toString());
            default -> throw new IllegalArgumentException(
                    "cannot bind a " + v.getClass().getName() + " (indicates a bug)");
        }
    }
}

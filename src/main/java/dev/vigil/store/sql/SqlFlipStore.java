package dev.vigil.store.sql;

import dev.vigil.domain.Flip;
import dev.vigil.domain.Health;
import dev.vigil.domain.Status;
import dev.vigil.store.FlipStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class SqlFlipStore implements FlipStore {
    private static final String COLUMNS = "id, job_id, at, from_status, to_status, from_health, to_health,"
            + " alerting, alerting_changed, reason";
    private final Sql sql;

    SqlFlipStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Flip insert(Flip f) {
        return sql.one("INSERT INTO flips (job_id, at, from_status, to_status, from_health, to_health,"
                        + " alerting, alerting_changed, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS,
                SqlFlipStore::map, f.jobId(), f.at(), wire(f.fromStatus()), wire(f.toStatus()), wire(f.fromHealth()),
                wire(f.toHealth()), f.alerting(), f.alertingChanged(), f.reason()).orElseThrow();
    }

    @Override
    public Optional<Flip> byId(long id) {
        return sql.one("SELECT " + COLUMNS + " FROM flips WHERE id = ?", SqlFlipStore::map, id);
    }

    @Override
    public List<Flip> byJob(long jobId, Long beforeId, int limit) {
        return sql.list("SELECT " + COLUMNS + " FROM flips WHERE job_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                SqlFlipStore::map, jobId, Paging.before(beforeId), Paging.limit(limit));
    }

    private static String wire(Status s) { return s == null ? null : s.wire(); }

    private static String wire(Health h) { return h == null ? null : h.wire(); }

    private static Flip map(ResultSet rs) throws SQLException {
        String fromStatus = rs.getString("from_status");
        String toStatus = rs.getString("to_status");
        String fromHealth = rs.getString("from_health");
        String toHealth = rs.getString("to_health");
        return new Flip(rs.getLong("id"), rs.getLong("job_id"), Rows.instant(rs, "at"),
                fromStatus == null ? null : Status.fromWire(fromStatus),
                toStatus == null ? null : Status.fromWire(toStatus),
                fromHealth == null ? null : Health.fromWire(fromHealth),
                toHealth == null ? null : Health.fromWire(toHealth),
                rs.getBoolean("alerting"), rs.getBoolean("alerting_changed"), rs.getString("reason"));
    }
}

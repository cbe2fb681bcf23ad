package dev.vigil.store.sql;

import dev.vigil.domain.Flip;
import dev.vigil.domain.Health;
import dev.vigil.domain.Status;
import dev.vigil.store.FlipStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
    public Flip insert(Flip f, String lastOutput) {
        long id = sql.insert("INSERT INTO flips (job_id, at, from_status, to_status, from_health, to_health,"
                        + " alerting, alerting_changed, reason, last_output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                f.jobId(), f.at(), wire(f.fromStatus()), wire(f.toStatus()), wire(f.fromHealth()),
                wire(f.toHealth()), f.alerting(), f.alertingChanged(), f.reason(), lastOutput).orElseThrow();
        // What is stored: instants keep milliseconds.
        return new Flip(id, f.jobId(), f.at().truncatedTo(ChronoUnit.MILLIS), f.fromStatus(), f.toStatus(),
                f.fromHealth(), f.toHealth(), f.alerting(), f.alertingChanged(), f.reason());
    }

    @Override
    public void record(Flip f, String lastOutput) {
        sql.later("INSERT INTO flips (job_id, at, from_status, to_status, from_health, to_health,"
                        + " alerting, alerting_changed, reason, last_output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                f.jobId(), f.at(), wire(f.fromStatus()), wire(f.toStatus()), wire(f.fromHealth()),
                wire(f.toHealth()), f.alerting(), f.alertingChanged(), f.reason(), lastOutput);
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

    // Both statements use the partial indexes on waiting flips (V10), which hold only the backlog.
    @Override
    public List<Waiting> waiting(Instant now, int limit) {
        return sql.list("SELECT " + COLUMNS + ", last_output, attempts FROM flips f"
                        + " WHERE f.handled_at IS NULL AND (f.retry_at IS NULL OR f.retry_at <= ?)"
                        + " AND NOT EXISTS (SELECT 1 FROM flips e WHERE e.job_id = f.job_id AND e.handled_at IS NULL"
                        + " AND e.id < f.id AND e.retry_at > ?)"
                        + " ORDER BY f.id LIMIT ?",
                rs -> new Waiting(map(rs), rs.getString(11), rs.getInt(12)), now, now, limit);
    }

    @Override
    public boolean claim(Flip flip, Instant at) {
        return sql.update(CLAIM, at, flip.id(), flip.jobId(), flip.id()) == 1;
    }

    @Override
    public boolean[] claimAll(java.util.List<Flip> flips, Instant at) {
        // One statement per few hundred flips, not one per flip: an earlier flip of the same job that
        // is claimed in the same statement does not hold a later one back.
        java.util.Set<Long> won = new java.util.HashSet<>();
        for (int from = 0; from < flips.size(); from += CLAIM_CHUNK) {
            java.util.List<Flip> chunk = flips.subList(from, Math.min(flips.size(), from + CLAIM_CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            Object[] args = new Object[1 + 2 * chunk.size()];
            args[0] = at;
            for (int i = 0; i < chunk.size(); i++) {
                args[1 + i] = chunk.get(i).id();
                args[1 + chunk.size() + i] = chunk.get(i).id();
            }
            won.addAll(sql.list("UPDATE flips SET handled_at = ?, last_output = NULL, retry_at = NULL"
                    + " WHERE id IN (" + marks + ") AND handled_at IS NULL AND NOT EXISTS (SELECT 1 FROM flips e"
                    + " WHERE e.job_id = flips.job_id AND e.id < flips.id AND e.handled_at IS NULL AND e.id NOT IN (" + marks
                    + ")) RETURNING id", rs -> rs.getLong(1), args));
        }
        boolean[] claimed = new boolean[flips.size()];
        for (int i = 0; i < claimed.length; i++) claimed[i] = won.contains(flips.get(i).id());
        return claimed;
    }

    private static final int CLAIM_CHUNK = 400;

    private static final String CLAIM = "UPDATE flips SET handled_at = ?, last_output = NULL, retry_at = NULL"
            + " WHERE id = ? AND handled_at IS NULL AND NOT EXISTS (SELECT 1 FROM flips e"
            + " WHERE e.job_id = ? AND e.id < ? AND e.handled_at IS NULL)";

    @Override
    public void retryLater(long id, int attempts, String error, Instant retryAt) {
        sql.update("UPDATE flips SET attempts = ?, error = ?, retry_at = ? WHERE id = ? AND handled_at IS NULL",
                attempts, error, retryAt, id);
    }

    @Override
    public void giveUp(long id, int attempts, String error, Instant at) {
        sql.update("UPDATE flips SET attempts = ?, error = ?, retry_at = NULL, handled_at = ?, last_output = NULL"
                + " WHERE id = ? AND handled_at IS NULL", attempts, error, at, id);
    }

    @Override
    public Backlog backlog() {
        return sql.one("SELECT count(*), min(at) FROM flips WHERE handled_at IS NULL",
                rs -> new Backlog(rs.getLong(1), Rows.instant(rs, 2))).orElseThrow();
    }

    private static String wire(Status s) { return s == null ? null : s.wire(); }

    private static String wire(Health h) { return h == null ? null : h.wire(); }

    /** By position, in the order of {@link #COLUMNS}. */
    private static Flip map(ResultSet rs) throws SQLException {
        String fromStatus = rs.getString(4);
        String toStatus = rs.getString(5);
        String fromHealth = rs.getString(6);
        String toHealth = rs.getString(7);
        return new Flip(rs.getLong(1), rs.getLong(2), Rows.instant(rs, 3),
                fromStatus == null ? null : Status.fromWire(fromStatus),
                toStatus == null ? null : Status.fromWire(toStatus),
                fromHealth == null ? null : Health.fromWire(fromHealth),
                toHealth == null ? null : Health.fromWire(toHealth),
                rs.getBoolean(8), rs.getBoolean(9), rs.getString(10));
    }
}

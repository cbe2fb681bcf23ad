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

    // Both statements use the partial indexes on waiting flips (V10) and on flips waiting for a retry
    // (V11), which hold only the backlog.
    @Override
    public List<Waiting> waiting(Instant now, int limit) {
        return sql.list("SELECT " + COLUMNS + ", last_output, attempts FROM flips f"
                        + " WHERE f.handled_at IS NULL AND (f.retry_at IS NULL OR f.retry_at <= ?)"
                        // A flip waiting for its retry is its job's first waiting one (later flips wait
                        // for it): so "no earlier flip of the job waits for a retry" is "the job has
                        // none". Not correlated, so that no plan can look at the flips once per row.
                        + " AND f.job_id NOT IN (SELECT e.job_id FROM flips e WHERE e.handled_at IS NULL AND e.retry_at > ?)"
                        + " ORDER BY f.id LIMIT ?",
                rs -> new Waiting(map(rs), rs.getString(11), rs.getInt(12)), now, now, limit);
    }

    @Override
    public boolean claim(Flip flip, Instant at) {
        return claimAll(List.of(flip), at)[0];
    }

    @Override
    public boolean[] claimAll(java.util.List<Flip> flips, Instant at) {
        // One statement per few hundred flips, not one per flip: an earlier flip of the same job that
        // is claimed in the same statement does not hold a later one back.
        java.util.Set<Long> won = new java.util.HashSet<>();
        for (int from = 0; from < flips.size(); from += CLAIM_CHUNK) {
            java.util.List<Flip> chunk = flips.subList(from, Math.min(flips.size(), from + CLAIM_CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            // Each job's first flip waiting outside the chunk, asked once for the chunk's jobs (a
            // subquery per row let plans misled by statistics taken before a storm scan every
            // waiting flip per row): a flip of the chunk after it must wait for it.
            Object[] chunkIds = chunk.stream().map(Flip::id).toArray();
            java.util.Map<Long, Long> firstOutside = new java.util.HashMap<>();
            sql.listIn("SELECT job_id, MIN(id) FROM flips WHERE handled_at IS NULL AND id NOT IN (" + marks + ") AND job_id IN ",
                    chunkIds, chunk.stream().map(Flip::jobId).toList(), " GROUP BY job_id",
                    rs -> firstOutside.put(rs.getLong(1), rs.getLong(2)));
            List<Long> free = new java.util.ArrayList<>();
            for (Flip f : chunk) {
                Long first = firstOutside.get(f.jobId());
                if (first == null || f.id() < first) free.add(f.id());
            }
            if (free.isEmpty()) continue;
            won.addAll(sql.listIn("UPDATE flips SET handled_at = ?, last_output = NULL, retry_at = NULL WHERE handled_at IS NULL"
                    + " AND id IN ", new Object[] {at}, free, " RETURNING id", rs -> rs.getLong(1)));
        }
        boolean[] claimed = new boolean[flips.size()];
        for (int i = 0; i < claimed.length; i++) claimed[i] = won.contains(flips.get(i).id());
        return claimed;
    }

    private static final int CLAIM_CHUNK = 400;

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

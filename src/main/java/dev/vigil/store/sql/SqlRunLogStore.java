package dev.vigil.store.sql;

import dev.vigil.domain.LogChunk;
import dev.vigil.domain.NotFoundException;
import dev.vigil.store.RunLogStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chunks in {@code run_logs}, the per-run total in {@code run_log_sizes}. Both are kept in step in
 * the caller's transaction: a chunk's bytes are added when it is inserted and taken off when
 * retention deletes it.
 */
final class SqlRunLogStore implements RunLogStore {
    private final Sql sql;

    SqlRunLogStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public boolean append(LogChunk c) {
        int bytes = c.bytes();
        // The EXISTS guard turns a missing run into "nothing inserted" instead of a foreign key
        // violation, which would abort the whole transaction on PostgreSQL.
        boolean added = sql.insert("INSERT INTO run_logs (run_id, seq, at, bytes, text)"
                        + " SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM runs WHERE id = ?)"
                        + " ON CONFLICT DO NOTHING RETURNING seq",
                c.runId(), c.seq(), c.at(), bytes, c.text(), c.runId()).isPresent();
        if (!added) {
            if (sql.one("SELECT 1 FROM runs WHERE id = ?", rs -> 1, c.runId()).isEmpty()) {
                throw new NotFoundException("no run " + c.runId());
            }
            return false;
        }
        sql.update("INSERT INTO run_log_sizes (run_id, bytes) VALUES (?, ?)"
                + " ON CONFLICT (run_id) DO UPDATE SET bytes = run_log_sizes.bytes + excluded.bytes",
                c.runId(), (long) bytes);
        return true;
    }

    private static final String INSERT = "INSERT INTO run_logs (run_id, seq, at, bytes, text)"
            + " SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM runs WHERE id = ?) ON CONFLICT DO NOTHING";
    private static final String ADD_BYTES = "INSERT INTO run_log_sizes (run_id, bytes) VALUES (?, ?)"
            + " ON CONFLICT (run_id) DO UPDATE SET bytes = run_log_sizes.bytes + excluded.bytes";

    /**
     * One JDBC batch for the chunks (an {@code INSERT … SELECT}, which the PostgreSQL driver sends
     * as it is, so each row's count tells whether it was stored), one for the totals (a row per
     * run: a multi-row upsert may not touch a row twice), and for chunks not stored, one query
     * that tells a redelivery from a missing run.
     */
    @Override
    public java.util.Set<Long> appendAll(List<LogChunk> chunks) {
        if (chunks.isEmpty()) return java.util.Set.of();
        List<Object[]> rows = new java.util.ArrayList<>(chunks.size());
        for (LogChunk c : chunks) rows.add(new Object[] {c.runId(), c.seq(), c.at(), c.bytes(), c.text(), c.runId()});
        int[] counts = sql.batch(INSERT, rows);
        Map<Long, Long> added = new java.util.LinkedHashMap<>();
        java.util.Set<Long> notStored = new java.util.TreeSet<>();
        for (int i = 0; i < counts.length; i++) {
            LogChunk c = chunks.get(i);
            if (counts[i] == 1) added.merge(c.runId(), (long) c.bytes(), Long::sum);
            else if (counts[i] == 0) notStored.add(c.runId());
            else throw new IllegalStateException("no row count for a stored chunk (" + counts[i] + "; indicates a bug)");
        }
        if (!added.isEmpty()) {
            List<Object[]> sizes = new java.util.ArrayList<>(added.size());
            added.forEach((run, bytes) -> sizes.add(new Object[] {run, bytes}));
            sql.batch(ADD_BYTES, sizes);
        }
        if (notStored.isEmpty()) return java.util.Set.of();
        java.util.Set<Long> missing = new java.util.TreeSet<>(notStored);
        missing.removeAll(existing(notStored));
        return missing;
    }

    private java.util.Set<Long> existing(java.util.Collection<Long> runIds) {
        return new java.util.HashSet<>(sql.listIn("SELECT id FROM runs WHERE id IN ", runIds, "", rs -> rs.getLong(1)));
    }

    @Override
    public Map<Long, Long> bytesOf(java.util.Collection<Long> runIds) {
        Map<Long, Long> out = new java.util.HashMap<>();
        sql.listIn("SELECT run_id, bytes FROM run_log_sizes WHERE run_id IN ", runIds, "",
                rs -> out.put(rs.getLong(1), rs.getLong(2)));
        return out;
    }

    @Override
    public List<LogChunk> after(long runId, long afterSeq, int limit) {
        return sql.list("SELECT run_id, seq, at, text FROM run_logs WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                SqlRunLogStore::map, runId, afterSeq, Paging.limit(limit));
    }

    @Override
    public long bytes(long runId) {
        return sql.one("SELECT bytes FROM run_log_sizes WHERE run_id = ?", rs -> rs.getLong(1), runId).orElse(0L);
    }

    /**
     * Starts from {@code run_log_sizes} (only the runs that have output), then runs and chunks by
     * key: {@code runs} has no index on {@code ended_at}. CROSS JOIN makes SQLite keep that order
     * (without statistics it would scan every chunk first); PostgreSQL plans it as an inner join.
     * The batch is picked by a subquery on the keys, as PostgreSQL has no {@code DELETE … LIMIT}.
     */
    @Override
    public int deleteForRunsEndedBefore(Instant cutoff, int limit) {
        List<long[]> deleted = sql.list("DELETE FROM run_logs WHERE (run_id, seq) IN ("
                        + " SELECT l.run_id, l.seq FROM run_log_sizes s CROSS JOIN runs r CROSS JOIN run_logs l"
                        + " WHERE r.id = s.run_id AND l.run_id = s.run_id AND r.ended_at < ? LIMIT ?)"
                        + " RETURNING run_id, bytes",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)}, cutoff, Paging.limit(limit));
        Map<Long, Long> freed = new TreeMap<>();
        for (long[] row : deleted) freed.merge(row[0], row[1], Long::sum);
        freed.forEach((runId, bytes) -> {
            int emptied = sql.update("DELETE FROM run_log_sizes WHERE run_id = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM run_logs WHERE run_id = ?)", runId, runId);
            if (emptied == 0) {
                sql.update("UPDATE run_log_sizes SET bytes = bytes - ? WHERE run_id = ?", bytes, runId);
            }
        });
        return deleted.size();
    }

    private static LogChunk map(ResultSet rs) throws SQLException {
        return new LogChunk(rs.getLong("run_id"), rs.getLong("seq"), Rows.instant(rs, "at"), rs.getString("text"));
    }
}

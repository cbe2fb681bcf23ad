package dev.vigil.store.sql;

import dev.vigil.store.ClusterStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** See {@link ClusterStore}; the tables of migration V12. */
final class SqlClusterStore implements ClusterStore {
    private final Sql sql;

    SqlClusterStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void register(Node n) {
        sql.update("INSERT INTO cluster_nodes (id, address, version, started_at, heartbeat_at, stopping) VALUES (?, ?, ?, ?, ?, ?)",
                n.id(), n.address(), n.version(), n.startedAt(), n.heartbeatAt(), n.stopping());
    }

    @Override
    public boolean heartbeat(String nodeId, Instant at) {
        return sql.update("UPDATE cluster_nodes SET heartbeat_at = ? WHERE id = ?", at, nodeId) == 1;
    }

    @Override
    public void markStopping(String nodeId) {
        sql.update("UPDATE cluster_nodes SET stopping = ? WHERE id = ?", true, nodeId);
    }

    @Override
    public void deregister(String nodeId) {
        sql.update("DELETE FROM cluster_nodes WHERE id = ?", nodeId);
    }

    @Override
    public List<Node> nodes() {
        return sql.list("SELECT id, address, version, started_at, heartbeat_at, stopping FROM cluster_nodes ORDER BY started_at, id",
                rs -> new Node(rs.getString(1), rs.getString(2), rs.getString(3), Rows.instant(rs, 4), Rows.instant(rs, 5),
                        rs.getBoolean(6)));
    }

    @Override
    public int forgetNodes(Instant before) {
        return sql.update("DELETE FROM cluster_nodes WHERE heartbeat_at < ?", before);
    }

    @Override
    public void ensurePartitions(int count) {
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int p = 0; p < count; p++) rows.add(new Object[] {p});
        sql.batch("INSERT INTO partition_leases (partition_no, owner, epoch, since) VALUES (?, NULL, 0, NULL)"
                + " ON CONFLICT (partition_no) DO NOTHING", rows);
    }

    @Override
    public List<Lease> leases() {
        return sql.list("SELECT partition_no, owner, epoch, since FROM partition_leases ORDER BY partition_no",
                rs -> new Lease(rs.getInt(1), rs.getString(2), rs.getLong(3), Rows.instant(rs, 4)));
    }

    @Override
    public boolean claim(int partition, long epoch, String node, Instant at) {
        return sql.update("UPDATE partition_leases SET owner = ?, epoch = ?, since = ? WHERE partition_no = ? AND epoch = ?",
                node, epoch + 1, at, partition, epoch) == 1;
    }

    @Override
    public boolean release(int partition, long epoch, String node) {
        return sql.update("UPDATE partition_leases SET owner = NULL WHERE partition_no = ? AND epoch = ? AND owner = ?",
                partition, epoch, node) == 1;
    }

    @Override
    public Set<Integer> fence(String node, Map<Integer, Long> expected) {
        if (expected.isEmpty()) return Set.of();
        String marks = expected.keySet().stream().map(p -> "?").collect(Collectors.joining(", "));
        Object[] args = new Object[expected.size() + 1];
        args[0] = node;
        int i = 1;
        for (int p : expected.keySet()) args[i++] = p;
        Set<Integer> held = new java.util.HashSet<>();
        // In partition order, so that two fenced transactions never wait for each other in a circle.
        sql.stream("SELECT partition_no, epoch FROM partition_leases WHERE owner = ? AND partition_no IN (" + marks + ")"
                        + " ORDER BY partition_no" + sql.dialect().lockRows(true),
                rs -> {
                    int p = rs.getInt(1);
                    if (expected.get(p) == rs.getLong(2)) held.add(p);
                }, args);
        return held;
    }

    @Override
    public void recordTakeover(Instant at, int partition, String from, String to, long epoch, String how) {
        sql.update("INSERT INTO cluster_takeovers (at, partition_no, from_node, to_node, epoch, how) VALUES (?, ?, ?, ?, ?, ?)",
                at, partition, from, to, epoch, how);
    }

    @Override
    public List<Takeover> recentTakeovers(int limit) {
        return sql.list("SELECT id, at, partition_no, from_node, to_node, epoch, how FROM cluster_takeovers ORDER BY id DESC LIMIT ?",
                rs -> new Takeover(rs.getLong(1), Rows.instant(rs, 2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getString(7)), Paging.limit(limit));
    }

    @Override
    public void appendChange(long jobId, String kind, Instant at, String node) {
        sql.later("INSERT INTO job_changes (job_id, kind, at, node) VALUES (?, ?, ?, ?)", jobId, kind, at, node);
    }

    @Override
    public List<JobChange> changesSince(Instant since) {
        return sql.list("SELECT id, job_id, kind, at, node FROM job_changes WHERE at >= ? ORDER BY id",
                SqlClusterStore::change, since);
    }

    private static JobChange change(ResultSet rs) throws SQLException {
        return new JobChange(rs.getLong(1), rs.getLong(2), rs.getString(3), Rows.instant(rs, 4), rs.getString(5));
    }

    @Override
    public int pruneChanges(Instant before) {
        return sql.update("DELETE FROM job_changes WHERE at < ?", before);
    }

    @Override
    public Marks marks() {
        return sql.one("SELECT (SELECT MAX(id) FROM events), (SELECT MAX(id) FROM runs), (SELECT MAX(id) FROM incident_events),"
                + " (SELECT MAX(id) FROM job_changes)", rs -> new Marks(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .orElseThrow();
    }
}

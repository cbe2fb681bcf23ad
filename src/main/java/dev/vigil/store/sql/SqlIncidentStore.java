package dev.vigil.store.sql;

import dev.vigil.domain.Enums;
import dev.vigil.domain.Incident;
import dev.vigil.domain.IncidentEvent;
import dev.vigil.store.IncidentStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

final class SqlIncidentStore implements IncidentStore {
    private static final String FIELDS = "job_id, project_id, severity, state, opened_at, open_flip_id, reason,"
            + " acknowledged_at, acknowledged_by, resolved_at, resolved_by, flapping, job_down, last_flip_at,"
            + " notified_at, suppressed, targets, step, repeats, next_check_at";
    private static final String COLUMNS = "id, " + FIELDS + ", version";
    private static final String EVENT_COLUMNS = "id, incident_id, at, action, actor, detail";
    private final Sql sql;

    SqlIncidentStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Incident insert(Incident i) {
        List<Object> args = new ArrayList<>(java.util.Arrays.asList(fields(i)));
        return sql.one("INSERT INTO incidents (" + FIELDS + ", version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING " + COLUMNS,
                SqlIncidentStore::map, args.toArray()).orElseThrow();
    }

    @Override
    public Optional<Incident> byId(long id) {
        return sql.one("SELECT " + COLUMNS + " FROM incidents WHERE id = ?", SqlIncidentStore::map, id);
    }

    @Override
    public Optional<Incident> activeFor(long jobId) {
        return sql.one("SELECT " + COLUMNS + " FROM incidents WHERE job_id = ? AND state <> 'resolved'",
                SqlIncidentStore::map, jobId);
    }

    @Override
    public java.util.Map<Long, Incident> activeOf(java.util.Collection<Long> jobIds) {
        java.util.Map<Long, Incident> out = new java.util.HashMap<>();
        for (Incident i : sql.listIn("SELECT " + COLUMNS + " FROM incidents WHERE state <> 'resolved' AND job_id IN ",
                jobIds, "", SqlIncidentStore::map)) {
            out.put(i.jobId(), i);
        }
        return out;
    }

    @Override
    public Optional<Incident> update(Incident next) {
        List<Object> args = new ArrayList<>(java.util.Arrays.asList(fields(next)));
        args.add(next.id());
        args.add(next.version());
        String set = FIELDS.replace(",", " = ?,") + " = ?";
        return sql.one("UPDATE incidents SET " + set + ", version = version + 1 WHERE id = ? AND version = ?"
                + " RETURNING " + COLUMNS, SqlIncidentStore::map, args.toArray());
    }

    @Override
    public int openedSince(long jobId, Instant since) {
        return sql.one("SELECT COUNT(*) FROM incidents WHERE job_id = ? AND opened_at >= ?",
                rs -> rs.getInt(1), jobId, since).orElse(0);
    }

    @Override
    public java.util.Map<Long, List<Instant>> openedAtSince(java.util.Collection<Long> jobIds, Instant since) {
        java.util.Map<Long, List<Instant>> out = new java.util.HashMap<>();
        sql.listIn("SELECT job_id, opened_at FROM incidents WHERE opened_at >= ? AND job_id IN ", new Object[] {since},
                jobIds, "", rs -> out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(Instant.ofEpochMilli(rs.getLong(2))));
        return out;
    }

    @Override
    public List<Incident> due(Instant now, int limit) {
        return sql.list("SELECT " + COLUMNS + " FROM incidents WHERE next_check_at IS NOT NULL AND next_check_at <= ?"
                + " ORDER BY next_check_at LIMIT ?", SqlIncidentStore::map, now, Paging.limit(limit));
    }

    @Override
    public int recheckHeld(long projectId, Instant at) {
        return sql.update("UPDATE incidents SET next_check_at = ?, version = version + 1 WHERE project_id = ?"
                + " AND state = 'open' AND notified_at IS NULL AND suppressed IS NOT NULL AND targets IS NOT NULL",
                at, projectId);
    }

    @Override
    public Optional<Instant> nextDue() {
        return sql.one("SELECT MIN(next_check_at) FROM incidents WHERE next_check_at IS NOT NULL",
                rs -> Rows.instant(rs, 1));
    }

    @Override
    public List<Incident> byProject(long projectId, Set<Incident.State> states, Long beforeId, int limit) {
        String stateFilter = states.isEmpty() || states.size() == Incident.State.values().length ? ""
                : " AND state IN (" + states.stream().map(s -> "'" + s.wire() + "'").collect(Collectors.joining(", ")) + ")";
        return sql.list("SELECT " + COLUMNS + " FROM incidents WHERE project_id = ? AND id < ?" + stateFilter
                + " ORDER BY id DESC LIMIT ?", SqlIncidentStore::map, projectId, Paging.before(beforeId), Paging.limit(limit));
    }

    @Override
    public List<Incident> byJob(long jobId, int limit) {
        return sql.list("SELECT " + COLUMNS + " FROM incidents WHERE job_id = ? ORDER BY id DESC LIMIT ?",
                SqlIncidentStore::map, jobId, Paging.limit(limit));
    }

    @Override
    public void addEvent(IncidentEvent e) {
        sql.append("incident_events", "INSERT INTO incident_events (incident_id, at, action, actor, detail) VALUES (?, ?, ?, ?, ?)",
                e.incidentId(), e.at(), e.action(), e.actor(), e.detail());
    }

    @Override
    public List<IncidentEvent> events(long incidentId) {
        return sql.list("SELECT " + EVENT_COLUMNS + " FROM incident_events WHERE incident_id = ? ORDER BY id",
                rs -> new IncidentEvent(rs.getLong(1), rs.getLong(2), Rows.instant(rs, 3), rs.getString(4),
                        rs.getString(5), rs.getString(6)), incidentId);
    }

    @Override
    public List<Long> notifiedChannels(long incidentId) {
        return sql.list("SELECT DISTINCT channel_id FROM outbox WHERE incident_id = ? AND state <> 'suppressed'"
                + " ORDER BY channel_id", rs -> rs.getLong(1), incidentId);
    }

    private static Object[] fields(Incident i) {
        return new Object[] {i.jobId(), i.projectId(), i.severity().wire(), i.state().wire(), i.openedAt(),
                i.openFlipId(), i.reason(), i.acknowledgedAt(), i.acknowledgedBy(), i.resolvedAt(), i.resolvedBy(),
                i.flapping(), i.jobDown(), i.lastFlipAt(), i.notifiedAt(), i.suppressed(), i.targets(), i.step(),
                i.repeats(), i.nextCheckAt()};
    }

    /**
     * Maps a row of {@link #COLUMNS} by position, in their order: the driver's lookup of column
     * names was a seventh of the writer's time in an incident storm (bench/README.md).
     */
    private static Incident map(ResultSet rs) throws SQLException {
        return new Incident(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                Enums.fromWire(Incident.Severity.class, rs.getString(4), "severity"),
                Enums.fromWire(Incident.State.class, rs.getString(5), "state"),
                Rows.instant(rs, 6), Rows.longOrNull(rs, 7), rs.getString(8), Rows.instant(rs, 9), rs.getString(10),
                Rows.instant(rs, 11), rs.getString(12), rs.getBoolean(13), rs.getBoolean(14), Rows.instant(rs, 15),
                Rows.instant(rs, 16), rs.getString(17), rs.getString(18), rs.getInt(19), rs.getInt(20),
                Rows.instant(rs, 21), rs.getInt(22));
    }
}

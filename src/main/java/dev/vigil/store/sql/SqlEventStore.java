package dev.vigil.store.sql;

import dev.vigil.domain.Event;
import dev.vigil.domain.EventKind;
import dev.vigil.store.EventStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

final class SqlEventStore implements EventStore {
    private static final String COLUMNS = "id, job_id, run_id, at, kind, rid, exit_code, message, data, source";
    private final Sql sql;

    SqlEventStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void append(Event e) {
        sql.later("INSERT INTO events (job_id, run_id, at, kind, rid, exit_code, message, data, source)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.jobId(), e.runId(), e.at(), e.kind().wire(), e.rid(), e.exitCode(), e.message(), e.data(), e.source());
    }

    @Override
    public List<Event> byJob(long jobId, Long beforeId, int limit) {
        return sql.list("SELECT " + COLUMNS + " FROM events WHERE job_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                SqlEventStore::map, jobId, Paging.before(beforeId), Paging.limit(limit));
    }

    private static Event map(ResultSet rs) throws SQLException {
        return new Event(rs.getLong("id"), rs.getLong("job_id"), Rows.longOrNull(rs, "run_id"),
                Rows.instant(rs, "at"), EventKind.fromWire(rs.getString("kind")), rs.getString("rid"),
                Rows.integer(rs, "exit_code"), rs.getString("message"), rs.getString("data"), rs.getString("source"));
    }
}

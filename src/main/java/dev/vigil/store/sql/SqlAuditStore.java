package dev.vigil.store.sql;

import dev.vigil.domain.Actor;
import dev.vigil.domain.AuditEntry;
import dev.vigil.domain.Enums;
import dev.vigil.store.AuditStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

final class SqlAuditStore implements AuditStore {
    private static final String COLUMNS = "id, at, actor_kind, actor_key_id, actor_name, address, action, project_id, target,"
            + " before_json, after_json";
    private final Sql sql;

    SqlAuditStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void append(AuditEntry e) {
        Actor a = e.actor();
        sql.append("audit_log", "INSERT INTO audit_log (at, actor_kind, actor_key_id, actor_name, address, action, project_id,"
                        + " target, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.at(), a.kind().wire(), a.keyId(), a.name(), a.address(), e.action(), e.projectId(), e.target(), e.before(),
                e.after());
    }

    @Override
    public List<AuditEntry> list(Filter f) {
        // Only the filters given are in the text: a parameter compared with IS NULL has no type on PostgreSQL.
        StringBuilder where = new StringBuilder(" WHERE id < ?");
        List<Object> args = new ArrayList<>();
        args.add(Paging.before(f.before()));
        if (f.projectId() != null) {
            where.append(" AND project_id = ?");
            args.add(f.projectId());
        }
        if (f.actor() != null) {
            boolean id = !f.actor().isEmpty() && f.actor().chars().allMatch(Character::isDigit) && f.actor().length() < 19;
            where.append(id ? " AND (actor_name = ? OR actor_key_id = ?)" : " AND actor_name = ?");
            args.add(f.actor());
            if (id) args.add(Long.parseLong(f.actor()));
        }
        if (f.action() != null) {
            // "job" is every job.* action; "login" also the action named so.
            boolean kind = !f.action().contains(".");
            where.append(kind ? " AND (action = ? OR action LIKE ?)" : " AND action = ?");
            args.add(f.action());
            if (kind) args.add(f.action() + ".%");
        }
        if (f.target() != null) {
            where.append(" AND target = ?");
            args.add(f.target());
        }
        if (f.since() != null) {
            where.append(" AND at >= ?");
            args.add(f.since());
        }
        if (f.until() != null) {
            where.append(" AND at < ?");
            args.add(f.until());
        }
        args.add(Paging.limit(f.limit()));
        return sql.list("SELECT " + COLUMNS + " FROM audit_log" + where + " ORDER BY id DESC LIMIT ?", SqlAuditStore::map,
                args.toArray());
    }

    @Override
    public int deleteBefore(Instant cutoff, int max) {
        return sql.update("DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? ORDER BY id LIMIT ?)",
                cutoff, Paging.limit(max));
    }

    private static AuditEntry map(ResultSet rs) throws SQLException {
        Actor actor = new Actor(Enums.fromWire(Actor.Kind.class, rs.getString("actor_kind"), "actor_kind"),
                Rows.longOrNull(rs, "actor_key_id"), rs.getString("actor_name"), rs.getString("address"));
        return new AuditEntry(rs.getLong("id"), Rows.instant(rs, "at"), actor, rs.getString("action"),
                Rows.longOrNull(rs, "project_id"), rs.getString("target"), rs.getString("before_json"), rs.getString("after_json"));
    }
}

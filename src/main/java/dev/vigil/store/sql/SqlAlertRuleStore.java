package dev.vigil.store.sql;

import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Silence;
import dev.vigil.store.AlertRuleStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class SqlAlertRuleStore implements AlertRuleStore {
    private static final String POLICY = "id, project_id, name, steps, repeat_every_ms, repeat_times, created_at";
    private static final String SILENCE = "id, project_id, job_slug, tag, starts_at, ends_at, comment, created_by, created_at";
    private static final String WINDOW = "id, project_id, name, job_slug, tag, cron, duration_ms, timezone, comment,"
            + " created_by, created_at";
    private final Sql sql;

    SqlAlertRuleStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public List<AlertRoute> routes(long projectId) {
        return sql.one("SELECT routes FROM alert_routes WHERE project_id = ?", rs -> rs.getString(1), projectId)
                .map(AlertRuleJson::readRoutes).orElse(List.of());
    }

    @Override
    public void replaceRoutes(long projectId, List<AlertRoute> routes, Instant at) {
        sql.update("INSERT INTO alert_routes (project_id, routes, updated_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (project_id) DO UPDATE SET routes = excluded.routes, updated_at = excluded.updated_at",
                projectId, AlertRuleJson.writeRoutes(routes), at);
    }

    @Override
    public List<EscalationPolicy> policies(long projectId) {
        return sql.list("SELECT " + POLICY + " FROM escalation_policies WHERE project_id = ? ORDER BY name",
                SqlAlertRuleStore::policy, projectId);
    }

    @Override
    public Optional<EscalationPolicy> policy(long projectId, String name) {
        return sql.one("SELECT " + POLICY + " FROM escalation_policies WHERE project_id = ? AND name = ?",
                SqlAlertRuleStore::policy, projectId, name);
    }

    @Override
    public boolean putPolicy(EscalationPolicy p) {
        String steps = AlertRuleJson.writeSteps(p.steps());
        int updated = sql.update("UPDATE escalation_policies SET steps = ?, repeat_every_ms = ?, repeat_times = ?"
                + " WHERE project_id = ? AND name = ?", steps, p.repeatEvery(), p.repeatTimes(), p.projectId(), p.name());
        if (updated > 0) return false;
        sql.update("INSERT INTO escalation_policies (project_id, name, steps, repeat_every_ms, repeat_times, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", p.projectId(), p.name(), steps, p.repeatEvery(), p.repeatTimes(), p.createdAt());
        return true;
    }

    @Override
    public boolean deletePolicy(long projectId, String name) {
        return sql.update("DELETE FROM escalation_policies WHERE project_id = ? AND name = ?", projectId, name) > 0;
    }

    @Override
    public Silence insertSilence(Silence s) {
        return sql.one("INSERT INTO silences (project_id, job_slug, tag, starts_at, ends_at, comment, created_by, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + SILENCE, SqlAlertRuleStore::silence,
                s.projectId(), s.job(), s.tag(), s.startsAt(), s.endsAt(), s.comment(), s.createdBy(), s.createdAt())
                .orElseThrow(() -> new IllegalStateException("INSERT … RETURNING returned no row (indicates a bug)"));
    }

    @Override
    public Optional<Silence> silence(long id) {
        return sql.one("SELECT " + SILENCE + " FROM silences WHERE id = ?", SqlAlertRuleStore::silence, id);
    }

    @Override
    public List<Silence> silences(long projectId, Instant endsAfter) {
        return sql.list("SELECT " + SILENCE + " FROM silences WHERE project_id = ? AND ends_at > ? ORDER BY starts_at, id",
                SqlAlertRuleStore::silence, projectId, endsAfter);
    }

    @Override
    public boolean expireSilence(long id, Instant at) {
        // A silence that has not begun yet ends empty: [at, at) rather than ending before it starts.
        return sql.update("UPDATE silences SET starts_at = CASE WHEN starts_at > ? THEN ? ELSE starts_at END, ends_at = ?"
                + " WHERE id = ? AND ends_at > ?", at, at, at, id, at) > 0;
    }

    @Override
    public MaintenanceWindow insertWindow(MaintenanceWindow w) {
        return sql.one("INSERT INTO maintenance_windows (project_id, name, job_slug, tag, cron, duration_ms, timezone,"
                        + " comment, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING RETURNING " + WINDOW, SqlAlertRuleStore::window,
                w.projectId(), w.name(), w.job(), w.tag(), w.cron(), w.duration(), w.timezone(), w.comment(),
                w.createdBy(), w.createdAt())
                .orElseThrow(() -> new ConflictException(
                        "a maintenance window named '" + w.name() + "' already exists in this project"));
    }

    @Override
    public Optional<MaintenanceWindow> window(long id) {
        return sql.one("SELECT " + WINDOW + " FROM maintenance_windows WHERE id = ?", SqlAlertRuleStore::window, id);
    }

    @Override
    public List<MaintenanceWindow> windows(long projectId) {
        return sql.list("SELECT " + WINDOW + " FROM maintenance_windows WHERE project_id = ? ORDER BY name",
                SqlAlertRuleStore::window, projectId);
    }

    @Override
    public boolean deleteWindow(long id) {
        return sql.update("DELETE FROM maintenance_windows WHERE id = ?", id) > 0;
    }

    private static EscalationPolicy policy(ResultSet rs) throws SQLException {
        return new EscalationPolicy(rs.getLong("id"), rs.getLong("project_id"), rs.getString("name"),
                AlertRuleJson.readSteps(rs.getString("steps")), Rows.millis(rs, "repeat_every_ms"),
                Rows.integer(rs, "repeat_times"), Rows.instant(rs, "created_at"));
    }

    private static Silence silence(ResultSet rs) throws SQLException {
        return new Silence(rs.getLong("id"), rs.getLong("project_id"), rs.getString("job_slug"), rs.getString("tag"),
                Rows.instant(rs, "starts_at"), Rows.instant(rs, "ends_at"), rs.getString("comment"),
                rs.getString("created_by"), Rows.instant(rs, "created_at"));
    }

    private static MaintenanceWindow window(ResultSet rs) throws SQLException {
        return new MaintenanceWindow(rs.getLong("id"), rs.getLong("project_id"), rs.getString("name"),
                rs.getString("job_slug"), rs.getString("tag"), rs.getString("cron"), Rows.millis(rs, "duration_ms"),
                rs.getString("timezone"), rs.getString("comment"), rs.getString("created_by"), Rows.instant(rs, "created_at"));
    }
}

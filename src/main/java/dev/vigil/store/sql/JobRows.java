package dev.vigil.store.sql;

import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.Schedule;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A job definition as a {@code jobs} row joined with its project's slug. The schedule is a kind
 * ({@code cron}, {@code every}, {@code none}) with the columns that kind uses.
 */
final class JobRows {
    static final String COLUMNS = "j.id, j.uuid, j.project_id, p.slug AS project_slug, j.slug, j.name,"
            + " j.description, j.owner, j.tags, j.schedule_kind, j.cron_expression, j.cron_zone, j.every_ms,"
            + " j.grace_ms, j.max_runtime_ms, j.min_runtime_ms, j.health_consecutive_failures,"
            + " j.health_failure_without_success_ms, j.health_recover_after, j.created_at, j.updated_at, j.execution";
    static final String FROM = " FROM jobs j JOIN projects p ON p.id = j.project_id";

    /** The definition columns, in the order of {@link #definition}. */
    static final String DEFINITION = "slug, name, description, owner, tags, schedule_kind, cron_expression,"
            + " cron_zone, every_ms, grace_ms, max_runtime_ms, min_runtime_ms, health_consecutive_failures,"
            + " health_failure_without_success_ms, health_recover_after, updated_at, execution";

    private JobRows() {}

    /** Parameters for {@link #DEFINITION}. */
    static Object[] definition(Job j) {
        Schedule s = j.schedule();
        String kind;
        String expression = null;
        String zone = null;
        Duration every = null;
        switch (s) {
            case Schedule.Cron c -> { kind = "cron"; expression = c.expression(); zone = c.zone().getId(); }
            case Schedule.Every e -> { kind = "every"; every = e.interval(); }
            case Schedule.None n -> kind = "none";
        }
        HealthPolicy h = j.health();
        return new Object[] {j.slug(), j.name(), j.description(), j.owner(), Tags.toJson(j.tags()), kind,
                expression, zone, every, j.grace(), j.maxRuntime(), j.minRuntime(), h.consecutiveFailures(),
                h.failureWithoutSuccessFor(), h.recoverAfter(), j.updatedAt(), ExecutionJson.write(j.execution())};
    }

    static Job map(ResultSet rs) throws SQLException {
        HealthPolicy health = new HealthPolicy(rs.getInt("health_consecutive_failures"),
                Duration.ofMillis(rs.getLong("health_failure_without_success_ms")), rs.getInt("health_recover_after"));
        return new Job(rs.getLong("id"), UUID.fromString(rs.getString("uuid")), rs.getLong("project_id"),
                rs.getString("project_slug"), rs.getString("slug"), rs.getString("name"),
                rs.getString("description"), rs.getString("owner"), Tags.fromJson(rs.getString("tags")),
                schedule(rs), Rows.millis(rs, "grace_ms"), Rows.millis(rs, "max_runtime_ms"),
                Rows.millis(rs, "min_runtime_ms"), health, Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"), ExecutionJson.read(rs.getString("execution")));
    }

    private static Schedule schedule(ResultSet rs) throws SQLException {
        String kind = rs.getString("schedule_kind");
        return switch (kind) {
            case "cron" -> new Schedule.Cron(rs.getString("cron_expression"), ZoneId.of(rs.getString("cron_zone")));
            case "every" -> new Schedule.Every(Rows.millis(rs, "every_ms"));
            case "none" -> Schedule.none();
            default -> throw new IllegalStateException("unknown schedule kind '" + kind + "' (indicates a bug)");
        };
    }
}

package dev.vigil.store.sql;

import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.Schedule;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * A job definition as a {@code jobs} row joined with its project's slug. The schedule is a kind
 * ({@code cron}, {@code every}, {@code none}) with the columns that kind uses.
 */
final class JobRows {
    static final String COLUMNS = "j.id, j.uuid, j.project_id, p.slug AS project_slug, j.slug, j.name,"
            + " j.description, j.owner, j.tags, j.schedule_kind, j.cron_expression, j.cron_zone, j.every_ms,"
            + " j.grace_ms, j.max_runtime_ms, j.min_runtime_ms, j.health_consecutive_failures,"
            + " j.health_failure_without_success_ms, j.health_recover_after, j.created_at, j.updated_at, j.execution,"
            + " j.depends_on";
    /** How many columns {@link #COLUMNS} has: a row's later columns start after them. */
    static final int COUNT = 23;
    static final String FROM = " FROM jobs j JOIN projects p ON p.id = j.project_id";

    /** The definition columns, in the order of {@link #definition}. */
    static final String DEFINITION = "slug, name, description, owner, tags, schedule_kind, cron_expression,"
            + " cron_zone, every_ms, grace_ms, max_runtime_ms, min_runtime_ms, health_consecutive_failures,"
            + " health_failure_without_success_ms, health_recover_after, updated_at, execution,"
            + " depends_on";

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
                h.failureWithoutSuccessFor(), h.recoverAfter(), j.updatedAt(), ExecutionJson.write(j.execution()),
                j.dependsOn().isEmpty() ? null : Tags.toJson(j.dependsOn())};
    }

    /** Maps a row whose first columns are {@link #COLUMNS}, by position, in their order. */
    static Job map(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        UUID uuid = UUID.fromString(rs.getString(2));
        long projectId = rs.getLong(3);
        String project = rs.getString(4);
        String slug = rs.getString(5);
        String name = rs.getString(6);
        String description = rs.getString(7);
        String owner = rs.getString(8);
        List<String> tags = Tags.fromJson(rs.getString(9));
        Schedule schedule = schedule(rs.getString(10), rs.getString(11), rs.getString(12), Rows.millis(rs, 13));
        Duration grace = Rows.millis(rs, 14);
        Duration maxRuntime = Rows.millis(rs, 15);
        Duration minRuntime = Rows.millis(rs, 16);
        HealthPolicy health = new HealthPolicy(rs.getInt(17), Duration.ofMillis(rs.getLong(18)), rs.getInt(19));
        return new Job(id, uuid, projectId, project, slug, name, description, owner, tags, schedule, grace, maxRuntime,
                minRuntime, health, Rows.instant(rs, 20), Rows.instant(rs, 21), ExecutionJson.read(rs.getString(22)),
                rs.getString(23) == null ? List.of() : Tags.fromJson(rs.getString(23)));
    }

    private static Schedule schedule(String kind, String cronExpression, String cronZone, Duration every) {
        return switch (kind) {
            case "cron" -> new Schedule.Cron(cronExpression, ZoneId.of(cronZone));
            case "every" -> new Schedule.Every(every);
            case "none" -> Schedule.none();
            default -> throw new IllegalStateException("unknown schedule kind '" + kind + "' (indicates a bug)");
        };
    }
}

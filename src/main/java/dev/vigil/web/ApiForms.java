package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alert.ChannelRegistry;
import dev.vigil.domain.Actor;
import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.Channel;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.security.ApiKeys;
import dev.vigil.security.Sight;
import dev.vigil.store.Transactor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The API's own readers and views of what can be defined, for jobs as code ({@code web.definitions})
 * and the dashboard's forms: the same rules as the API's routes, not a copy. Readers throw {@link ValidationException} naming a
 * field relative to the object read; views are the definition only, without ids, times or state, so
 * that two of them are equal exactly when the definitions mean the same.
 */
public final class ApiForms {
    /** The fields of a job definition (PUT /api/v1/jobs/{project}/{slug}), the managed ones included. */
    public static final Set<String> JOB_FIELDS = JobInput.ALL_FIELDS;
    public static final Set<String> CHANNEL_FIELDS = Set.of("kind", "name", "config", "fallback");
    private static final Set<String> CHANNEL_READ_ONLY = Set.of("id", "createdAt", "failing", "failingSince", "failingError");

    private ApiForms() {}

    public static Job job(JsonNode body, Project project, String slug, Instant now) {
        return JobInput.read(body, project, slug, now);
    }

    /** A job's definition as the API shows it (every secret included), without its state. */
    public static Map<String, Object> job(Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", job.name());
        m.put("description", job.description());
        m.put("owner", job.owner());
        m.put("tags", job.tags());
        m.put("dependsOn", job.dependsOn());
        m.put("schedule", Views.schedule(job.schedule()));
        m.put("grace", job.grace() == null ? null : dev.vigil.schedule.Durations.format(job.grace()));
        m.put("maxRuntime", Views.format(job.maxRuntime()));
        m.put("minRuntime", Views.format(job.minRuntime()));
        m.put("healthPolicy", Map.of(
                "consecutiveFailures", job.health().consecutiveFailures(),
                "failureWithoutSuccessFor", dev.vigil.schedule.Durations.format(job.health().failureWithoutSuccessFor()),
                "recoverAfter", job.health().recoverAfter()));
        if (job.execution() != null) m.putAll(Views.execution(job.execution(), true));
        return m;
    }

    /**
     * A channel as POST /api/v1/projects/{project}/channels reads it: kind, name, config (checked by
     * the channel's kind) and fallback.
     */
    public static Channel channel(JsonNode body, ChannelRegistry registry, long projectId, Instant now) {
        Fields.rejectUnknown(body, "", CHANNEL_FIELDS, CHANNEL_READ_ONLY);
        String kind = Fields.text(body, "kind", 40);
        if (kind == null) throw new ValidationException("kind", "is required; one of " + registry.kinds());
        String name = Fields.text(body, "name", 100);
        if (name == null || name.isBlank()) throw new ValidationException("name", "is required");
        JsonNode cfg = body.get("config");
        if (cfg != null && !cfg.isNull() && !cfg.isObject()) throw new ValidationException("config", "must be an object");
        String configJson = cfg == null || cfg.isNull() ? "{}" : cfg.toString();
        registry.validate(kind, configJson);
        JsonNode fallback = body.get("fallback");
        if (fallback != null && !fallback.isNull() && !fallback.isBoolean()) {
            throw new ValidationException("fallback", "must be true or false");
        }
        return new Channel(0, projectId, kind, name, configJson, now, fallback != null && fallback.asBoolean(), null, null);
    }

    /** A channel's definition, its config as a JSON tree (secrets included). */
    public static Map<String, Object> channel(Channel c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", c.kind());
        m.put("config", AuditLog.parse(c.config()));
        m.put("fallback", c.fallback());
        return m;
    }

    public static Map<String, Object> policy(EscalationPolicy p) {
        Map<String, Object> m = AlertRuleViews.policy(p);
        m.remove("createdAt");
        m.remove("name");
        return m;
    }

    public static Map<String, Object> route(AlertRoute r) {
        return AlertRuleViews.route(r);
    }

    /** A maintenance window as POST .../maintenance-windows reads it; {@code job} must pass {@code jobExists}. */
    public static MaintenanceWindow window(JsonNode body, long projectId, Predicate<String> jobExists, String createdBy, Instant now) {
        return SuppressionInput.window(body, projectId, jobExists, createdBy, now);
    }

    public static Map<String, Object> window(MaintenanceWindow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job", w.job());
        m.put("tag", w.tag());
        m.put("cron", w.cron());
        m.put("duration", dev.vigil.schedule.Durations.format(w.duration()));
        m.put("timezone", w.timezone());
        m.put("comment", w.comment());
        return m;
    }

    /** Refuses (409) to delete a channel that the project's routes or escalation policies name. */
    public static void refuseIfUsed(dev.vigil.store.Tx tx, Project p, String channel) {
        AlertRuleRoutes.refuseIfUsed(tx, p, channel);
    }

    /** Runs a reader whose errors name a field relative to its object, so that they name it below {@code at}. */
    public static <T> T at(String at, java.util.function.Supplier<T> read) {
        return AlertRuleInput.in(at, read);
    }

    /**
     * A job as {@code PATCH} reads it: the fields of {@code patch} replace those of {@code current},
     * a JSON null clears one.
     */
    public static Job patched(Job current, JobState state, JsonNode patch, Project project, Instant now) {
        JsonNode merged = JobInput.merge(Json.MAPPER.valueToTree(Views.job(current, state, "", now, Sight.ALL)), patch);
        return JobInput.read(merged, project, current.slug(), now);
    }

    /** {@code POST /api/v1/projects}: {@code slug} and {@code name}; recorded in the audit log by {@code actor}. */
    public static Project createProject(Transactor store, AuditLog audit, Actor actor, JsonNode body, Instant now) {
        Fields.rejectUnknown(body, "", Set.of("slug", "name"), Set.of());
        String slug = Project.checkSlug(Fields.text(body, "slug", 64), "slug");
        String name = Fields.text(body, "name", 200);
        if (name != null && name.isBlank()) throw new ValidationException("name", "must not be blank");
        return store.write(tx -> {
            Project created = tx.projects().insert(slug, name == null ? slug : name,
                    ApiKeys.random(ProjectRoutes.PING_KEY_LENGTH), now);
            audit.record(tx, actor, "project.create", created.id(), created.slug(), null, Views.project(created, false));
            return created;
        });
    }
}

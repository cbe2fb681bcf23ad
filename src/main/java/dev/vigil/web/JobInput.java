package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.Project;
import dev.vigil.domain.Schedule;
import dev.vigil.domain.ValidationException;
import dev.vigil.schedule.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a job definition from JSON (PRODUCT.md §2 field names). Unknown fields are errors, so a typo
 * never silently drops a setting; the read-only fields of a job's own JSON are ignored, so what GET
 * returns can be sent back with PUT.
 *
 * <p>{@code health} is the health policy object on input; in a job's JSON it is the current health
 * and the policy is {@code healthPolicy} (both accepted here).
 */
final class JobInput {
    static final Set<String> FIELDS = Set.of("name", "description", "owner", "tags", "schedule", "cron", "timezone",
            "every", "grace", "maxRuntime", "minRuntime", "health", "healthPolicy", "dependsOn");
    static final Set<String> ALL_FIELDS = union(FIELDS, ExecutionInput.FIELDS);
    static final Set<String> READ_ONLY = Set.of("project", "slug", "uniqueKey", "uuid", "pingUrl", "status", "paused",
            "lastStartedAt", "lastSucceededAt", "lastFailedAt", "lastPingAt", "nextDeadline", "nextFireTimes",
            "createdAt", "updatedAt", "scheduleText", "effectiveGrace", "statusSince", "alerting", "expectedAt");
    private static final Set<String> SCHEDULE_FIELDS = Set.of("cron", "timezone", "every");
    private static final Set<String> HEALTH_FIELDS = Set.of("consecutiveFailures", "failureWithoutSuccessFor", "recoverAfter");

    private JobInput() {}

    static Job read(JsonNode body, Project project, String slug, Instant now) {
        Fields.rejectUnknown(body, "", ALL_FIELDS, READ_ONLY);
        Duration maxRuntime = Fields.duration(body, "maxRuntime", true);
        Duration minRuntime = Fields.duration(body, "minRuntime", true);
        if (maxRuntime != null && minRuntime != null && minRuntime.compareTo(maxRuntime) >= 0) {
            throw new ValidationException("minRuntime", "must be less than maxRuntime");
        }
        String name = Fields.text(body, "name", 200);
        return new Job(0, UUID.randomUUID(), project.id(), project.slug(), slug, name == null ? slug : name,
                Fields.lines(body, "description", 10_000), Fields.text(body, "owner", 200),
                tags(body), schedule(body), Fields.duration(body, "grace", false), maxRuntime, minRuntime,
                healthPolicy(body), now, now, ExecutionInput.read(body, slug), dependsOn(body, slug));
    }

    /** Slugs of jobs in the same project; the upstream need not exist yet (jobs are defined in any order). */
    private static List<String> dependsOn(JsonNode body, String slug) {
        List<String> upstreams = Fields.strings(body, "dependsOn", 50, 64);
        for (int i = 0; i < upstreams.size(); i++) {
            Project.checkSlug(upstreams.get(i), "dependsOn[" + i + "]");
            if (upstreams.get(i).equals(slug)) {
                throw new ValidationException("dependsOn[" + i + "]", "a job cannot depend on itself");
            }
        }
        return upstreams.stream().distinct().toList();
    }

    /**
     * PATCH: the fields present replace those of {@code current}; a JSON null clears an optional one.
     * A lone {@code cron} keeps the current time zone and a lone {@code timezone} moves the current
     * cron schedule, so that {@code {"timezone": "Europe/Paris"}} does what it says.
     */
    static JsonNode merge(JsonNode current, JsonNode patch) {
        ObjectNode merged = ((ObjectNode) current).deepCopy();
        Fields.rejectUnknown(patch, "", ALL_FIELDS, READ_ONLY);
        if (patch.hasNonNull("command")) merged.remove("http");
        if (patch.hasNonNull("http")) merged.remove("command");
        JsonNode currentSchedule = current.get("schedule");
        String currentZone = currentSchedule != null && currentSchedule.has("timezone")
                ? currentSchedule.get("timezone").asText() : null;
        ObjectNode flat = patch.deepCopy();
        if (flat.has("cron") && !flat.has("timezone") && currentZone != null) flat.put("timezone", currentZone);
        if (flat.has("timezone") && !flat.has("cron") && !flat.has("schedule")) {
            if (currentSchedule == null || !currentSchedule.has("cron")) {
                throw new ValidationException("timezone", "applies only to a cron schedule");
            }
            flat.put("cron", currentSchedule.get("cron").asText());
        }
        if (flat.has("schedule") || flat.has("cron") || flat.has("every")) {
            merged.remove(List.of("schedule", "cron", "timezone", "every"));
        }
        if (flat.has("healthPolicy") || flat.path("health").isObject()) merged.remove(List.of("health", "healthPolicy"));
        flat.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
        return merged;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }

    private static List<String> tags(JsonNode body) {
        List<String> tags = Fields.strings(body, "tags", 50, 64);
        for (String t : tags) {
            if (!t.matches("[A-Za-z0-9_.:/=-]+")) {
                throw new ValidationException("tags", "'" + t + "' may contain only letters, digits and _ . : / = -");
            }
        }
        return tags;
    }

    private static Schedule schedule(JsonNode body) {
        JsonNode node = body;
        String prefix = "";
        JsonNode nested = body.get("schedule");
        if (nested != null && !nested.isNull()) {
            if (body.has("cron") || body.has("every")) {
                throw new ValidationException("schedule", "give either a schedule object or cron/every, not both");
            }
            if (!nested.isObject()) throw new ValidationException("schedule", "must be an object with cron (+ timezone) or every");
            Fields.rejectUnknown(nested, "schedule.", SCHEDULE_FIELDS, Set.of("text"));
            node = nested;
            prefix = "schedule.";
        }
        JsonNode fields = node;
        String cron = prefixed(prefix, () -> Fields.text(fields, "cron", 200));
        String every = prefixed(prefix, () -> Fields.text(fields, "every", 64));
        String zone = prefixed(prefix, () -> Fields.text(fields, "timezone", 64));
        if (cron != null && every != null) throw new ValidationException(prefix + "every", "give either cron or every, not both");
        if (cron != null) return prefixed(prefix, () -> Schedules.parseCron(cron, zone));
        if (zone != null) throw new ValidationException(prefix + "timezone", "applies only to a cron schedule");
        if (every != null) return prefixed(prefix, () -> Schedules.parseEvery(every));
        return Schedule.none();
    }

    /** Errors of a nested object name their field with its path, e.g. {@code schedule.every}. */
    private static <T> T prefixed(String prefix, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ValidationException e) {
            if (prefix.isEmpty() || e.field() == null) throw e;
            throw new ValidationException(prefix + e.field(), e.getMessage().substring(e.field().length() + 2));
        }
    }

    private static HealthPolicy healthPolicy(JsonNode body) {
        JsonNode node = body.get("healthPolicy");
        String name = "healthPolicy";
        if (node == null || node.isNull()) {
            node = body.get("health");
            name = "health";
        }
        if (node == null || node.isNull() || node.isTextual()) return HealthPolicy.DEFAULT;
        if (!node.isObject()) throw new ValidationException(name, "must be an object");
        Fields.rejectUnknown(node, name + ".", HEALTH_FIELDS, Set.of());
        JsonNode policy = node;
        Integer failures = prefixed("health.", () -> Fields.integer(policy, "consecutiveFailures"));
        Duration window = prefixed("health.", () -> Fields.duration(policy, "failureWithoutSuccessFor", true));
        Integer recover = prefixed("health.", () -> Fields.integer(policy, "recoverAfter"));
        return new HealthPolicy(
                failures == null ? HealthPolicy.DEFAULT_CONSECUTIVE_FAILURES : failures,
                window == null ? HealthPolicy.DEFAULT_FAILURE_WITHOUT_SUCCESS_FOR : window,
                recover == null ? HealthPolicy.DEFAULT_RECOVER_AFTER : recover);
    }
}

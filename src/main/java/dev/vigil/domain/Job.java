package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A job's definition, as the user wrote it (PRODUCT.md §2). {@code grace}, {@code maxRuntime} and
 * {@code minRuntime} are null when not set; defaults are applied where they are used, so that a
 * definition read back is the definition written.
 *
 * @param id        internal numeric id, unique across projects
 * @param uuid      immutable public id used in ping URLs
 * @param projectId the owning project's id; {@code project} is its slug
 * @param execution how Vigil runs the job; null for a job that is only watched
 * @param dependsOn slugs of jobs in the same project this one needs: while one of them has an open
 *                  incident, this job's incidents are inhibited (recorded, not paged separately)
 */
public record Job(
        long id,
        UUID uuid,
        long projectId,
        String project,
        String slug,
        String name,
        String description,
        String owner,
        List<String> tags,
        Schedule schedule,
        Duration grace,
        Duration maxRuntime,
        Duration minRuntime,
        HealthPolicy health,
        Instant createdAt,
        Instant updatedAt,
        Execution execution,
        List<String> dependsOn) {

    public static final Duration MIN_DEFAULT_GRACE = Duration.ofMinutes(1);
    public static final Duration MAX_DEFAULT_GRACE = Duration.ofHours(1);

    public Job {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(createdAt, "createdAt");
        tags = tags == null ? List.of() : List.copyOf(tags);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }

    /** A job that depends on no other. */
    public Job(long id, UUID uuid, long projectId, String project, String slug, String name, String description,
               String owner, List<String> tags, Schedule schedule, Duration grace, Duration maxRuntime,
               Duration minRuntime, HealthPolicy health, Instant createdAt, Instant updatedAt, Execution execution) {
        this(id, uuid, projectId, project, slug, name, description, owner, tags, schedule, grace, maxRuntime,
                minRuntime, health, createdAt, updatedAt, execution, List.of());
    }

    /**
     * The grace in force: the one set, else 10% of the schedule's interval, at least 1 minute and at
     * most 1 hour (PRODUCT.md §2).
     */
    public Duration effectiveGrace(Duration typicalInterval) {
        if (grace != null) return grace;
        Duration tenth = typicalInterval.dividedBy(10);
        if (tenth.compareTo(MIN_DEFAULT_GRACE) < 0) return MIN_DEFAULT_GRACE;
        return tenth.compareTo(MAX_DEFAULT_GRACE) > 0 ? MAX_DEFAULT_GRACE : tenth;
    }

    /** The same definition with another id and timestamps: used when storing. */
    public Job withIdentity(long id, UUID uuid, long projectId, Instant createdAt, Instant updatedAt) {
        return new Job(id, uuid, projectId, project, slug, name, description, owner, tags, schedule,
                grace, maxRuntime, minRuntime, health, createdAt, updatedAt, execution, dependsOn);
    }

    /** Whether Vigil runs this job itself (it has an execution), as opposed to only watching it. */
    public boolean isManaged() {
        return execution != null;
    }

    public String key() {
        return project + "/" + slug;
    }
}

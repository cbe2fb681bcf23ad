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
 * @param uuid      immutable id used in ping URLs: a secret, since whoever knows it can ping the job
 *                  (only operator keys and above see it; see {@link #uniqueKey()} for the id anyone may see)
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

    /** For logs: names the job, never its uuid (it can ping) or its environment (it may hold credentials). */
    @Override
    public String toString() {
        return "Job[" + key() + ", id " + id + "]";
    }

    /**
     * The job's id for everyone who must not be able to ping it (read-only keys, alert receivers,
     * logs): stable for the life of the job, unique across installations, and one-way, so it cannot
     * be turned back into the ping URL. Derived from the uuid like Healthchecks' {@code unique_key}:
     * the first 16 bytes of SHA-256 over {@code vigil-job:<uuid>}, as 32 hex digits.
     */
    public String uniqueKey() {
        return uniqueKey(uuid);
    }

    private static final java.util.regex.Pattern UUID_TEXT = java.util.regex.Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * {@code text} with every uuid in it replaced by the unique key of the job it would be: for
     * notification keys stored by earlier versions ({@code vigil-<uuid>-<incident>-…}), shown or
     * logged where the uuid must not be. Null stays null.
     */
    public static String withUniqueKeys(String text) {
        if (text == null) return null;
        return UUID_TEXT.matcher(text).replaceAll(r -> uniqueKey(UUID.fromString(r.group())));
    }

    /** {@link #uniqueKey()} of the job with this uuid. */
    public static String uniqueKey(UUID uuid) {
        byte[] hash;
        try {
            hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("vigil-job:" + uuid).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256; indicates a broken JVM", e);
        }
        return java.util.HexFormat.of().formatHex(hash, 0, 16);
    }
}

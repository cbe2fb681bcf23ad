package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A recurring maintenance window: it begins at each fire time of {@code cron} in {@code timezone}
 * and lasts {@code duration}; while it is in force, notifications of matching jobs are held and
 * recorded as suppressed. Matches like a {@link Silence}: one job, a tag, or the whole project.
 */
public record MaintenanceWindow(long id, long projectId, String name, String job, String tag, String cron,
                                Duration duration, String timezone, String comment, String createdBy,
                                Instant createdAt) {

    public boolean matches(Job j) {
        if (job != null) return job.equals(j.slug());
        if (tag != null) return j.tags().contains(tag);
        return true;
    }
}

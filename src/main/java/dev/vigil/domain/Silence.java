package dev.vigil.domain;

import java.time.Instant;

/**
 * A one-off silence: while it is in force, notifications of matching jobs' incidents are held and
 * recorded as suppressed. It matches one job ({@code job}), the jobs with a tag ({@code tag}), or,
 * with neither, the whole project.
 *
 * @param job       a job's slug, or null
 * @param tag       a tag, or null
 * @param createdBy the API key's name that created it
 */
public record Silence(long id, long projectId, String job, String tag, Instant startsAt, Instant endsAt,
                      String comment, String createdBy, Instant createdAt) {

    public boolean activeAt(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    public boolean matches(Job j) {
        if (job != null) return job.equals(j.slug());
        if (tag != null) return j.tags().contains(tag);
        return true;
    }
}

package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Project;
import dev.vigil.domain.Schedule;
import dev.vigil.domain.Silence;
import dev.vigil.domain.ValidationException;
import dev.vigil.schedule.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads silences and maintenance windows from JSON (docs/alert-rules.md). Both match one job
 * ({@code job}, a slug that must exist), the jobs with a tag ({@code tag}), or the whole project.
 */
public final class SuppressionInput {
    static final Duration MAX_SILENCE_AHEAD = Duration.ofDays(365);
    static final Duration MAX_WINDOW = Duration.ofDays(7);
    private static final Set<String> SILENCE_FIELDS = Set.of("job", "tag", "startsAt", "endsAt", "duration", "comment");
    static final Set<String> WINDOW_FIELDS = Set.of("name", "job", "tag", "cron", "duration", "timezone", "comment");
    private static final Set<String> SILENCE_READ_ONLY = Set.of("id", "createdBy", "createdAt", "active");
    private static final Set<String> WINDOW_READ_ONLY = Set.of("id", "createdBy", "createdAt", "activeUntil", "nextStart");

    private SuppressionInput() {}

    public static Silence silence(JsonNode body, long projectId, Predicate<String> jobExists, String createdBy, Instant now) {
        Fields.rejectUnknown(body, "", SILENCE_FIELDS, SILENCE_READ_ONLY);
        String job = job(body, jobExists);
        String tag = tag(body, job);
        Instant startsAt = Fields.instant(body, "startsAt");
        if (startsAt == null) startsAt = now;
        Instant endsAt = Fields.instant(body, "endsAt");
        Duration duration = Fields.duration(body, "duration", true);
        if (endsAt != null && duration != null) throw new ValidationException("duration", "give either endsAt or duration, not both");
        if (endsAt == null && duration == null) throw new ValidationException("endsAt", "is required (or give a duration)");
        String endField = endsAt != null ? "endsAt" : "duration";
        if (endsAt == null) endsAt = startsAt.plus(duration);
        if (!endsAt.isAfter(startsAt)) throw new ValidationException(endField, "must end after it starts (" + startsAt + ")");
        if (!endsAt.isAfter(now)) throw new ValidationException(endField, "must end in the future");
        if (endsAt.isAfter(now.plus(MAX_SILENCE_AHEAD))) throw new ValidationException(endField, "must end within a year from now");
        return new Silence(0, projectId, job, tag, startsAt, endsAt, comment(body), createdBy, now);
    }

    public static MaintenanceWindow window(JsonNode body, long projectId, Predicate<String> jobExists, String createdBy, Instant now) {
        Fields.rejectUnknown(body, "", WINDOW_FIELDS, WINDOW_READ_ONLY);
        String name = Fields.text(body, "name", 100);
        if (name == null || name.isBlank()) throw new ValidationException("name", "is required");
        String job = job(body, jobExists);
        String tag = tag(body, job);
        String cron = Fields.text(body, "cron", 200);
        if (cron == null) throw new ValidationException("cron", "is required, e.g. \"0 2 * * 0\" for Sundays at 02:00");
        if (!cron.strip().startsWith("@") && cron.strip().split("\\s+").length != 5) {
            throw new ValidationException("cron", "must have 5 fields (minute hour day-of-month month day-of-week)");
        }
        Schedule.Cron schedule = Schedules.parseCron(cron, Fields.text(body, "timezone", 64));
        Duration duration = Fields.duration(body, "duration", true);
        if (duration == null) throw new ValidationException("duration", "is required, e.g. 2h");
        if (duration.compareTo(MAX_WINDOW) > 0) throw new ValidationException("duration", "must be at most 7d");
        return new MaintenanceWindow(0, projectId, name, job, tag, schedule.expression(), duration, schedule.zone().getId(),
                comment(body), createdBy, now);
    }

    private static String job(JsonNode body, Predicate<String> jobExists) {
        String job = Fields.text(body, "job", 64);
        if (job == null) return null;
        Project.checkSlug(job, "job");
        if (!jobExists.test(job)) throw new ValidationException("job", "no job '" + job + "' in this project");
        return job;
    }

    private static String tag(JsonNode body, String job) {
        String tag = Fields.text(body, "tag", 64);
        if (tag != null && job != null) throw new ValidationException("tag", "give a job or a tag, not both (neither: the whole project)");
        if (tag != null && tag.isBlank()) throw new ValidationException("tag", "must not be blank");
        return tag;
    }

    private static String comment(JsonNode body) {
        String comment = Fields.lines(body, "comment", 1_000);
        if (comment == null || comment.isBlank()) throw new ValidationException("comment", "is required: say why");
        return comment;
    }
}

package dev.vigil.web;

import dev.vigil.domain.Schedule;
import dev.vigil.domain.ValidationException;
import dev.vigil.schedule.Schedules;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A schedule read from {@code cron} (+ {@code timezone}) or {@code every}, in words, with its next
 * fire times: what {@code GET /api/v1/schedules/preview} answers and the dashboard's form shows as
 * one types.
 *
 * @param zone the zone fire times are shown in: the cron schedule's, else UTC
 */
public record SchedulePreview(Schedule schedule, String text, ZoneId zone, List<Instant> fireTimes) {

    /** Exactly one of {@code cron} and {@code every}; errors name the API's query parameters. */
    public static SchedulePreview of(String cron, String timezone, String every, Instant from, int count) {
        if ((cron == null) == (every == null)) throw new ValidationException("cron", "give exactly one of cron or every");
        Schedule schedule = cron != null ? Schedules.parseCron(cron, timezone) : Schedules.parseEvery(every);
        ZoneId zone = schedule instanceof Schedule.Cron c ? c.zone() : ZoneId.of("UTC");
        return new SchedulePreview(schedule, Schedules.describe(schedule), zone, Schedules.fireTimes(schedule).next(from, count));
    }
}

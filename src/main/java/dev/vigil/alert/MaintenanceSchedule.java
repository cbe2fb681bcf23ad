package dev.vigil.alert;

import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Schedule;
import dev.vigil.schedule.FireTimes;
import dev.vigil.schedule.Schedules;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * When a recurring {@link MaintenanceWindow} is in force. Its occurrences begin at the fire times of
 * its cron expression in its time zone — under the same DST rule as job schedules (docs/schedules.md):
 * a start in a skipped hour moves to the end of the gap, a start in a repeated hour happens once — and
 * each lasts the window's duration of elapsed time.
 */
public final class MaintenanceSchedule {
    private MaintenanceSchedule() {}

    /**
     * The end of the occurrence in force at {@code now}: that of the latest start at or before
     * {@code now}, if it has not ended yet (an occurrence covers {@code [start, start + duration)}).
     * Empty when no occurrence is in force.
     */
    public static Optional<Instant> activeUntil(MaintenanceWindow w, Instant now) {
        return fireTimes(w).previous(now).map(start -> start.plus(w.duration())).filter(now::isBefore);
    }

    /** The first start strictly after {@code now}; null if the expression never fires again. */
    public static Instant nextStart(MaintenanceWindow w, Instant now) {
        return fireTimes(w).next(now).orElse(null);
    }

    /** Whether an occurrence is in force at {@code now}. */
    public static boolean inForce(MaintenanceWindow w, Instant now) {
        return activeUntil(w, now).isPresent();
    }

    // Stored windows were validated; Schedules caches compiled expressions, so a call parses nothing.
    private static FireTimes fireTimes(MaintenanceWindow w) {
        return Schedules.fireTimes(new Schedule.Cron(w.cron(), ZoneId.of(w.timezone())));
    }
}

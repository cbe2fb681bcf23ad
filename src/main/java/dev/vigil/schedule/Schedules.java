package dev.vigil.schedule;

import dev.vigil.domain.Schedule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/** The entry point: validate user input into {@link Schedule}s and evaluate them. */
public final class Schedules {

    private static final ZoneId UTC = ZoneId.of("UTC");
    /**
     * Compiled cron schedules by definition. Compiling costs tens of microseconds and many jobs share
     * an expression; FireTimes are immutable, so sharing them is safe. Bounded: cleared when full.
     */
    private static final int MAX_COMPILED = 10_000;
    private static final java.util.concurrent.ConcurrentHashMap<Schedule.Cron, FireTimes> COMPILED =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Schedules() {
    }

    /**
     * Compiles a schedule for evaluation. Compiling a cron expression parses it; keep the result.
     * <ul>
     *   <li>{@code cron}: fire times follow the DST rule (docs/schedules.md);</li>
     *   <li>{@code every}: no fixed grid; {@code next(a)} is {@code a + interval}, relative to the
     *       anchor the caller passes (its last observation), and {@code previous(x)} is {@code x};</li>
     *   <li>none: never fires; {@code typicalInterval()} is zero.</li>
     * </ul>
     *
     * @throws InvalidScheduleException if a cron expression stored unvalidated is not valid
     */
    public static FireTimes fireTimes(Schedule schedule) {
        return switch (schedule) {
            case Schedule.Cron cron -> {
                FireTimes known = COMPILED.get(cron);
                if (known != null) yield known;
                if (COMPILED.size() >= MAX_COMPILED) COMPILED.clear();
                yield COMPILED.computeIfAbsent(cron, c -> new CronFireTimes(CronCompiler.compile(c.expression()), c.zone()));
            }
            case Schedule.Every every -> new EveryFireTimes(every.interval());
            case Schedule.None none -> new NoFireTimes();
        };
    }

    /**
     * Validates a cron expression (5 fields, 6 with seconds first, or a macro such as {@code @daily})
     * and a time zone (IANA name; null or blank means UTC).
     *
     * @throws InvalidScheduleException with field "cron" or "timezone"
     */
    public static Schedule.Cron parseCron(String expression, String timezone) {
        CronCompiler.compile(expression);
        return new Schedule.Cron(expression.strip(), parseZone(timezone));
    }

    /**
     * A time zone by IANA name such as {@code Europe/London}; null or blank means UTC.
     *
     * @throws InvalidScheduleException with field "timezone"
     */
    public static ZoneId parseZone(String timezone) {
        if (timezone == null || timezone.isBlank() || timezone.strip().equalsIgnoreCase("UTC")) {
            return UTC;
        }
        try {
            return ZoneId.of(timezone.strip());
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("timezone", "unknown time zone '" + timezone.strip() + "'");
        }
    }

    /**
     * Validates an {@code every} duration ({@code 30s}, {@code 15m}, {@code 1h30m}, {@code PT4H}).
     *
     * @throws InvalidScheduleException with field "every" unless it is a positive duration
     */
    public static Schedule.Every parseEvery(String text) {
        Duration interval = Durations.parse(text, "every");
        if (interval.isZero()) {
            throw new InvalidScheduleException("every", "must be greater than 0");
        }
        return new Schedule.Every(interval);
    }

    /** The schedule in words, e.g. "every day at 02:30 (Europe/London)" or "every 30s". */
    public static String describe(Schedule schedule) {
        return switch (schedule) {
            case Schedule.Cron cron -> CronDescriber.describe(cron.expression(), cron.zone());
            case Schedule.Every every -> "every " + Durations.format(every.interval());
            case Schedule.None none -> "no schedule (on demand)";
        };
    }
}

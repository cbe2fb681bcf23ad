package dev.vigil.schedule;

import dev.vigil.domain.Schedule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/** The entry point: validate user input into {@link Schedule}s and evaluate them. */
public final class Schedules {

    private static final ZoneId UTC = ZoneId.of("UTC");
    /** Shorter would be a busy loop, not a schedule: a managed job runs, a watched job is due, this often. */
    public static final Duration MIN_EVERY = Duration.ofSeconds(1);
    public static final Duration MAX_EVERY = Duration.ofDays(366);
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
     * and a time zone (IANA name; null means UTC). An expression no date can match, such as
     * 30 February, is refused: a job on it would silently never be watched.
     *
     * @throws InvalidScheduleException with field "cron" or "timezone"
     */
    public static Schedule.Cron parseCron(String expression, String timezone) {
        if (!CronCompiler.compile(expression).canFire()) {
            throw new InvalidScheduleException("cron", "'" + expression.strip()
                    + "' never fires: no month has the day of the month it names");
        }
        return new Schedule.Cron(expression.strip(), parseZone(timezone));
    }

    /**
     * A time zone by IANA name such as {@code Europe/London}; null means UTC. Empty text is refused
     * rather than read as UTC: a client that sends it has lost a value somewhere.
     *
     * @throws InvalidScheduleException with field "timezone"
     */
    public static ZoneId parseZone(String timezone) {
        if (timezone == null || timezone.strip().equalsIgnoreCase("UTC")) {
            return UTC;
        }
        if (timezone.isBlank()) {
            throw new InvalidScheduleException("timezone", "is empty; give an IANA name such as Europe/London, or leave it out for UTC");
        }
        try {
            return ZoneId.of(timezone.strip());
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("timezone", "unknown time zone '" + timezone.strip() + "'");
        }
    }

    /**
     * Validates an {@code every} duration ({@code 30s}, {@code 15m}, {@code 1h30m}, {@code PT4H}),
     * from {@link #MIN_EVERY} to {@link #MAX_EVERY}.
     *
     * @throws InvalidScheduleException with field "every"
     */
    public static Schedule.Every parseEvery(String text) {
        return new Schedule.Every(Durations.parse(text, "every", MIN_EVERY, MAX_EVERY));
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

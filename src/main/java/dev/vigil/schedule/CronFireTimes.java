package dev.vigil.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Optional;

/**
 * Fire times of a cron expression in a time zone, under the DST rule of PRODUCT.md §3:
 * <ul>
 *   <li>fixed hours (wall clock): each matching local date-time fires once, at its first occurrence
 *       in a repeated hour, and at the end of the gap when it was skipped — see {@link WallClock};</li>
 *   <li>hour field '*' or a step (elapsed time): every instant whose local time matches fires, so
 *       twice in a repeated hour and not at all for skipped local times.</li>
 * </ul>
 * Searches run over local date-times with {@link CronPattern} and are bounded by {@link #HORIZON_YEARS}.
 */
final class CronFireTimes implements FireTimes {

    /** Longer than the longest gap of any expression that can fire (29 February on a weekday: 40 years). */
    static final int HORIZON_YEARS = 50;

    // Past this, date arithmetic nears the limits of java.time; no schedule needs it.
    private static final Instant MIN = LocalDate.of(-100_000, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
    private static final Instant MAX = LocalDate.of(100_000, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
    private static final LocalDateTime TYPICAL_FROM = LocalDateTime.of(2025, 1, 6, 0, 0);
    private static final int TYPICAL_SAMPLE = 20;

    private final CronPattern pattern;
    private final ZoneRules rules;
    private final WallClock wall;
    private final boolean canFire;
    // Computed on first use: many jobs never ask, and a racing second computation gives the same value.
    private volatile Duration typicalInterval;

    CronFireTimes(CronPattern pattern, ZoneId zone) {
        this.pattern = pattern;
        this.rules = zone.getRules();
        this.wall = new WallClock(rules);
        this.canFire = pattern.canFire();
    }

    @Override
    public Optional<Instant> next(Instant after) {
        if (!canFire || after.isBefore(MIN) || !after.isBefore(MAX)) {
            return Optional.empty();
        }
        return pattern.elapsedHours() ? nextElapsed(after) : nextWall(after);
    }

    @Override
    public Optional<Instant> previous(Instant atOrBefore) {
        if (!canFire || !atOrBefore.isAfter(MIN) || atOrBefore.isAfter(MAX)) {
            return Optional.empty();
        }
        return pattern.elapsedHours() ? previousElapsed(atOrBefore) : previousWall(atOrBefore);
    }

    private Optional<Instant> nextWall(Instant after) {
        LocalDateTime mark = wall.highWaterMark(after);
        LocalDateTime local = pattern.nextAtOrAfter(mark.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1),
                mark.toLocalDate().plusYears(HORIZON_YEARS));
        return local == null ? Optional.empty() : Optional.of(wall.fireInstant(local));
    }

    private Optional<Instant> previousWall(Instant atOrBefore) {
        LocalDateTime mark = wall.highWaterMark(atOrBefore).truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime local = pattern.previousAtOrBefore(mark, mark.toLocalDate().minusYears(HORIZON_YEARS));
        return local == null ? Optional.empty() : Optional.of(wall.fireInstant(local));
    }

    /** Walks the stretches of constant UTC offset; within one, local time is just instant + offset. */
    private Optional<Instant> nextElapsed(Instant after) {
        Instant from = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Instant stop = LocalDateTime.ofInstant(after, ZoneOffset.UTC).plusYears(HORIZON_YEARS).toInstant(ZoneOffset.UTC);
        while (from.isBefore(stop)) {
            ZoneOffset offset = rules.getOffset(from);
            ZoneOffsetTransition t = rules.nextTransition(from);
            Instant end = t == null || t.getInstant().isAfter(stop) ? stop : t.getInstant();
            LocalDateTime local = pattern.nextAtOrAfter(LocalDateTime.ofInstant(from, offset),
                    LocalDateTime.ofInstant(end, offset).toLocalDate());
            if (local != null && local.toInstant(offset).isBefore(end)) {
                return Optional.of(local.toInstant(offset));
            }
            from = end;
        }
        return Optional.empty();
    }

    private Optional<Instant> previousElapsed(Instant atOrBefore) {
        Instant upTo = atOrBefore.truncatedTo(ChronoUnit.SECONDS);
        Instant stop = LocalDateTime.ofInstant(upTo, ZoneOffset.UTC).minusYears(HORIZON_YEARS).toInstant(ZoneOffset.UTC);
        while (!upTo.isBefore(stop)) {
            ZoneOffset offset = rules.getOffset(upTo);
            ZoneOffsetTransition t = rules.previousTransition(upTo.plusSeconds(1));
            Instant start = t == null || t.getInstant().isBefore(stop) ? stop : t.getInstant();
            LocalDateTime local = pattern.previousAtOrBefore(LocalDateTime.ofInstant(upTo, offset),
                    LocalDateTime.ofInstant(start, offset).toLocalDate());
            if (local != null && !local.toInstant(offset).isBefore(start)) {
                return Optional.of(local.toInstant(offset));
            }
            upTo = start.minusSeconds(1);
        }
        return Optional.empty();
    }

    /** The smallest gap between consecutive matches from a fixed date, in local time: DST plays no part. */
    @Override
    public Duration typicalInterval() {
        Duration known = typicalInterval;
        if (known == null) {
            known = sampleInterval();
            typicalInterval = known;
        }
        return known;
    }

    private Duration sampleInterval() {
        if (!canFire) {
            return Duration.ZERO;
        }
        Duration smallest = null;
        LocalDateTime previous = pattern.nextAtOrAfter(TYPICAL_FROM, TYPICAL_FROM.toLocalDate().plusYears(HORIZON_YEARS));
        for (int i = 1; i < TYPICAL_SAMPLE && previous != null; i++) {
            LocalDateTime next = pattern.nextAtOrAfter(previous.plusSeconds(1), previous.toLocalDate().plusYears(HORIZON_YEARS));
            if (next != null) {
                Duration gap = Duration.between(previous, next);
                smallest = smallest == null || gap.compareTo(smallest) < 0 ? gap : smallest;
            }
            previous = next;
        }
        return smallest == null ? Duration.ZERO : smallest;
    }
}

package dev.vigil.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Maps between local date-times of one zone and instants for the wall-clock DST rule: a local
 * date-time L fires at the earliest instant whose local time is at or past L. That is L itself when
 * it occurs once, its first occurrence in a repeated hour, and the end of the gap when L was skipped.
 */
record WallClock(ZoneRules rules) {

    // No real zone repeats more than a day of wall time in one transition; looking back two days
    // covers every transition that can still hold local time back.
    private static final Duration OVERLAP_LOOKBACK = Duration.ofDays(2);

    /** The instant local date-time {@code local} fires at, following the rule above. */
    Instant fireInstant(LocalDateTime local) {
        if (rules.isFixedOffset()) {
            return local.toInstant(rules.getOffset(Instant.EPOCH));
        }
        ZoneOffsetTransition t = rules.getTransition(local);
        if (t == null) {
            return local.toInstant(rules.getOffset(local));
        }
        // Gap: the first instant after it. Overlap: the first occurrence, before the clocks went back.
        return t.isGap() ? t.getInstant() : local.toInstant(t.getOffsetBefore());
    }

    /**
     * The latest local time shown by the wall clock at any instant up to {@code at}: the local time
     * of {@code at}, unless the clock went back shortly before and has not caught up yet. Local times
     * up to this mark have fired by {@code at}; later ones have not. Local times just before a
     * fall-back are approached but never reached again, hence the nanosecond taken off.
     */
    LocalDateTime highWaterMark(Instant at) {
        LocalDateTime mark = LocalDateTime.ofInstant(at, rules.getOffset(at));
        if (rules.isFixedOffset()) {
            return mark;
        }
        Instant lookback = at.minus(OVERLAP_LOOKBACK);
        ZoneOffsetTransition t = rules.previousTransition(at.plusNanos(1));
        while (t != null && t.getInstant().isAfter(lookback)) {
            if (t.isOverlap()) {
                LocalDateTime beforeBack = t.getDateTimeBefore().minusNanos(1);
                if (beforeBack.isAfter(mark)) {
                    mark = beforeBack;
                }
            }
            t = rules.previousTransition(t.getInstant());
        }
        return mark;
    }
}

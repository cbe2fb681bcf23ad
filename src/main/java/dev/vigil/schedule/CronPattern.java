package dev.vigil.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * A compiled cron expression: one bit mask per field, matched against local date-times with no
 * notion of time zone (the DST rule lives in {@link CronFireTimes}). Searching with masks instead of
 * calling cron-utils per candidate keeps a lookup to bit operations on a day or two.
 *
 * @param seconds      bits 0-59
 * @param minutes      bits 0-59
 * @param hours        bits 0-23
 * @param daysOfMonth  bits 1-31
 * @param months       bits 1-12
 * @param daysOfWeek   bits 0-6, 0 = Sunday
 * @param domStar      day-of-month field starts with '*' (Vixie cron's test for "unrestricted")
 * @param dowStar      day-of-week field starts with '*'
 * @param elapsedHours hour field is '*' or a step: fires at instants of elapsed time (see docs)
 */
record CronPattern(long seconds, long minutes, long hours, long daysOfMonth, long months, long daysOfWeek,
                   boolean domStar, boolean dowStar, boolean elapsedHours) {

    private static final int[] MAX_DAYS = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    /**
     * Unix cron (Vixie, cronie): if either day field is unrestricted the day must match both (the
     * unrestricted one matches every day anyway); if both are restricted, either one suffices.
     */
    boolean dayMatches(LocalDate date) {
        boolean dom = has(daysOfMonth, date.getDayOfMonth());
        boolean dow = has(daysOfWeek, date.getDayOfWeek().getValue() % 7);
        return domStar || dowStar ? dom && dow : dom || dow;
    }

    /** False when no date can ever match, e.g. 30 February; lets searches give up at once. */
    boolean canFire() {
        boolean someDate = false;
        for (int month = 1; month <= 12; month++) {
            if (has(months, month) && (daysOfMonth & ((1L << (MAX_DAYS[month] + 1)) - 2)) != 0) {
                someDate = true;
            }
        }
        // Every valid month/day, 29 February included, falls on each weekday in some year.
        return domStar || dowStar ? someDate && daysOfWeek != 0 : someDate || daysOfWeek != 0;
    }

    /** The first matching local date-time at or after {@code from}, or null if none up to {@code limit}. */
    LocalDateTime nextAtOrAfter(LocalDateTime from, LocalDate limit) {
        LocalDateTime start = from.getNano() == 0 ? from : from.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        LocalDate date = start.toLocalDate();
        int second = start.toLocalTime().toSecondOfDay();
        while (!date.isAfter(limit)) {
            if (!has(months, date.getMonthValue())) {
                date = date.withDayOfMonth(1).plusMonths(1);
                second = 0;
                continue;
            }
            if (dayMatches(date)) {
                int found = nextSecondOfDay(second);
                if (found >= 0) {
                    return date.atTime(LocalTime.ofSecondOfDay(found));
                }
            }
            date = date.plusDays(1);
            second = 0;
        }
        return null;
    }

    /** The last matching local date-time at or before {@code from}, or null if none down to {@code limit}. */
    LocalDateTime previousAtOrBefore(LocalDateTime from, LocalDate limit) {
        LocalDate date = from.toLocalDate();
        int second = from.toLocalTime().toSecondOfDay();
        while (!date.isBefore(limit)) {
            if (!has(months, date.getMonthValue())) {
                date = date.withDayOfMonth(1).minusDays(1);
                second = 86_399;
                continue;
            }
            if (dayMatches(date)) {
                int found = previousSecondOfDay(second);
                if (found >= 0) {
                    return date.atTime(LocalTime.ofSecondOfDay(found));
                }
            }
            date = date.minusDays(1);
            second = 86_399;
        }
        return null;
    }

    private int nextSecondOfDay(int from) {
        int h = from / 3600, m = from / 60 % 60, s = from % 60;
        for (int hh = nextBit(hours, h); hh >= 0; hh = nextBit(hours, hh + 1)) {
            for (int mm = nextBit(minutes, hh == h ? m : 0); mm >= 0; mm = nextBit(minutes, mm + 1)) {
                int ss = nextBit(seconds, hh == h && mm == m ? s : 0);
                if (ss >= 0) {
                    return hh * 3600 + mm * 60 + ss;
                }
            }
        }
        return -1;
    }

    private int previousSecondOfDay(int from) {
        int h = from / 3600, m = from / 60 % 60, s = from % 60;
        for (int hh = previousBit(hours, h); hh >= 0; hh = previousBit(hours, hh - 1)) {
            for (int mm = previousBit(minutes, hh == h ? m : 59); mm >= 0; mm = previousBit(minutes, mm - 1)) {
                int ss = previousBit(seconds, hh == h && mm == m ? s : 59);
                if (ss >= 0) {
                    return hh * 3600 + mm * 60 + ss;
                }
            }
        }
        return -1;
    }

    static boolean has(long mask, int bit) {
        return (mask >>> bit & 1L) != 0;
    }

    /** Lowest set bit at or above {@code from}, or -1. */
    static int nextBit(long mask, int from) {
        if (from >= 64) {
            return -1;
        }
        long rest = mask & (-1L << from);
        return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
    }

    /** Highest set bit at or below {@code from}, or -1. */
    static int previousBit(long mask, int from) {
        if (from < 0) {
            return -1;
        }
        long rest = from >= 63 ? mask : mask & ((1L << (from + 1)) - 1);
        return rest == 0 ? -1 : 63 - Long.numberOfLeadingZeros(rest);
    }
}

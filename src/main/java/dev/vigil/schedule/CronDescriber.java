package dev.vigil.schedule;

import java.time.DayOfWeek;
import java.time.Month;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Best-effort words for the common shapes of cron expressions; anything else is quoted as is. */
final class CronDescriber {

    private static final long WEEKDAYS = 0b0111110;
    private static final long WEEKEND = 0b1000001;

    private CronDescriber() {
    }

    static String describe(String expression, ZoneId zone) {
        String fallback = "cron '" + expression + "' (" + zone.getId() + ")";
        String[] f;
        CronPattern p;
        try {
            f = CronCompiler.fields(expression);
            p = CronCompiler.compile(expression);
        } catch (InvalidScheduleException e) {
            return fallback;
        }
        String in = " (" + zone.getId() + ")";
        boolean everyDay = isStar(f[3]) && isStar(f[4]) && isStar(f[5]);
        if (!f[0].equals("0")) {
            boolean restStar = everyDay && isStar(f[1]) && isStar(f[2]);
            int n = step(f[0]);
            return !restStar ? fallback : isStar(f[0]) ? "every second" : n > 0 && 60 % n == 0 ? "every " + n + " seconds" : fallback;
        }
        if (everyDay && isStar(f[2])) {
            int n = step(f[1]);
            if (isStar(f[1])) {
                return "every minute";
            }
            if (n > 0 && 60 % n == 0) {
                return "every " + n + " minutes";
            }
            if (isNumber(f[1])) {
                return Integer.parseInt(f[1]) == 0 ? "every hour" + in
                        : "at minute " + Integer.parseInt(f[1]) + " past every hour" + in;
            }
        }
        if (everyDay && isNumber(f[1]) && step(f[2]) > 0) {
            return "at minute " + Integer.parseInt(f[1]) + " past every " + ordinal(step(f[2])) + " hour" + in;
        }
        if (!isNumber(f[1]) || !isNumber(f[2])) {
            return fallback;
        }
        String at = " at " + String.format(Locale.ROOT, "%02d:%02d", Integer.parseInt(f[2]), Integer.parseInt(f[1])) + in;
        if (everyDay) {
            return "every day" + at;
        }
        if (isStar(f[3]) && isStar(f[4]) && !f[5].contains("/")) {
            return "every " + days(p.daysOfWeek()) + at;
        }
        if (isNumber(f[3]) && isStar(f[4]) && isStar(f[5])) {
            return "every month on day " + Integer.parseInt(f[3]) + at;
        }
        if (isNumber(f[3]) && Long.bitCount(p.months()) == 1 && isStar(f[5])) {
            String month = Month.of(Long.numberOfTrailingZeros(p.months())).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            return "every year on " + month + " " + Integer.parseInt(f[3]) + at;
        }
        return fallback;
    }

    private static String days(long mask) {
        if (mask == WEEKDAYS) {
            return "weekday (Monday to Friday)";
        }
        if (mask == WEEKEND) {
            return "Saturday and Sunday";
        }
        List<String> names = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) { // Monday first, as people list them
            if (CronPattern.has(mask, d.getValue() % 7)) {
                names.add(d.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
            }
        }
        String last = names.removeLast();
        return names.isEmpty() ? last : String.join(", ", names) + " and " + last;
    }

    private static boolean isStar(String field) {
        return field.equals("*");
    }

    private static boolean isNumber(String field) {
        return !field.isEmpty() && field.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** N for a step over the whole range ('*', '/', N), else -1. */
    private static int step(String field) {
        return field.startsWith("*/") && isNumber(field.substring(2)) ? Integer.parseInt(field.substring(2)) : -1;
    }

    private static String ordinal(int n) {
        if (n == 1) {
            return "";
        }
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }
}

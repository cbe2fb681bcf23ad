package dev.vigil.schedule;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Durations as users write them: compact ({@code 30s}, {@code 15m}, {@code 4h}, {@code 1d},
 * {@code 500ms}, {@code 1h30m}) or ISO-8601 ({@code PT1H30M}). A day is always 24 hours of elapsed
 * time here: durations measure elapsed time, never calendar days.
 */
public final class Durations {

    // Largest unit first: the compact form must list units in this order, each at most once, so
    // that a text has one meaning ("1m1h" is almost certainly a typo, not 61 minutes).
    private static final String[] UNITS = {"d", "h", "m", "s", "ms"};
    private static final Duration[] UNIT_LENGTHS = {
        Duration.ofDays(1), Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMillis(1)
    };
    private static final String EXAMPLES =
            "use a number with a unit (ms, s, m, h, d) such as 30s, 15m, 1h30m, or ISO-8601 such as PT1H30M";

    private Durations() {
    }

    /**
     * Parses a non-negative duration. Callers that need a positive one check that themselves.
     *
     * @param field the JSON field name, used in the error
     * @throws InvalidScheduleException if the text is empty, negative or not a duration
     */
    public static Duration parse(String text, String field) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new InvalidScheduleException(field, "is empty; " + EXAMPLES);
        }
        if (t.startsWith("-")) {
            throw new InvalidScheduleException(field, "'" + t + "' is negative; a duration must not be negative");
        }
        return t.charAt(0) == 'P' || t.charAt(0) == 'p' ? parseIso(t, field) : parseCompact(t, field);
    }

    private static Duration parseIso(String t, String field) {
        try {
            Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new InvalidScheduleException(field, "'" + t + "' is negative; a duration must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new InvalidScheduleException(field, "'" + t + "' is not a duration; " + EXAMPLES);
        }
    }

    private static Duration parseCompact(String t, String field) {
        Duration total = Duration.ZERO;
        int pos = 0;
        int nextUnit = 0; // index into UNITS of the smallest unit still allowed
        while (pos < t.length()) {
            int digitsEnd = pos;
            while (digitsEnd < t.length() && Character.isDigit(t.charAt(digitsEnd))) {
                digitsEnd++;
            }
            int unitEnd = digitsEnd;
            while (unitEnd < t.length() && Character.isLetter(t.charAt(unitEnd))) {
                unitEnd++;
            }
            String unit = t.substring(digitsEnd, unitEnd);
            int u = unitIndex(unit);
            if (digitsEnd == pos || u < 0) {
                String why = digitsEnd == pos ? ""
                        : unitEnd == t.length() && unit.isEmpty() ? " (missing unit)"
                        : unit.isEmpty() ? "" : " (unknown unit '" + unit + "')";
                throw new InvalidScheduleException(field, "'" + t + "' is not a duration" + why + "; " + EXAMPLES);
            }
            if (u < nextUnit) {
                throw new InvalidScheduleException(field,
                        "'" + t + "' is not a duration: units must go from largest to smallest, each once (e.g. 1h30m)");
            }
            try {
                long amount = Long.parseLong(t, pos, digitsEnd, 10);
                total = total.plus(UNIT_LENGTHS[u].multipliedBy(amount));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new InvalidScheduleException(field, "'" + t + "' is too large");
            }
            nextUnit = u + 1;
            pos = unitEnd;
        }
        return total;
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The compact form of a non-negative duration ({@code 1h30m}, {@code 45s}, {@code 1d},
     * {@code 250ms}, {@code 0s}); such that {@code parse(format(d), f).equals(d)}. Durations with a
     * sub-millisecond part, which the compact form cannot express, come out in ISO-8601.
     */
    public static String format(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration " + d + " cannot be formatted; indicates a bug");
        }
        if (d.isZero()) {
            return "0s";
        }
        if (d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        StringBuilder out = new StringBuilder();
        Duration rest = d;
        for (int i = 0; i < UNITS.length; i++) {
            long n = rest.dividedBy(UNIT_LENGTHS[i]);
            if (n > 0) {
                out.append(n).append(UNITS[i]);
                rest = rest.minus(UNIT_LENGTHS[i].multipliedBy(n));
            }
        }
        return out.toString();
    }
}

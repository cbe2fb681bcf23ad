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
     * The longest duration Vigil reads anywhere (10 years). Each setting has its own, lower limit; this
     * one keeps instant arithmetic ({@code now + ttl}, {@code toMillis()}) far from overflow whatever
     * the caller.
     */
    public static final Duration MAX = Duration.ofDays(3650);

    /**
     * Parses a duration from 0 to {@link #MAX}. Callers that need a positive one check that themselves.
     *
     * @param field the JSON field name, used in the error
     * @throws InvalidScheduleException if the text is empty, negative, too long or not a duration
     */
    public static Duration parse(String text, String field) {
        return parse(text, field, Duration.ZERO, MAX);
    }

    /**
     * Parses a duration from {@code min} to {@code max} (at most {@link #MAX}); a value out of bounds,
     * however large, is an error naming the field and the bound, never an overflow.
     *
     * @throws InvalidScheduleException if the text is not a duration or is out of bounds
     */
    public static Duration parse(String text, String field, Duration min, Duration max) {
        if (max.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("max " + max + " is above Durations.MAX; indicates a bug");
        }
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new InvalidScheduleException(field, "is empty; " + EXAMPLES);
        }
        if (t.startsWith("-")) {
            throw new InvalidScheduleException(field, "'" + t + "' is negative; a duration must not be negative");
        }
        Duration d = t.charAt(0) == 'P' || t.charAt(0) == 'p' ? parseIso(t, field) : parseCompact(t, field);
        if (d == null || d.compareTo(max) > 0) {
            throw new InvalidScheduleException(field, "must be at most " + format(max));
        }
        if (d.compareTo(min) < 0) {
            throw new InvalidScheduleException(field, "must be at least " + format(min));
        }
        return d;
    }

    private static Duration parseIso(String t, String field) {
        try {
            Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new InvalidScheduleException(field, "'" + t + "' is negative; a duration must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            if (e.getCause() instanceof ArithmeticException || e.getCause() instanceof NumberFormatException) {
                return null; // digits that overflow: too large
            }
            throw new InvalidScheduleException(field, "'" + t + "' is not a duration; " + EXAMPLES);
        }
    }

    /** Null when the value is too large to represent: the caller reports its own bound. */
    private static Duration parseCompact(String t, String field) {
        Duration total = Duration.ZERO;
        int pos = 0;
        int nextUnit = 0; // index into UNITS of the smallest unit still allowed
        boolean tooLarge = false;
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
            if (!tooLarge) {
                try {
                    long amount = Long.parseLong(t, pos, digitsEnd, 10);
                    total = total.plus(UNIT_LENGTHS[u].multipliedBy(amount));
                } catch (NumberFormatException | ArithmeticException e) {
                    tooLarge = true; // keep checking the syntax: a typo is reported as a typo
                }
            }
            nextUnit = u + 1;
            pos = unitEnd;
        }
        return tooLarge ? null : total;
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

package dev.vigil.web.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times and durations as people read them; templates call these. */
public final class Human {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** Epoch seconds of 0000-01-01, 0001-01-01 and 10000-01-01 UTC: the years printed by hand. */
    private static final long YEAR_0 = -62_167_219_200L, YEAR_1 = -62_135_596_800L, YEAR_10000 = 253_402_300_800L;

    private Human() {}

    /** {@code 850 ms}, {@code 4.2 s}, {@code 3 min 5 s}, {@code 2 h 5 min}, {@code 3 d 4 h}. */
    public static String duration(Duration d) {
        if (d == null) return "";
        long ms = Math.max(0, d.toMillis());
        if (ms < 1_000) return ms + " ms";
        if (ms < 10_000) return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        long s = ms / 1000;
        if (s < 60) return s + " s";
        if (s < 3600) return pair(s / 60, "min", s % 60, "s");
        if (s < 86_400) return pair(s / 3600, "h", s % 3600 / 60, "min");
        return pair(s / 86_400, "d", s % 86_400 / 3600, "h");
    }

    private static String pair(long major, String majorUnit, long minor, String minorUnit) {
        return minor == 0 ? major + " " + majorUnit : major + " " + majorUnit + " " + minor + " " + minorUnit;
    }

    /** The instant in UTC, the server-side text of a {@code <time>} the browser rewrites in the viewer's zone. */
    public static String utc(Instant at) {
        if (at == null) return "";
        // A board prints thousands of these: years 0001-9999 by hand, the formatter for the rest.
        if (at.getEpochSecond() < YEAR_1 || at.getEpochSecond() >= YEAR_10000) return UTC.format(at);
        LocalDateTime t = LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0, ZoneOffset.UTC);
        char[] c = dateTime(t, ' ', 23);
        c[19] = ' ';
        c[20] = 'U';
        c[21] = 'T';
        c[22] = 'C';
        return new String(c);
    }

    /** The machine form for {@code <time datetime>}: {@link Instant#toString()}. */
    public static String iso(Instant at) {
        if (at == null) return "";
        if (at.getEpochSecond() < YEAR_0 || at.getEpochSecond() >= YEAR_10000) return at.toString();
        LocalDateTime t = LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0, ZoneOffset.UTC);
        int nanos = at.getNano();
        // As ISO_INSTANT: the fraction in groups of three digits, as many as it needs.
        int digits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        char[] c = dateTime(t, 'T', 20 + (digits == 0 ? 0 : digits + 1));
        int i = 19;
        if (digits > 0) {
            c[i++] = '.';
            int value = nanos / (digits == 3 ? 1_000_000 : digits == 6 ? 1_000 : 1);
            for (int d = digits - 1; d >= 0; d--, value /= 10) c[i + d] = (char) ('0' + value % 10);
            i += digits;
        }
        c[i] = 'Z';
        return new String(c);
    }

    /** {@code yyyy-MM-dd?HH:mm:ss} in the first 19 chars of a new array of {@code length}. */
    private static char[] dateTime(LocalDateTime t, char separator, int length) {
        char[] c = new char[length];
        digits(c, 0, t.getYear(), 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = separator;
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        return c;
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--, value /= 10) c[i] = (char) ('0' + value % 10);
    }
}

package dev.vigil.web.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times and durations as people read them; templates call these. */
public final class Human {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

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
        return at == null ? "" : UTC.format(at);
    }

    /** The machine form for {@code <time datetime>}. */
    public static String iso(Instant at) {
        return at == null ? "" : at.toString();
    }
}

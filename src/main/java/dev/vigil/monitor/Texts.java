package dev.vigil.monitor;

import java.time.Duration;
import java.time.Instant;

/** Small text helpers for reasons and event data written by the rules. */
final class Texts {
    private Texts() {}

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (d.toMillis() % 1000 != 0 || s == 0) return d.toMillis() + "ms";
        StringBuilder out = new StringBuilder();
        long days = s / 86_400, hours = s / 3600 % 24, minutes = s / 60 % 60, seconds = s % 60;
        if (days > 0) out.append(days).append('d');
        if (hours > 0) out.append(hours).append('h');
        if (minutes > 0) out.append(minutes).append('m');
        if (seconds > 0) out.append(seconds).append('s');
        return out.toString();
    }

    static String json(String key, Instant value) {
        return "{\"" + key + "\":\"" + value + "\"}";
    }
}

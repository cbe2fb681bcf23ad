package dev.vigil.monitor;

import dev.vigil.schedule.Durations;
import java.time.Duration;
import java.time.Instant;

/** Small text helpers for reasons and event data written by the rules. */
final class Texts {
    private Texts() {}

    static String duration(Duration d) {
        return Durations.format(d);
    }

    static String json(String key, Instant value) {
        return "{\"" + key + "\":\"" + value + "\"}";
    }
}

package dev.vigil.domain;

import java.util.Locale;

/** What caused a run. Runs reported by pings or {@code vigil run} are {@code external}. */
public enum Trigger {
    SCHEDULE, MANUAL, RETRY, UPSTREAM, EXTERNAL;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static Trigger fromWire(String s) {
        return Enums.fromWire(Trigger.class, s, "trigger");
    }
}

package dev.vigil.domain;

import java.util.Locale;

/** Everything that can happen to a job. The event log is append-only; status is its projection. */
public enum EventKind {
    STARTED, SUCCEEDED, FAILED, LOG, PROGRESS,
    LATE, MISSED, OVERDUE,
    PAUSED, RESUMED, CANCELLED, CREATED, UPDATED,
    STATUS_CHANGED, HEALTH_CHANGED, ALERT_SENT;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static EventKind fromWire(String s) {
        return Enums.fromWire(EventKind.class, s, "kind");
    }
}

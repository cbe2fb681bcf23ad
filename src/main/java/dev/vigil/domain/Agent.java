package dev.vigil.domain;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A worker that runs managed jobs, as the server last heard of it.
 *
 * @param instance     random per agent process: a second process under a live name is refused
 * @param lastSeenAt   its last poll (its heartbeat)
 * @param keyId        the API key it registered with, which the name belongs to; null for the embedded
 *                     agent, and for a name no key holds (registered before keys held names, or its key
 *                     was deleted)
 */
public record Agent(String name, String instance, Kind kind, List<String> labels, int capacity, State state,
                    String version, Instant registeredAt, Instant lastSeenAt, Long keyId) {

    public Agent {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    public enum Kind {
        EMBEDDED, REMOTE;

        public String wire() { return name().toLowerCase(Locale.ROOT); }

        public static Kind fromWire(String s) { return Enums.fromWire(Kind.class, s, "kind"); }
    }

    /** {@code connected} polls; {@code draining} finishes its runs and takes no more; {@code lost} stopped polling; {@code left} said goodbye. */
    public enum State {
        CONNECTED, DRAINING, LOST, LEFT;

        public String wire() { return name().toLowerCase(Locale.ROOT); }

        public static State fromWire(String s) { return Enums.fromWire(State.class, s, "state"); }

        public boolean live() { return this == CONNECTED || this == DRAINING; }
    }

    public Agent seen(Instant at, State next) {
        return new Agent(name, instance, kind, labels, capacity, next, version, registeredAt, at, keyId);
    }
}

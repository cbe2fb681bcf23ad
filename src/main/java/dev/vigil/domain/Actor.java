package dev.vigil.domain;

import java.util.Locale;

/**
 * Who made a change, for the audit log: an API key, a dashboard session opened with a key, a ping
 * with the project's ping key ({@code ?create=1}), or Vigil itself (start-up configuration); and the
 * client address it came from.
 *
 * @param keyId   the key acted as; null for the system and for an unknown key
 * @param name    the key's name, or what was tried ("unknown key")
 * @param address the client's address; null for the system
 */
public record Actor(Kind kind, Long keyId, String name, String address) {
    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, null, "vigil", null);
    /** A ping with the project's ping key that created a job ({@code ?create=1}). */
    public static final Actor PING = new Actor(Kind.PING, null, "ping key", null);

    public enum Kind {
        KEY, SESSION, SYSTEM, PING;

        public String wire() { return name().toLowerCase(Locale.ROOT); }
    }

    public static Actor key(ApiKey key, String address) {
        return new Actor(Kind.KEY, key.id(), key.name(), address);
    }

    public static Actor session(ApiKey key, String address) {
        return new Actor(Kind.SESSION, key.id(), key.name(), address);
    }
}

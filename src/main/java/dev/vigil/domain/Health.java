package dev.vigil.domain;

import java.util.Locale;

/** Whether a job needs attention by the rules of its {@link HealthPolicy}; alerts follow this. */
public enum Health {
    HEALTHY, UNHEALTHY;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static Health fromWire(String s) {
        return Enums.fromWire(Health.class, s, "health");
    }
}

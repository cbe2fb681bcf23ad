package dev.vigil.domain;

import java.util.Locale;

/**
 * What the dashboard colours: the job's last observation. Every status has a text label besides its
 * colour (and the dashboard draws an icon for each), so colour is never the only signal.
 */
public enum Status {
    NEW("New", Colour.GREY),
    PAUSED("Paused", Colour.GREY),
    RUNNING("Running", Colour.YELLOW),
    UP("Up", Colour.GREEN),
    LATE("Late", Colour.ORANGE),
    FAILED("Failed", Colour.RED),
    MISSED("Missed", Colour.RED),
    OVERDUE("Overdue", Colour.RED);

    public enum Colour { GREY, YELLOW, GREEN, ORANGE, RED }

    private final String label;
    private final Colour colour;

    Status(String label, Colour colour) {
        this.label = label;
        this.colour = colour;
    }

    public String label() { return label; }
    public Colour colour() { return colour; }

    /** The wire name: lower case, as in JSON and query parameters. */
    public String wire() { return name().toLowerCase(Locale.ROOT); }

    /** Dead-man states: the job did not run or did not finish in time. They alert on their own. */
    public boolean isDeadMan() { return this == MISSED || this == OVERDUE; }

    public static Status fromWire(String s) {
        return Enums.fromWire(Status.class, s, "status");
    }
}

package dev.vigil.web.ui;

import dev.vigil.domain.RunState;
import dev.vigil.domain.Status;
import java.util.Map;

/**
 * Status icons as inline SVG drawn in the text colour: they look the same on every machine, where
 * Unicode symbols depend on the fonts installed (a headless browser without a symbol font draws
 * empty boxes). Decorative: the label next to each icon says the same.
 */
public final class Icons {
    private static final String OPEN = "<svg class=\"ico\" viewBox=\"0 0 16 16\" width=\"14\" height=\"14\" aria-hidden=\"true\" focusable=\"false\""
            + " fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\">";
    private static final Map<String, String> SHAPES = Map.ofEntries(
            Map.entry("circle", "<circle cx=\"8\" cy=\"8\" r=\"5.5\"/>"),
            Map.entry("pause", "<path d=\"M5.5 3.5v9M10.5 3.5v9\"/>"),
            Map.entry("play", "<path d=\"M5 3l8 5-8 5z\" fill=\"currentColor\"/>"),
            Map.entry("check", "<path d=\"M3 8.5l3.2 3.2L13 4.8\"/>"),
            Map.entry("clock", "<circle cx=\"8\" cy=\"8\" r=\"6\"/><path d=\"M8 4.5V8l2.5 1.8\"/>"),
            Map.entry("cross", "<path d=\"M4 4l8 8M12 4l-8 8\"/>"),
            Map.entry("ban", "<circle cx=\"8\" cy=\"8\" r=\"6\"/><path d=\"M3.8 12.2l8.4-8.4\"/>"),
            Map.entry("hourglass", "<path d=\"M4 2h8M4 14h8M5 2c0 4 6 4 6 6s-6 2-6 6M11 2c0 4-6 4-6 6s6 2 6 6\"/>"),
            Map.entry("arrow", "<path d=\"M2 8h10M9 5l3 3-3 3\"/>"),
            Map.entry("alert", "<path d=\"M8 2L1.5 14h13z\"/><path d=\"M8 6.5v3.5M8 12v.2\"/>"),
            Map.entry("stop", "<rect x=\"4\" y=\"4\" width=\"8\" height=\"8\" fill=\"currentColor\"/>"),
            Map.entry("skip", "<path d=\"M3 11c1-5 7-6 9-2M12 5v4H8\"/>"),
            Map.entry("lines", "<path d=\"M3 4h10M3 8h10M3 12h6\"/>"),
            Map.entry("dots", "<path d=\"M3.5 8h.1M8 8h.1M12.5 8h.1\" stroke-width=\"3\"/>"),
            Map.entry("pencil", "<path d=\"M10.5 2.5l3 3L6 13H3v-3z\"/>"),
            Map.entry("mail", "<rect x=\"2\" y=\"3.5\" width=\"12\" height=\"9\" rx=\"1\"/><path d=\"M2.5 4.5L8 9l5.5-4.5\"/>"),
            Map.entry("dot", "<circle cx=\"8\" cy=\"8\" r=\"2.5\" fill=\"currentColor\"/>"),
            Map.entry("bang", "<circle cx=\"8\" cy=\"8\" r=\"6\"/><path d=\"M8 4.8v3.6M8 11v.2\"/>"),
            Map.entry("user", "<circle cx=\"8\" cy=\"5.5\" r=\"2.5\"/><path d=\"M3 14c0-3 2.2-4.5 5-4.5s5 1.5 5 4.5\"/>"),
            Map.entry("wave", "<path d=\"M1.5 8c1.5-4 3-4 4.5 0s3 4 4.5 0 3-4 4.5 0\"/>"),
            Map.entry("heart", "<path d=\"M8 13.5S2 10 2 6a3 3 0 0 1 6-1 3 3 0 0 1 6 1c0 4-6 7.5-6 7.5z\"/>"),
            Map.entry("heart-broken", "<path d=\"M8 13.5S2 10 2 6a3 3 0 0 1 6-1 3 3 0 0 1 6 1c0 4-6 7.5-6 7.5z\"/><path d=\"M8 5l-1.5 3 2.5 1.5L7.5 12\"/>"));

    private Icons() {}

    /** The SVG of a named shape; an unknown name is a bug in a template. */
    public static String svg(String name) {
        String shape = SHAPES.get(name);
        if (shape == null) throw new IllegalArgumentException("no icon '" + name + "' (indicates a bug)");
        return OPEN + shape + "</svg>";
    }

    public static String of(Status s) {
        return svg(switch (s) {
            case NEW -> "circle";
            case PAUSED -> "pause";
            case RUNNING -> "play";
            case UP -> "check";
            case LATE -> "clock";
            case FAILED -> "cross";
            case MISSED -> "ban";
            case OVERDUE -> "hourglass";
        });
    }

    public static String of(RunState s) {
        return svg(switch (s) {
            case QUEUED -> "clock";
            case DISPATCHED -> "arrow";
            case RUNNING -> "play";
            case SUCCEEDED -> "check";
            case FAILED -> "cross";
            case TIMED_OUT -> "hourglass";
            case LOST -> "alert";
            case CANCELLED -> "stop";
            case SKIPPED -> "skip";
        });
    }
}

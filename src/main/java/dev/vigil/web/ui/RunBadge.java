package dev.vigil.web.ui;

import dev.vigil.domain.RunState;
import java.util.Locale;

/** How a run's state looks: a colour and a label (the icon is {@link Icons#of(RunState)}), so colour is never the only signal. */
public final class RunBadge {
    private RunBadge() {}

    /** A colour class suffix of vigil.css ({@code s-grey}, {@code s-yellow}, {@code s-green}, {@code s-red}). */
    public static String colour(RunState s) {
        return switch (s) {
            case QUEUED, DISPATCHED, CANCELLED, SKIPPED -> "grey";
            case RUNNING -> "yellow";
            case SUCCEEDED -> "green";
            case FAILED, TIMED_OUT, LOST -> "red";
        };
    }

    /** {@code timed_out} reads "Timed out". */
    public static String label(RunState s) {
        String w = s.wire().replace('_', ' ');
        return w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1);
    }
}

package dev.vigil.schedule;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rewrites cron-utils' parse errors into messages for the person who typed the expression. */
final class CronMessages {

    static final String SYNTAX =
            "use numbers, names (JAN-DEC, SUN-SAT), '*', ranges (1-5), lists (1,15) and steps (*/10, 0-30/5)";

    // Only used on the error path, so regular expressions cost nothing where it matters.
    private static final Pattern VALUE = Pattern.compile("Value (\\d+) not in range \\[(\\d+), (\\d+)]");
    private static final Pattern PERIOD = Pattern.compile("Period (\\d+) not in range \\[(\\d+), (\\d+)]");
    private static final Pattern RANGE = Pattern.compile("Invalid range! \\[(\\d+),(\\d+)]");

    private CronMessages() {
    }

    static String explain(String field, IllegalArgumentException e) {
        String raw = e.getMessage() == null ? "" : e.getMessage();
        Matcher m = PERIOD.matcher(raw);
        if (m.find()) {
            return "step " + m.group(1) + " in '" + field + "' is out of range 1-" + m.group(3);
        }
        m = VALUE.matcher(raw);
        if (m.find()) {
            return m.group(1) + " is out of range " + m.group(2) + "-" + m.group(3);
        }
        m = RANGE.matcher(raw);
        if (m.find()) {
            return "range '" + field + "' runs backwards; the start must not be after the end";
        }
        if (raw.contains("Invalid chars") || raw.contains("For input string")) {
            return "'" + field + "' is not valid here; " + SYNTAX;
        }
        return "'" + field + "' is not valid (" + raw.replace("Failed to parse cron expression. ", "") + "); " + SYNTAX;
    }
}

package dev.vigil.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

/** How values read in a table: instants to the second, durations as {@code 2.1s}, {@code 3m04s}, {@code 1h02m}. */
final class Formats {
    private Formats() {}

    static String duration(JsonNode millis) {
        if (millis == null || millis.isNull()) return null;
        long ms = millis.asLong();
        if (ms < 10_000) return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        long s = ms / 1000;
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }

    /** An instant to the second, as people read it: {@code 2025-06-01T10:00:00Z}. */
    static String time(JsonNode node, String field) {
        String t = Table.text(node, field);
        return t == null ? null : t.replaceFirst("\\.\\d+Z$", "Z");
    }

    /** A run in one phrase: {@code failed, exit 3, after 2.1s}. */
    static String runOutcome(JsonNode run) {
        StringBuilder b = new StringBuilder(Table.text(run, "state"));
        String exit = Table.text(run, "exitCode");
        if (exit != null) b.append(", exit ").append(exit);
        String d = duration(run.get("durationMs"));
        if (d != null) b.append(", after ").append(d);
        String reason = Table.text(run, "reason");
        if (reason != null) b.append(" (").append(reason).append(')');
        return b.toString();
    }
}

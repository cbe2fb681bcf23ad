package dev.vigil.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The wording of an alert, shared by every channel so that an incident reads the same in an email,
 * a Slack message and a PagerDuty summary: what happened, to which job, since when, whose it is,
 * the last lines of output, and where to look.
 */
public final class AlertText {
    /** Lines of output quoted in chat and email messages. */
    public static final int OUTPUT_LINES = 10;
    /** Characters of output quoted at most: chat receivers cap message sizes. */
    public static final int OUTPUT_CHARS = 1_500;

    private AlertText() {}

    /** "DOWN", "WARNING", "FLAPPING", "ACKNOWLEDGED" or "RESOLVED". */
    public static String label(AlertMessage m) {
        if (m.isResolve()) return "RESOLVED";
        if (m.isAcknowledge()) return "ACKNOWLEDGED";
        if (m.flapping()) return "FLAPPING";
        return m.isCritical() ? "DOWN" : "WARNING";
    }

    /**
     * One line naming the job and what happened, e.g. {@code DOWN prod/nightly-backup: missed} or
     * {@code ACKNOWLEDGED prod/nightly-backup by alice}; repetitions say so.
     */
    public static String title(AlertMessage m) {
        StringBuilder t = new StringBuilder(label(m)).append(' ').append(m.jobKey());
        if (m.isAcknowledge()) {
            if (m.actor() != null) t.append(" by ").append(m.actor());
        } else if (m.isResolve() && m.actor() != null) {
            t.append(" by ").append(m.actor());
        } else if (m.status() != null) {
            t.append(": ").append(m.status());
            if (m.health() != null && !m.health().equals("healthy") && m.isDown()) t.append(", ").append(m.health());
        }
        if (m.repeat() > 0) t.append(" (reminder ").append(m.repeat()).append(')');
        else if (m.step() > 0) t.append(" (escalated)");
        return t.toString();
    }

    /** The title and the reason, one line: for receivers with a single summary field. */
    public static String summary(AlertMessage m) {
        String title = title(m);
        return m.reason() == null || m.reason().isBlank() ? title : title + " — " + m.reason();
    }

    /**
     * The facts as label/value pairs, in the order people read them: what, since, owner, tags,
     * comment. Absent facts are left out.
     */
    public static List<String[]> facts(AlertMessage m) {
        List<String[]> facts = new ArrayList<>();
        if (m.reason() != null) facts.add(new String[] {"What", m.reason()});
        if (m.status() != null) facts.add(new String[] {"Status", m.health() == null ? m.status() : m.status() + ", " + m.health()});
        facts.add(new String[] {"Severity", m.severity()});
        if (m.openedAt() != null) {
            String since = m.openedAt().toString();
            if (m.isResolve() && m.since() != null && !m.since().isBefore(m.openedAt())) {
                since += " (lasted " + human(Duration.between(m.openedAt(), m.since())) + ")";
            }
            facts.add(new String[] {m.isResolve() ? "Opened" : "Since", since});
        }
        if (m.owner() != null && !m.owner().isBlank()) facts.add(new String[] {"Owner", m.owner()});
        if (!m.tags().isEmpty()) facts.add(new String[] {"Tags", String.join(", ", m.tags())});
        if (m.actor() != null) facts.add(new String[] {m.isResolve() ? "Resolved by" : "Acknowledged by", m.actor()});
        if (m.comment() != null && !m.comment().isBlank()) facts.add(new String[] {"Comment", m.comment()});
        return facts;
    }

    /** The last lines of output, for quoting; null if there is none. */
    public static String output(AlertMessage m) {
        return m.lastOutputLines(OUTPUT_LINES, OUTPUT_CHARS);
    }

    /**
     * The whole alert as plain text: title, facts, output, links. Used by email and by receivers
     * that take one free-text description.
     */
    public static String plain(AlertMessage m) {
        StringBuilder b = new StringBuilder(title(m)).append("\n\n");
        for (String[] fact : facts(m)) b.append(fact[0]).append(": ").append(fact[1]).append('\n');
        String output = output(m);
        if (output != null) b.append("\nLast output:\n").append(output.indent(4));
        if (m.jobUrl() != null) b.append("\nJob: ").append(m.jobUrl()).append('\n');
        if (m.incidentUrl() != null) b.append("Incident: ").append(m.incidentUrl()).append('\n');
        return b.toString();
    }

    /** "2h 5m", "45s": how long an incident lasted. */
    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + "s";
        long m = s / 60;
        if (m < 60) return m + "m";
        long h = m / 60;
        if (h < 48) return h + "h" + (m % 60 == 0 ? "" : " " + (m % 60) + "m");
        return (h / 24) + "d" + (h % 24 == 0 ? "" : " " + (h % 24) + "h");
    }
}

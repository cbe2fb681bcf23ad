package dev.vigil.web.ui;

import dev.vigil.domain.Event;
import dev.vigil.domain.EventKind;
import dev.vigil.domain.Flip;
import dev.vigil.domain.Health;
import dev.vigil.domain.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's recent events and status flips in one list, newest first. A flip is also logged as a
 * {@code status_changed} event; the flip row says more (from and to, health), so it stands for both.
 * A flip is shown on the line of the event that caused it (the event logged just before its
 * {@code status_changed} event, at the same instant, for the same run), so a run start reads as
 * "Started · Up → Running", not as two lines.
 */
public record Timeline(JobView.Ref ref, List<Entry> entries) {
    /** How many events and how many flips are read. */
    static final int READ = 30;

    /**
     * One line of the timeline: an event ({@code kind} is its wire name) or a flip alone ({@code kind}
     * is {@code flip}); {@code from}/{@code to} and the health pair are set when the status changed.
     */
    public record Entry(Instant at, long order, String kind, String icon, String colour, String title, String message,
                        Long runId, Integer exitCode, Status from, Status to, Health fromHealth, Health toHealth) {
        public boolean statusChanged() {
            return to != null;
        }

        public boolean healthChanged() {
            return fromHealth != null && fromHealth != toHealth;
        }
    }

    /** @param events and @param flips newest first, each at most {@link #READ} long */
    static Timeline of(JobView.Ref ref, List<Event> events, List<Flip> flips) {
        Map<Long, Flip> unplaced = new LinkedHashMap<>();
        for (Flip f : flips) unplaced.put(f.id(), f);
        List<Entry> all = new ArrayList<>();
        Entry cause = null;
        // Oldest first: a status_changed event follows the event that caused its flip, at the same instant, for the same run.
        for (Event e : events.reversed()) {
            if (e.kind() != EventKind.STATUS_CHANGED) {
                cause = event(e);
                all.add(cause);
                continue;
            }
            Flip f = flipOf(e, unplaced);
            if (f != null && cause != null && !cause.statusChanged() && cause.at().equals(e.at()) && Objects.equals(cause.runId(), e.runId())) {
                all.set(all.size() - 1, withFlip(cause, f));
                unplaced.remove(f.id());
            }
            cause = null;
        }
        for (Flip f : unplaced.values()) all.add(flip(f));
        // When one list was cut at READ, older entries of the other would look like a quiet period that was not.
        Instant cutoff = null;
        if (events.size() >= READ) cutoff = events.getLast().at();
        if (flips.size() >= READ && (cutoff == null || flips.getLast().at().isAfter(cutoff))) cutoff = flips.getLast().at();
        Instant from = cutoff;
        return new Timeline(ref, all.stream().filter(x -> from == null || !x.at().isBefore(from))
                .sorted(Comparator.comparing(Entry::at).thenComparing(Entry::order).reversed()).toList());
    }

    private static final Pattern FLIP_ID = Pattern.compile("\"flipId\":(\\d+)");
    private static final Pattern TO = Pattern.compile("\"to\":\"([a-z_]+)\"");

    /**
     * The flip a status_changed event records: named by id in older events; otherwise the flip of
     * the same instant to the same status (the writer records both in one transaction).
     */
    private static Flip flipOf(Event e, Map<Long, Flip> unplaced) {
        long id = flipId(e.data());
        if (id >= 0) return unplaced.get(id);
        Matcher to = e.data() == null ? null : TO.matcher(e.data());
        if (to == null || !to.find()) return null;
        for (Flip f : unplaced.values()) {
            if (f.at().equals(e.at()) && f.toStatus().wire().equals(to.group(1))) return f;
        }
        return null;
    }

    private static long flipId(String data) {
        Matcher m = data == null ? null : FLIP_ID.matcher(data);
        return m != null && m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static Entry event(Event e) {
        String colour = switch (e.kind()) {
            case SUCCEEDED -> "green";
            case FAILED, MISSED, OVERDUE -> "red";
            case LATE -> "orange";
            case STARTED, PROGRESS -> "yellow";
            default -> "grey";
        };
        String icon = Icons.svg(switch (e.kind()) {
            case STARTED -> "play";
            case SUCCEEDED -> "check";
            case FAILED -> "cross";
            case LOG -> "lines";
            case PROGRESS -> "dots";
            case LATE -> "clock";
            case MISSED -> "ban";
            case OVERDUE -> "hourglass";
            case PAUSED -> "pause";
            case RESUMED -> "play";
            case CREATED, UPDATED -> "pencil";
            case ALERT_SENT -> "mail";
            default -> "dot";
        });
        String w = e.kind().wire().replace('_', ' ');
        return new Entry(e.at(), e.id(), e.kind().wire(), icon, colour, w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1),
                e.message(), e.runId(), e.exitCode(), null, null, null, null);
    }

    private static Entry flip(Flip f) {
        return new Entry(f.at(), f.id(), "flip", Icons.of(f.toStatus()), f.toStatus().colour().name().toLowerCase(Locale.ROOT),
                "Status changed", f.reason(), null, null, f.fromStatus(), f.toStatus(), f.fromHealth(), f.toHealth());
    }

    /** The event's line with the flip it caused; the flip's reason shows only if it says more than the event. */
    private static Entry withFlip(Entry e, Flip f) {
        String reason = f.reason() == null || f.reason().equalsIgnoreCase(e.kind()) ? null : f.reason();
        String message = e.message() != null && !e.message().isBlank() ? e.message() : reason;
        return new Entry(e.at(), e.order(), e.kind(), e.icon(), e.colour(), e.title(), message, e.runId(), e.exitCode(),
                f.fromStatus(), f.toStatus(), f.fromHealth(), f.toHealth());
    }
}

package dev.vigil.web.healthchecks;

import dev.vigil.domain.Event;
import dev.vigil.domain.EventKind;
import dev.vigil.domain.Flip;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Schedule;
import dev.vigil.domain.Status;
import dev.vigil.schedule.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Vigil's jobs, pings and flips in the shapes of Healthchecks' {@code to_dict} (docs/healthchecks.md). */
final class CheckView {
    static final Set<EventKind> PING_KINDS = Set.of(EventKind.STARTED, EventKind.SUCCEEDED, EventKind.FAILED, EventKind.LOG);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private CheckView() {}

    /**
     * A check as Healthchecks answers it. {@code readonly}: the view of a read-only key, with
     * {@code unique_key} instead of anything that can ping.
     */
    static Map<String, Object> check(Job job, JobState s, int nPings, String baseUrl, int v, boolean readonly) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", job.name());
        m.put("slug", job.slug());
        m.put("tags", String.join(" ", job.tags()));
        m.put("desc", job.description() == null ? "" : job.description());
        m.put("grace", grace(job).toSeconds());
        m.put("n_pings", nPings);
        m.put("status", status(s, v));
        m.put("started", s.openRuns() > 0);
        m.put("last_ping", seconds(s.lastPingAt()));
        m.put("next_ping", nextPing(s));
        m.put("manual_resume", true); // a ping never resumes a paused Vigil job
        m.put("methods", "");
        m.put("subject", "");
        m.put("subject_fail", "");
        m.put("start_kw", "");
        m.put("success_kw", "");
        m.put("failure_kw", "");
        m.put("filter_subject", false);
        m.put("filter_body", false);
        if (readonly) {
            m.put("unique_key", job.uniqueKey());
        } else {
            String update = baseUrl + "/api/v" + v + "/checks/" + job.uuid();
            m.put("ping_url", baseUrl + "/ping/" + job.uuid());
            m.put("update_url", update);
            m.put("pause_url", update + "/pause");
            m.put("resume_url", update + "/resume");
            m.put("channels", "");
        }
        switch (job.schedule()) {
            case Schedule.Every e -> m.put("timeout", e.interval().toSeconds());
            case Schedule.Cron c -> {
                m.put("schedule", c.expression());
                m.put("tz", c.zone().getId());
            }
            case Schedule.None n -> { }
        }
        return m;
    }

    /** The grace set, else the one in force. */
    static Duration grace(Job job) {
        return job.effectiveGrace(Schedules.fireTimes(job.schedule()).typicalInterval());
    }

    /**
     * Healthchecks' statuses: {@code new}, {@code up}, {@code grace}, {@code down}, {@code paused},
     * and in v1 {@code started} for a job with an open run. A running job shows its last outcome.
     */
    static String status(JobState s, int v) {
        if (s.paused() || s.status() == Status.PAUSED) return "paused";
        if (v == 1 && s.openRuns() > 0) return "started";
        return switch (s.status()) {
            case NEW, PAUSED -> "new";
            case UP -> "up";
            case LATE -> "grace";
            case FAILED, MISSED, OVERDUE -> "down";
            case RUNNING -> {
                if (s.lastFailedAt() != null && (s.lastSucceededAt() == null || s.lastFailedAt().isAfter(s.lastSucceededAt()))) {
                    yield "down";
                }
                yield s.lastSucceededAt() != null ? "up" : "new";
            }
        };
    }

    /** When the next ping is expected (the grace period starts); null while new, paused or down, as in Healthchecks. */
    private static String nextPing(JobState s) {
        return switch (status(s, 3)) {
            case "up", "grace" -> seconds(s.expectedAt());
            default -> null;
        };
    }

    /** How many pings {@link #pings} would list. */
    static int countPings(List<Event> newestFirst, int limit) {
        return (int) Math.min(limit, newestFirst.stream().filter(e -> PING_KINDS.contains(e.kind())).count());
    }

    /**
     * The job's reports as Healthchecks lists pings, newest first, at most {@code limit}; a finish
     * paired with an earlier start of the same run id has its {@code duration} in seconds.
     */
    static List<Map<String, Object>> pings(List<Event> newestFirst, int limit) {
        List<Event> pings = newestFirst.stream().filter(e -> PING_KINDS.contains(e.kind())).limit(limit).toList();
        Map<String, Instant> starts = new HashMap<>();
        Map<Long, Double> durations = new HashMap<>();
        for (Event e : pings.reversed()) {
            String rid = e.rid() == null ? "" : e.rid();
            if (e.kind() == EventKind.STARTED) {
                starts.put(rid, e.at());
            } else if (e.kind() != EventKind.LOG) {
                Instant start = starts.remove(rid);
                if (start != null) durations.put(e.id(), Duration.between(start, e.at()).toNanos() / 1e9);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Event e : pings) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", switch (e.kind()) {
                case STARTED -> "start";
                case FAILED -> "fail";
                case LOG -> "log";
                default -> "success";
            });
            p.put("date", micros(e.at()));
            p.put("n", e.id());
            p.put("scheme", "http");
            p.put("remote_addr", null);
            p.put("method", "");
            p.put("ua", "");
            p.put("rid", e.rid());
            p.put("body_url", null);
            if (e.exitCode() != null) p.put("exitstatus", e.exitCode());
            Double d = durations.get(e.id());
            if (d != null) p.put("duration", d);
            out.add(p);
        }
        return out;
    }

    /**
     * Status changes as Healthchecks counts them, newest first: to {@code up} (1) or to anything else
     * (0), leaving out what Healthchecks has no flip for (running, late, health changes); only those
     * at or after {@code from} and before {@code until} (either null: no bound).
     */
    static List<Map<String, Object>> flips(List<Flip> newestFirst, Instant from, Instant until) {
        List<Map<String, Object>> out = new ArrayList<>();
        String current = "new";
        for (Flip f : newestFirst.reversed()) {
            String level = switch (f.toStatus()) {
                case RUNNING -> current;
                case UP, LATE -> "up";
                case FAILED, MISSED, OVERDUE -> "down";
                case PAUSED -> "paused";
                case NEW -> "new";
            };
            if (!level.equals(current)) {
                current = level;
                if (from != null && f.at().isBefore(from) || until != null && !f.at().isBefore(until)) continue;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("timestamp", seconds(f.at()));
                m.put("up", level.equals("up") ? 1 : 0);
                out.add(m);
            }
        }
        return out.reversed();
    }

    /** Python's {@code isoformat()} of a time without microseconds, as Healthchecks writes check times. */
    static String seconds(Instant at) {
        return at == null ? null : SECONDS.format(at.atOffset(ZoneOffset.UTC));
    }

    /** Python's {@code isoformat()}: microseconds only when there are some. */
    static String micros(Instant at) {
        if (at.getNano() / 1000 == 0) return seconds(at);
        return MICROS.format(at.atOffset(ZoneOffset.UTC));
    }
}

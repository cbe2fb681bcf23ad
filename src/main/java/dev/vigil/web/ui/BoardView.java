package dev.vigil.web.ui;

import dev.vigil.domain.Health;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Project;
import dev.vigil.domain.Status;
import dev.vigil.store.JobStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The board of one project: counts per status over all its jobs, and the jobs the filter keeps,
 * unhealthy first, then by how bad their status is, then by name.
 */
public record BoardView(Project project, Map<Status, Integer> counts, int unhealthy, int total,
                        Filter filter, List<Row> rows, List<String> tags, List<String> owners, Instant now) {

    /** The whole page: the frame and the board. */
    public record Page(Chrome chrome, BoardView board) {}

    /** What the board is narrowed to; null fields do not narrow. {@code q} matches name or slug. */
    public record Filter(Status status, Health health, String tag, String owner, String q) {
        boolean keeps(JobStore.Summary job) {
            JobState s = job.state();
            return (status == null || s.status() == status)
                    && (health == null || s.health() == health)
                    && (tag == null || job.tags().contains(tag))
                    && (owner == null || owner.equals(job.owner()))
                    && (q == null || contains(job.name(), q) || contains(job.slug(), q));
        }

        public boolean any() {
            return status != null || health != null || tag != null || owner != null || q != null;
        }

        /** The query string of this filter with {@code status} replaced, for the count links. */
        public String withStatus(Status s) {
            return query(s, health);
        }

        public String withHealth(Health h) {
            return query(status, h);
        }

        public String query() {
            return query(status, health);
        }

        private String query(Status s, Health h) {
            StringBuilder b = new StringBuilder();
            add(b, "status", s == null ? null : s.wire());
            add(b, "health", h == null ? null : h.wire());
            add(b, "tag", tag);
            add(b, "owner", owner);
            add(b, "q", q);
            return b.isEmpty() ? "" : "?" + b;
        }

        private static void add(StringBuilder b, String name, String value) {
            if (value == null) return;
            if (!b.isEmpty()) b.append('&');
            b.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }

        private static boolean contains(String text, String part) {
            return text != null && text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
        }
    }

    /** One job on the board. {@code lastRunAt}: its last start, or last ping if it never reported a start. */
    public record Row(String slug, String name, Status status, Health health, Instant statusSince, Instant lastRunAt,
                      Instant nextExpectedAt, Instant runningSince, String owner, List<String> tags, boolean managed) {
        public String colour() {
            return status.colour().name().toLowerCase(Locale.ROOT);
        }

        public boolean unhealthy() {
            return health == Health.UNHEALTHY;
        }
    }

    /** Unhealthy first, then by {@link #severity}, name (ignoring case), slug; without boxing (boards are large). */
    static final Comparator<Row> ORDER = (a, b) -> {
        int c = Boolean.compare(!a.unhealthy(), !b.unhealthy());
        if (c == 0) c = Integer.compare(severity(a.status()), severity(b.status()));
        if (c == 0) c = String.CASE_INSENSITIVE_ORDER.compare(label(a), label(b));
        return c != 0 ? c : a.slug().compareTo(b.slug());
    };

    private static String label(Row r) {
        return r.name() == null ? r.slug() : r.name();
    }

    static BoardView of(Project project, List<JobStore.Summary> jobs, Filter filter, Instant now) {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) counts.put(s, 0);
        int unhealthy = 0;
        TreeSet<String> tags = new TreeSet<>();
        TreeSet<String> owners = new TreeSet<>();
        java.util.ArrayList<Row> rows = new java.util.ArrayList<>();
        for (JobStore.Summary j : jobs) {
            JobState s = j.state();
            counts.merge(s.status(), 1, Integer::sum);
            if (s.health() == Health.UNHEALTHY) unhealthy++;
            tags.addAll(j.tags());
            if (j.owner() != null && !j.owner().isBlank()) owners.add(j.owner());
            if (filter.keeps(j)) rows.add(row(j, s));
        }
        rows.sort(ORDER);
        return new BoardView(project, counts, unhealthy, jobs.size(), filter, rows, List.copyOf(tags), List.copyOf(owners), now);
    }

    private static Row row(JobStore.Summary j, JobState s) {
        Instant lastRun = s.lastStartedAt() != null ? s.lastStartedAt() : s.lastPingAt();
        return new Row(j.slug(), j.name() == null || j.name().isBlank() ? j.slug() : j.name(), s.status(), s.health(),
                s.statusSince(), lastRun, s.paused() ? null : s.expectedAt(),
                s.status() == Status.RUNNING ? s.runStartedAt() : null, j.owner(), j.tags(), j.managed());
    }

    /** Red first, then orange, yellow, green and grey. */
    static int severity(Status s) {
        return switch (s.colour()) {
            case RED -> 0;
            case ORANGE -> 1;
            case YELLOW -> 2;
            case GREEN -> 3;
            case GREY -> 4;
        };
    }

    /** The statuses in the order the counts show them. */
    public static List<Status> statusOrder() {
        return List.of(Status.FAILED, Status.MISSED, Status.OVERDUE, Status.LATE, Status.RUNNING, Status.UP, Status.NEW, Status.PAUSED);
    }
}

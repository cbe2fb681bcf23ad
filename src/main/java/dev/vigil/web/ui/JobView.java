package dev.vigil.web.ui;

import dev.vigil.domain.Health;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Status;
import dev.vigil.domain.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the job page shows, part by part; each live part renders alone as a fragment. */
public final class JobView {
    private JobView() {}

    /**
     * The whole page. {@code runNow} is null when the caller may not run the job (or it is only watched);
     * {@code report} is null unless the job is watched and the caller may see its ping URL;
     * {@code canEdit}: the caller may edit and delete the job (editor and above).
     */
    public record Page(Chrome chrome, Head head, When when, JobSettings settings, Runs runs, DurationChart chart,
                       Timeline timeline, RunNow runNow, ReportSnippets report, boolean canEdit) {}

    /** The job's address on the dashboard. */
    public record Ref(String project, String slug) {
        public String path() {
            return "/ui/p/" + project + "/jobs/" + slug;
        }

        /** The URL a live part re-fetches itself from. */
        public String live(String part) {
            return path() + "?fragment=" + part;
        }
    }

    /** Whether the caller may operate the job, and the CSRF token its plain forms carry. */
    public record Access(boolean canOperate, String csrf) {}

    /** The heading: name, status and health, who owns it; pause and resume for operators. */
    public record Head(Ref ref, Access access, String name, String description, String owner, List<String> tags,
                       Status status, Health health, boolean paused, Instant statusSince, boolean managed) {}

    /**
     * The schedule in words and what comes next.
     *
     * @param kind       {@code cron}, {@code every} or {@code none}
     * @param fireTimes  the next fire times of a cron schedule (empty otherwise)
     */
    public record When(Ref ref, String words, String kind, List<Instant> fireTimes, Instant expectedAt,
                       Instant nextDeadline, boolean paused, Instant lastStartedAt, Instant lastSucceededAt) {}

    /**
     * One page of run history, newest first.
     *
     * @param before the run id this page starts below (null for the newest page)
     * @param older  the cursor of the next older page, or null if this is the last
     */
    public record Runs(Ref ref, Access access, boolean managed, List<RunRow> rows, Long before, Long older, Instant now) {
        public String live() {
            return ref.live("runs") + (before == null ? "" : "&before=" + before);
        }
    }

    public record RunRow(long id, RunState state, Trigger trigger, Instant scheduledFor, Instant startedAt,
                         Instant endedAt, Integer exitCode, String agent, int attempt, String reason) {
        static RunRow of(Run r) {
            return new RunRow(r.id(), r.state(), r.trigger(), r.scheduledFor(), r.startedAt(), r.endedAt(),
                    r.exitCode(), r.agent(), r.attempt(), r.reason());
        }

        public Duration duration() {
            return startedAt == null || endedAt == null ? null : Duration.between(startedAt, endedAt);
        }

        public boolean cancellable() {
            return state == RunState.QUEUED || state == RunState.DISPATCHED || state == RunState.RUNNING;
        }

        public boolean rerunnable() {
            return state.isTerminal();
        }
    }

    /** The run-now form: one input per declared parameter, prefilled with its default, in name order. */
    public record RunNow(Ref ref, String csrf, Map<String, String> params) {}
}

package dev.vigil.web.ui;

import dev.vigil.domain.Job;
import dev.vigil.domain.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** One run as its page shows it: the facts of the header, which refresh live while it is active. */
public record RunView(Run run, Job job, Map<String, String> params, Instant now) {

    /** The whole page: the frame, the header and the output so far. */
    public record Page(Chrome chrome, RunView run, RunLogView log) {}

    public String jobName() {
        return job.name() == null || job.name().isBlank() ? job.slug() : job.name();
    }

    public String jobHref() {
        return Dashboard.ROOT + "/p/" + job.project() + "/jobs/" + job.slug();
    }

    public String href() {
        return Dashboard.ROOT + "/runs/" + run.id();
    }

    /** Queued, dispatched or running: its state and output may still change. */
    public boolean active() {
        return !run.state().isTerminal();
    }

    /** The run's length once ended, or how long it has been going; empty before it started. */
    public String duration() {
        if (run.startedAt() == null) return "";
        return Human.duration(Duration.between(run.startedAt(), run.endedAt() != null ? run.endedAt() : now));
    }

    public boolean hasAny(String text) {
        return text != null && !text.isBlank();
    }
}

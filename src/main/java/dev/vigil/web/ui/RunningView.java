package dev.vigil.web.ui;

import dev.vigil.domain.Job;
import dev.vigil.domain.Project;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The runs of a project in progress, and the ones waiting for an agent (queued or dispatched). */
public record RunningView(Project project, List<Row> running, List<Row> waiting, Instant now) {

    public record Page(Chrome chrome, RunningView view) {}

    public String liveUrl() {
        return Dashboard.ROOT + "/p/" + project.slug() + "/running?fragment=1";
    }

    /** One run; {@code maxRuntime} is its job's, null when the job sets none. */
    public record Row(Run run, String jobSlug, String jobName, Duration maxRuntime, Instant now) {
        static Row of(Run run, Job job, Instant now) {
            String name = job.name() == null || job.name().isBlank() ? job.slug() : job.name();
            return new Row(run, job.slug(), name, job.maxRuntime(), now);
        }

        public RunState state() {
            return run.state();
        }

        public Duration elapsed() {
            return run.startedAt() == null ? Duration.ZERO : Duration.between(run.startedAt(), now);
        }

        public String elapsedText() {
            return Human.duration(elapsed());
        }

        public String maxText() {
            return Human.duration(maxRuntime);
        }

        /** Past its job's maxRuntime: overdue. */
        public boolean over() {
            return maxRuntime != null && elapsed().compareTo(maxRuntime) > 0;
        }

        public String overText() {
            return over() ? Human.duration(elapsed().minus(maxRuntime)) : "";
        }

        /** Elapsed as a share of maxRuntime, 0–100. */
        public long percent() {
            if (maxRuntime == null || maxRuntime.isZero()) return 0;
            return Math.min(100, elapsed().toMillis() * 100 / maxRuntime.toMillis());
        }
    }
}

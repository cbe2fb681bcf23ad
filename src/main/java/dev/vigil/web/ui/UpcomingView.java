package dev.vigil.web.ui;

import dev.vigil.domain.Project;
import java.time.Instant;
import java.util.List;

/** What comes next in a project: managed jobs' fire times and watched jobs' expected pings, soonest first. */
public record UpcomingView(Project project, List<Row> rows, Instant now) {

    public record Page(Chrome chrome, UpcomingView view) {}

    public String liveUrl() {
        return Dashboard.ROOT + "/p/" + project.slug() + "/upcoming?fragment=1";
    }

    /**
     * One job's next time.
     *
     * @param managed Vigil starts a run then; otherwise a ping is expected by then
     * @param paused  the job is paused: what happens then changes neither its status nor alerts
     */
    public record Row(Instant at, String jobSlug, String jobName, String schedule, boolean managed, boolean paused) {}
}

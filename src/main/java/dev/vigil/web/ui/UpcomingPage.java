package dev.vigil.web.ui;

import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Project;
import dev.vigil.schedule.Schedules;
import dev.vigil.scheduler.Scheduler;
import dev.vigil.store.JobStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /ui/p/{project}/upcoming}: the next fire time of each scheduled managed job (from the
 * scheduler) and the next expected ping of each watched job (from its state), soonest first.
 */
final class UpcomingPage {
    static final int LIMIT = 200;
    private final Dashboard ui;

    UpcomingPage(Dashboard ui) {
        this.ui = ui;
    }

    void register(JavalinConfig config) {
        config.routes.get(Dashboard.ROOT + "/p/{project}/upcoming", this::upcoming);
    }

    private void upcoming(Context ctx) {
        Project project = ui.project(ctx);
        Map<Long, JobState> states = new HashMap<>();
        List<UpcomingView.Row> rows = new ArrayList<>();
        for (JobStore.JobWithState jw : jobs(project.id())) {
            states.put(jw.job().id(), jw.state());
            JobState s = jw.state();
            if (!jw.job().isManaged() && s.expectedAt() != null && !s.paused()) rows.add(row(jw.job(), s.expectedAt(), false));
        }
        for (Scheduler.Upcoming u : ui.scheduler.upcoming(project.id(), LIMIT)) {
            JobState s = states.get(u.job().id());
            rows.add(row(u.job(), u.fireTime(), s != null && s.paused()));
        }
        rows.sort(Comparator.comparing(UpcomingView.Row::at).thenComparing(UpcomingView.Row::jobSlug));
        UpcomingView view = new UpcomingView(project, rows.size() > LIMIT ? rows.subList(0, LIMIT) : rows, ui.clock.instant());
        if (Dashboard.fragment(ctx)) {
            ui.templates.render(ctx, "upcoming-list.jte", view);
        } else {
            ui.templates.render(ctx, "upcoming.jte", new UpcomingView.Page(ui.chrome(ctx, project, "upcoming", "Upcoming · " + project.name()), view));
        }
    }

    /** Every job of the project with its state, read in pages (schedules are needed, so not the board's summaries). */
    private List<JobStore.JobWithState> jobs(long projectId) {
        int page = 5_000;
        return ui.store.read(tx -> {
            List<JobStore.JobWithState> all = new ArrayList<>();
            String after = null;
            while (true) {
                List<JobStore.JobWithState> got = tx.jobs().list(new JobStore.Filter(projectId, null, null, null, after, page));
                all.addAll(got);
                if (got.size() < page) return all;
                after = got.getLast().job().key();
            }
        });
    }

    private static UpcomingView.Row row(Job job, Instant at, boolean paused) {
        String name = job.name() == null || job.name().isBlank() ? job.slug() : job.name();
        return new UpcomingView.Row(at, job.slug(), name, Schedules.describe(job.schedule()), job.isManaged(), paused);
    }
}

package dev.vigil.web.ui;

import dev.vigil.domain.Job;
import dev.vigil.domain.Project;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.store.Tx;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code /ui/p/{project}/running}: what runs now, for how long against its maxRuntime, and what waits. */
final class RunningPage {
    static final int LIMIT = 500;
    private final Dashboard ui;

    RunningPage(Dashboard ui) {
        this.ui = ui;
    }

    void register(JavalinConfig config) {
        config.routes.get(Dashboard.ROOT + "/p/{project}/running", this::running);
    }

    private void running(Context ctx) {
        Project project = ui.project(ctx);
        Instant now = ui.clock.instant();
        RunningView view = ui.store.read(tx -> {
            Map<Long, Job> jobs = new HashMap<>();
            List<RunningView.Row> running = rows(tx, jobs, RunState.RUNNING, project.id(), now);
            List<RunningView.Row> waiting = new ArrayList<>(rows(tx, jobs, RunState.DISPATCHED, project.id(), now));
            waiting.addAll(rows(tx, jobs, RunState.QUEUED, project.id(), now));
            return new RunningView(project, running, waiting, now);
        });
        if (Dashboard.fragment(ctx)) {
            ui.templates.render(ctx, "running-list.jte", view);
        } else {
            ui.templates.render(ctx, "running.jte", new RunningView.Page(ui.chrome(ctx, project, "running", "Running · " + project.name()), view));
        }
    }

    private static List<RunningView.Row> rows(Tx tx, Map<Long, Job> jobs, RunState state, long projectId, Instant now) {
        List<RunningView.Row> rows = new ArrayList<>();
        for (Run r : tx.runs().inState(state, projectId, LIMIT)) {
            Job job = jobs.computeIfAbsent(r.jobId(), id -> tx.jobs().byId(id).orElse(null));
            if (job != null) rows.add(RunningView.Row.of(r, job, now));
        }
        rows.sort(Comparator.comparing((RunningView.Row row) -> !row.over()).thenComparing(row -> row.run().id()));
        return rows;
    }
}

package dev.vigil.web.ui;

import dev.vigil.domain.Health;
import dev.vigil.domain.Project;
import dev.vigil.domain.Status;
import dev.vigil.store.JobStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;

/** {@code /ui/p/{project}}: the status board — every job, its colour, label and health, counts and filters. */
final class BoardPage {
    private final Dashboard ui;

    BoardPage(Dashboard ui) {
        this.ui = ui;
    }

    void register(JavalinConfig config) {
        config.routes.get(Dashboard.ROOT + "/p/{project}", this::board);
    }

    private void board(Context ctx) {
        Project project = ui.project(ctx);
        BoardView.Filter filter = filter(ctx);
        BoardView view = BoardView.of(project, allJobs(project.id()), filter, ui.clock.instant());
        if (Dashboard.fragment(ctx)) {
            ui.templates.render(ctx, "board-jobs.jte", view);
        } else {
            ui.templates.render(ctx, "board.jte", new BoardView.Page(ui.chrome(ctx, project, "board", project.name()), view));
        }
    }

    /** Every job of the project: the board shows them all. */
    List<JobStore.Summary> allJobs(long projectId) {
        return ui.store.read(tx -> tx.jobs().summaries(projectId));
    }

    static BoardView.Filter filter(Context ctx) {
        String status = blankToNull(ctx.queryParam("status"));
        String health = blankToNull(ctx.queryParam("health"));
        return new BoardView.Filter(status == null ? null : Status.fromWire(status),
                health == null ? null : Health.fromWire(health),
                blankToNull(ctx.queryParam("tag")), blankToNull(ctx.queryParam("owner")), blankToNull(ctx.queryParam("q")));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

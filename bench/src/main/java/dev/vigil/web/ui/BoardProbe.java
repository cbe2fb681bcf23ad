package dev.vigil.web.ui;

import dev.vigil.app.Vigil;
import dev.vigil.domain.Project;
import dev.vigil.domain.Status;
import dev.vigil.store.JobStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The board's steps one at a time, in the benchmark's process: this class sits in the dashboard's
 * package (on the bench classpath only) to reach the package-private {@link BoardPage#allJobs},
 * {@link BoardView#of} and {@link Templates} the page handler itself calls.
 */
public final class BoardProbe implements AutoCloseable {
    private final Dashboard ui;
    private final BoardPage page;
    private final Project project;
    private final Chrome chrome;

    public BoardProbe(Vigil vigil, Project project) {
        this.ui = new Dashboard(vigil.store(), vigil.ingest(), Clock.systemUTC(), null, vigil.scheduler(), vigil.runLogs(),
                null, vigil.baseUrl(), vigil.ownership(), dev.vigil.app.Config.Cluster.DEFAULT.nodeTimeout(), null); // the board needs neither run control, alerting nor key checks
        this.page = new BoardPage(ui);
        this.project = project;
        this.chrome = new Chrome(project.name(), List.of(project), project, "board", "bench", "admin",
                "bench-csrf-token-0123456789abcdefghijk", true, true);
    }

    /** Step 1: every job of the project with its state (SQL and mapping). */
    public List<JobStore.Summary> read() {
        return page.allJobs(project.id());
    }

    /** Step 2: counts, filter and order. {@code status} and {@code q} may be null. */
    public BoardView view(List<JobStore.Summary> jobs, Status status, String q) {
        return BoardView.of(project, jobs, new BoardView.Filter(status, null, null, null, q), ui.clock.instant());
    }

    /** Step 3a: the live fragment's HTML, as the UTF-8 bytes the handler answers; returns their size. */
    public int fragment(BoardView view) {
        return ui.templates.html("board-jobs.jte", view).size();
    }

    /** Step 3b: the whole page's HTML (a fixed frame: one project, an admin); returns its size. */
    public int page(BoardView view) {
        return ui.templates.html("board.jte", new BoardView.Page(chrome, view)).size();
    }

    /** The whole page's HTML as one array. */
    public byte[] pageBytes(BoardView view) throws java.io.IOException {
        return ui.templates.html("board.jte", new BoardView.Page(chrome, view)).stream().readAllBytes();
    }

    public Map<Status, Integer> counts() {
        return view(read(), null, null).counts();
    }

    public int unhealthy() {
        return view(read(), null, null).unhealthy();
    }

    @Override
    public void close() {
        ui.close();
    }
}

package dev.vigil.web.ui;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.Job;
import dev.vigil.domain.LogChunk;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.Run;
import dev.vigil.domain.ValidationException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /ui/runs/{id}}: one run — its state, facts and output. While the run is active the output
 * is tailed ({@code /log?after=SEQ} appends what is new) and the header refreshes on change events;
 * {@code /log.txt} downloads the whole output.
 */
final class RunPage {
    /** Chunks per read; a tail answer holds at most this many and fetches the rest at once. */
    static final int PAGE = 500;
    /** The status by which htmx stops polling: the run has ended and all its output is shown. */
    static final int STOP_POLLING = 286;
    private final Dashboard ui;

    RunPage(Dashboard ui) {
        this.ui = ui;
    }

    void register(JavalinConfig config) {
        config.routes.get(Dashboard.ROOT + "/runs/{id}", this::page);
        config.routes.get(Dashboard.ROOT + "/runs/{id}/log", this::tail);
        config.routes.get(Dashboard.ROOT + "/runs/{id}/log.txt", this::download);
    }

    private record Viewed(Run run, Job job) {}

    /** The run and its job, after checking that the caller may view the job's project. */
    private Viewed viewed(Context ctx) {
        long id = id(ctx.pathParam("id"));
        Run run = ui.store.read(tx -> tx.runs().byId(id)).orElseThrow(() -> new NotFoundException("no run " + id));
        Job job = ui.store.read(tx -> tx.jobs().byId(run.jobId())).orElseThrow(() -> new NotFoundException("no run " + id));
        Dashboard.require(ctx, ApiKey.Role.VIEWER, job.projectId());
        return new Viewed(run, job);
    }

    private void page(Context ctx) {
        Viewed v = viewed(ctx);
        RunView view = new RunView(v.run(), v.job(), ui.store.read(tx -> tx.runs().params(v.run().id())), ui.clock.instant());
        if (Dashboard.fragment(ctx)) {
            ui.templates.render(ctx, "run-header.jte", view);
            return;
        }
        // The run is read before its chunks: agents send all output before they report the end.
        List<LogChunk> all = new ArrayList<>();
        List<LogChunk> page;
        do {
            long after = all.isEmpty() ? 0 : all.getLast().seq();
            page = ui.store.read(tx -> tx.runLogs().after(v.run().id(), after, PAGE));
            all.addAll(page);
        } while (page.size() == PAGE);
        boolean done = v.run().state().isTerminal();
        RunLogView log = new RunLogView(v.run().id(), all, all.isEmpty() && done ? v.run().output() : null,
                all.isEmpty() ? 0 : all.getLast().seq(), done, false, false);
        Project project = ui.store.read(tx -> tx.projects().byId(v.job().projectId())).orElseThrow();
        Chrome chrome = ui.chrome(ctx, project, view.active() ? "running" : "board", "Run " + v.run().id() + " · " + view.jobName());
        ui.templates.render(ctx, "run.jte", new RunView.Page(chrome, view, log));
    }

    /** {@code ?after=SEQ}: the output after that chunk, and the tail that fetches the next, until the run ended. */
    private void tail(Context ctx) {
        long after = after(ctx.queryParam("after"));
        Viewed v = viewed(ctx);
        List<LogChunk> page = ui.store.read(tx -> tx.runLogs().after(v.run().id(), after, PAGE + 1));
        boolean more = page.size() > PAGE;
        List<LogChunk> shown = more ? page.subList(0, PAGE) : page;
        boolean done = v.run().state().isTerminal() && !more;
        String output = done && after == 0 && shown.isEmpty() ? v.run().output() : null;
        ctx.header("Cache-Control", "no-store");
        if (done) {
            ctx.status(STOP_POLLING);
            ctx.header("HX-Trigger", "vigil:run-ended"); // the page refreshes its header, whatever the change events said
        }
        ui.templates.render(ctx, "run-log.jte",
                new RunLogView(v.run().id(), shown, output, shown.isEmpty() ? after : shown.getLast().seq(), done, more, true));
    }

    private void download(Context ctx) throws IOException {
        Viewed v = viewed(ctx);
        ctx.contentType("text/plain; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + v.job().slug() + "-run-" + v.run().id() + ".log\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8));
        if (!ui.runLogs.write(v.run().id(), out) && v.run().output() != null) out.write(v.run().output());
        out.flush();
    }

    private static long id(String s) {
        try {
            long id = Long.parseLong(s);
            if (id > 0) return id;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new NotFoundException("no run '" + s + "'");
    }

    private static long after(String s) {
        if (s == null) return 0;
        try {
            long after = Long.parseLong(s);
            if (after >= 0) return after;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ValidationException("after", "must be 0 or a seq from the page, got '" + s + "'");
    }
}

package dev.vigil.web.ui;

import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import dev.vigil.domain.ValidationException;
import dev.vigil.ingest.Command;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;

/**
 * What an operator does from the job page: run now (with parameter overrides), pause, resume, and
 * cancel or re-run a run. Each works from htmx (the answer re-renders the part the request targets
 * and carries a toast) and from a plain form (303 back to the page, or to a dashboard path in {@code next}).
 */
final class JobActions {
    private final Dashboard ui;
    private final JobPage page;

    JobActions(Dashboard ui, JobPage page) {
        this.ui = ui;
        this.page = page;
    }

    void register(JavalinConfig config) {
        String job = Dashboard.ROOT + "/p/{project}/jobs/{slug}";
        config.routes.post(job + "/run", this::runNow);
        config.routes.post(job + "/pause", ctx -> lifecycle(ctx, true));
        config.routes.post(job + "/resume", ctx -> lifecycle(ctx, false));
        config.routes.post(Dashboard.ROOT + "/runs/{id}/cancel", ctx -> onRun(ctx, true));
        config.routes.post(Dashboard.ROOT + "/runs/{id}/rerun", ctx -> onRun(ctx, false));
    }

    private void runNow(Context ctx) {
        JobPage.Loaded l = page.load(ctx);
        Dashboard.require(ctx, Role.OPERATOR, l.project().id());
        Map<String, String> defaults = l.job().isManaged() ? l.job().execution().params() : Map.of();
        Run run = ui.runs.trigger(l.job(), RunParams.read(ctx, defaults), Trigger.MANUAL, ui.audit.by(Dashboard.actor(ctx)));
        done(ctx, l, run.state() == RunState.SKIPPED
                ? "Run #" + run.id() + " skipped: " + run.reason()
                : "Run #" + run.id() + " queued");
    }

    private void lifecycle(Context ctx, boolean pause) {
        JobPage.Loaded l = page.load(ctx);
        Dashboard.require(ctx, Role.OPERATOR, l.project().id());
        String by = UiAuth.key(ctx).name();
        long id = l.job().id();
        ui.ingest.execute(ui.audited(ctx, pause ? new Command.Pause(id, by) : new Command.Resume(id, by)));
        done(ctx, l, (pause ? "Paused " : "Resumed ") + JobPage.name(l.job()));
    }

    private void onRun(Context ctx, boolean cancel) {
        long id = runId(ctx.pathParam("id"));
        JobPage.Loaded l = ui.store.read(tx -> {
            Run run = tx.runs().byId(id).orElseThrow(() -> new NotFoundException("no run " + id));
            Job job = tx.jobs().byId(run.jobId()).orElseThrow(() -> new NotFoundException("no run " + id));
            Project project = tx.projects().byId(job.projectId()).orElseThrow(() -> new NotFoundException("no run " + id));
            return new JobPage.Loaded(project, job, JobState.initial(job.id(), job.createdAt()));
        });
        Dashboard.require(ctx, Role.OPERATOR, l.project().id());
        if (cancel) {
            Run run = ui.runs.cancel(id, UiAuth.key(ctx).name(), ui.audit.by(Dashboard.actor(ctx)));
            done(ctx, l, run.state() == RunState.CANCELLED ? "Run #" + id + " cancelled" : "Stopping run #" + id);
        } else {
            Run run = ui.runs.rerun(id, ui.audit.by(Dashboard.actor(ctx)));
            done(ctx, l, "Run #" + run.id() + (run.state() == RunState.SKIPPED ? " skipped: " + run.reason() : " queued") + " (re-run of #" + id + ")");
        }
    }

    /** htmx: the targeted part of the page, re-read, with a toast; a plain form: back to the page. */
    private void done(Context ctx, JobPage.Loaded before, String toast) {
        if (!"true".equals(ctx.header("HX-Request"))) {
            String next = ctx.formParam("next");
            ctx.redirect(next == null || next.isBlank() ? before.ref().path() : LoginPage.safeNext(next), HttpStatus.SEE_OTHER);
            return;
        }
        ctx.header("HX-Trigger", "{\"vigil:toast\":" + jsonString(toast) + "}");
        String part = JobPage.targetedPart(ctx);
        if (part == null) {
            ctx.status(HttpStatus.NO_CONTENT);
            return;
        }
        JobPage.Loaded now = ui.store.read(tx -> new JobPage.Loaded(before.project(), tx.jobs().byId(before.job().id()).orElse(before.job()),
                tx.states().get(before.job().id()).orElse(before.state())));
        page.renderPart(ctx, now, part);
    }

    private static long runId(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ValidationException("id", "must be a run id");
        }
    }

    /** A JSON string of ASCII only: HTTP header values should not carry other characters. */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}

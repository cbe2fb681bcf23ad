package dev.vigil.web.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Job;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.ingest.Command;
import dev.vigil.ingest.Result;
import dev.vigil.web.ApiForms;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Defining jobs from the dashboard: {@code /ui/p/{project}/new-job} and {@code …/jobs/{slug}/edit},
 * forms whose fields become the JSON of {@code PUT /api/v1/jobs/…} and are read by the API's own
 * code ({@link Definitions}), audited as the session's change; {@code …/jobs/{slug}/delete} asks
 * before deleting. Editors and admins, as in the API.
 */
final class JobFormPage {
    private final Dashboard ui;
    private final JobPage jobs;

    JobFormPage(Dashboard ui, JobPage jobs) {
        this.ui = ui;
        this.jobs = jobs;
    }

    void register(JavalinConfig config) {
        String project = Dashboard.ROOT + "/p/{project}";
        String job = project + "/jobs/{slug}";
        config.routes.get(project + "/new-job", this::newJob);
        config.routes.post(project + "/jobs", this::create);
        config.routes.get(job + "/edit", this::edit);
        config.routes.post(job + "/edit", this::update);
        config.routes.get(job + "/delete", this::confirmDelete);
        config.routes.post(job + "/delete", this::delete);
        config.routes.get(project + "/schedule-preview", this::preview);
    }

    private Project editable(Context ctx) {
        Project project = ui.project(ctx);
        Dashboard.require(ctx, Role.EDITOR, project.id());
        return project;
    }

    private void newJob(Context ctx) {
        Project project = editable(ctx);
        render(ctx, new JobForm(project, UiAuth.session(ctx).csrf(), null, JobForm.blank(), null, null, null), HttpStatus.OK);
    }

    private void create(Context ctx) {
        Project project = editable(ctx);
        Map<String, String> values = values(ctx);
        JobForm form = new JobForm(project, UiAuth.session(ctx).csrf(), null, values, null, null, null);
        Instant now = ui.clock.instant();
        Result r;
        try {
            String slug = Project.checkSlug(blankToNull(values.get("slug")), "slug");
            ObjectNode body = JobFormBody.of(values, false);
            if (ui.store.read(tx -> tx.jobs().bySlug(project.id(), slug)).isPresent()) {
                throw new ValidationException("slug", "a job '" + slug + "' already exists in this project");
            }
            r = ui.ingest.execute(ui.audited(ctx, new Command.Define(ApiForms.job(body, project, slug, now))));
        } catch (ValidationException e) {
            render(ctx, form.failed(e), HttpStatus.UNPROCESSABLE_CONTENT);
            return;
        }
        ctx.redirect(new JobView.Ref(project.slug(), r.job().slug()).path(), HttpStatus.SEE_OTHER);
    }

    private void edit(Context ctx) {
        JobPage.Loaded l = jobs.load(ctx);
        Dashboard.require(ctx, Role.EDITOR, l.project().id());
        render(ctx, new JobForm(l.project(), UiAuth.session(ctx).csrf(), l.job().slug(), JobForm.of(l.job()),
                JobForm.httpTarget(l.job()), null, null), HttpStatus.OK);
    }

    private void update(Context ctx) {
        JobPage.Loaded l = jobs.load(ctx);
        Dashboard.require(ctx, Role.EDITOR, l.project().id());
        Map<String, String> values = values(ctx);
        values.put("slug", l.job().slug());
        String http = JobForm.httpTarget(l.job());
        JobForm form = new JobForm(l.project(), UiAuth.session(ctx).csrf(), l.job().slug(), values, http, null, null);
        try {
            ObjectNode body = JobFormBody.of(values, http != null);
            Job job = ApiForms.patched(l.job(), l.state(), body, l.project(), ui.clock.instant());
            ui.ingest.execute(ui.audited(ctx, new Command.Define(job)));
        } catch (ValidationException e) {
            render(ctx, form.failed(e), HttpStatus.UNPROCESSABLE_CONTENT);
            return;
        }
        ctx.redirect(l.ref().path(), HttpStatus.SEE_OTHER);
    }

    private void confirmDelete(Context ctx) {
        JobPage.Loaded l = jobs.load(ctx);
        Dashboard.require(ctx, Role.EDITOR, l.project().id());
        Chrome chrome = ui.chrome(ctx, l.project(), "board", "Delete " + JobPage.name(l.job()));
        ui.templates.render(ctx, "job-delete.jte", new JobFormView.Delete(chrome, l.ref(), JobPage.name(l.job()), l.job().isManaged()));
    }

    /** Deletes only with {@code confirm} set to the job's slug, which the confirmation page sends. */
    private void delete(Context ctx) {
        JobPage.Loaded l = jobs.load(ctx);
        Dashboard.require(ctx, Role.EDITOR, l.project().id());
        if (!l.job().slug().equals(ctx.formParam("confirm"))) {
            ctx.redirect(l.ref().path() + "/delete", HttpStatus.SEE_OTHER);
            return;
        }
        ui.ingest.execute(ui.audited(ctx, new Command.Delete(l.job().id())));
        ctx.redirect(Dashboard.ROOT + "/p/" + l.project().slug(), HttpStatus.SEE_OTHER);
    }

    /** The schedule being typed, in words with its next fire times, or the error at its field. */
    private void preview(Context ctx) {
        ui.project(ctx);
        Map<String, String> v = new HashMap<>();
        for (String f : new String[] {"scheduleKind", "cron", "timezone", "every"}) v.put(f, ctx.queryParam(f));
        ui.templates.render(ctx, "schedule-preview.jte", JobFormView.Preview.of(v, ui.clock.instant()));
    }

    private void render(Context ctx, JobForm form, HttpStatus status) {
        String title = form.editing() == null ? "New job" : "Edit " + form.editing();
        ctx.status(status);
        ui.templates.render(ctx, "job-form.jte", new JobFormView.Page(ui.chrome(ctx, form.project(), "board", title), form,
                JobFormView.Preview.of(form.values(), ui.clock.instant()).unless(form.errorField()), JobFormView.ZONES));
    }

    private static Map<String, String> values(Context ctx) {
        Map<String, String> values = new HashMap<>();
        for (String f : JobForm.FIELDS) {
            String v = ctx.formParam(f);
            if (v != null) values.put(f, v);
        }
        return values;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

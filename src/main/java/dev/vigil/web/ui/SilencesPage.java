package dev.vigil.web.ui;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.MaintenanceSchedule;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.Schedule;
import dev.vigil.domain.Silence;
import dev.vigil.domain.ValidationException;
import dev.vigil.schedule.Schedules;
import dev.vigil.web.AlertRuleChanges;
import dev.vigil.web.SuppressionInput;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /ui/p/{project}/silences}: silences in force or to come, with Expire for operators; a form
 * to create one, read by the API's own {@link SuppressionInput}; and the maintenance windows, which
 * operators create and delete here too.
 */
final class SilencesPage {
    private static final List<String> FIELDS = List.of("scope", "job", "tag", "duration", "endsAt", "comment");
    private static final List<String> WINDOW_FIELDS = List.of("name", "scope", "job", "tag", "cron", "timezone", "duration", "comment");
    private final Dashboard ui;
    private final AlertRuleChanges rules;

    SilencesPage(Dashboard ui) {
        this.ui = ui;
        this.rules = new AlertRuleChanges(ui.store, ui.audit, ui.clock);
    }

    void register(JavalinConfig config) {
        String base = Dashboard.ROOT + "/p/{project}/silences";
        config.routes.get(base, this::page);
        config.routes.post(base, this::create);
        config.routes.post(base + "/{id}/expire", this::expire);
        config.routes.post(base + "/windows", this::createWindow);
        config.routes.post(base + "/windows/{id}/delete", this::deleteWindow);
    }

    private void page(Context ctx) {
        Project project = ui.project(ctx);
        SilencesView view = view(project, IncidentsPage.access(ctx, project));
        if (Dashboard.fragment(ctx)) {
            ui.templates.render(ctx, "silences-list.jte", view);
        } else {
            render(ctx, project, view, form(ctx, project, Map.of(), null), windowForm(ctx, project, Map.of(), null), HttpStatus.OK);
        }
    }

    /** A maintenance window from the form, read by the API's own {@link SuppressionInput} (through {@link AlertRuleChanges}). */
    private void createWindow(Context ctx) {
        Project project = ui.project(ctx);
        Dashboard.require(ctx, Role.OPERATOR, project.id());
        Map<String, String> values = new LinkedHashMap<>();
        for (String f : WINDOW_FIELDS) values.put(f, ctx.formParam(f) == null ? "" : ctx.formParam(f));
        try {
            ObjectNode body = scope(values);
            body.put("name", values.get("name").strip());
            for (String f : List.of("cron", "duration", "timezone", "comment")) {
                if (!values.get(f).isBlank()) body.put(f, values.get(f).strip());
            }
            rules.createWindow(project, Dashboard.actor(ctx), body, UiAuth.key(ctx).name());
        } catch (ValidationException e) {
            render(ctx, project, view(project, IncidentsPage.access(ctx, project)), form(ctx, project, Map.of(), null),
                    windowForm(ctx, project, values, e), HttpStatus.UNPROCESSABLE_CONTENT);
            return;
        }
        ui.changed();
        back(ctx, project);
    }

    private void deleteWindow(Context ctx) {
        Project project = ui.project(ctx);
        Dashboard.require(ctx, Role.OPERATOR, project.id());
        rules.deleteWindow(project, Dashboard.actor(ctx), IncidentsPage.id(ctx));
        ui.alerting.changed().run();
        back(ctx, project);
    }

    /** After a window change: the page again (htmx follows {@code HX-Redirect}, a plain form a 303). */
    private static void back(Context ctx, Project project) {
        String page = Dashboard.ROOT + "/p/" + project.slug() + "/silences";
        if (htmx(ctx)) {
            ctx.header("HX-Redirect", page);
            ctx.status(200).result("");
        } else {
            ctx.redirect(page, HttpStatus.SEE_OTHER);
        }
    }

    private void create(Context ctx) {
        Project project = ui.project(ctx);
        Dashboard.require(ctx, Role.OPERATOR, project.id());
        Map<String, String> values = new LinkedHashMap<>();
        for (String f : FIELDS) values.put(f, ctx.formParam(f) == null ? "" : ctx.formParam(f));
        Instant now = ui.clock.instant();
        String by = UiAuth.key(ctx).name();
        Silence created;
        try {
            ObjectNode body = body(values);
            created = ui.store.write(tx -> {
                Silence s = tx.alertRules().insertSilence(SuppressionInput.silence(body, project.id(),
                        slug -> tx.jobs().bySlug(project.id(), slug).isPresent(), by, now));
                ui.audit.silence(tx, Dashboard.actor(ctx), null, s);
                return s;
            });
        } catch (ValidationException e) {
            SilencesView.Form form = form(ctx, project, values, e);
            if (htmx(ctx)) ui.templates.render(ctx, "silence-form.jte", form);
            else render(ctx, project, view(project, IncidentsPage.access(ctx, project)), form, windowForm(ctx, project, Map.of(), null),
                    HttpStatus.UNPROCESSABLE_CONTENT);
            return;
        }
        ui.changed();
        done(ctx, project, "Silenced " + SilencesView.matcher(created.job(), created.tag()) + " until " + Human.utc(created.endsAt()), true);
    }

    private void expire(Context ctx) {
        Project project = ui.project(ctx);
        Dashboard.require(ctx, Role.OPERATOR, project.id());
        long id = IncidentsPage.id(ctx);
        Instant now = ui.clock.instant();
        boolean ended = ui.store.write(tx -> {
            Silence old = tx.alertRules().silence(id).filter(s -> s.projectId() == project.id())
                    .orElseThrow(() -> new NotFoundException("no silence " + id + " in project '" + project.slug() + "'"));
            boolean changed = tx.alertRules().expireSilence(id, now);
            tx.incidents().recheckHeld(project.id(), now);
            if (changed) ui.audit.silence(tx, Dashboard.actor(ctx), old, tx.alertRules().silence(id).orElseThrow());
            return changed;
        });
        ui.alerting.changed().run();
        done(ctx, project, ended ? "Silence #" + id + " expired" : "Silence #" + id + " had already ended", false);
    }

    /** htmx: the part the request targets, with a toast; a plain form: back to the page. */
    private void done(Context ctx, Project project, String toast, boolean created) {
        if (!htmx(ctx)) {
            ctx.redirect(Dashboard.ROOT + "/p/" + project.slug() + "/silences", HttpStatus.SEE_OTHER);
            return;
        }
        ctx.header("HX-Trigger", "{\"vigil:toast\":" + JobActions.jsonString(toast) + "}");
        SilencesView view = view(project, IncidentsPage.access(ctx, project));
        if (created) {
            // The form, emptied, where the request aimed; the list, with the new silence, out of band.
            String html = ui.templates.render("silence-form.jte", form(ctx, project, Map.of(), null))
                    + ui.templates.render("silences-list.jte", view.outOfBand());
            ctx.contentType("text/html; charset=utf-8").result(html);
        } else {
            ui.templates.render(ctx, "silences-list.jte", view);
        }
    }

    /** The form's fields as the API's JSON: a job, a tag or neither; an end time, else a preset duration. */
    private static ObjectNode body(Map<String, String> v) {
        ObjectNode body = scope(v);
        String endsAt = v.get("endsAt").strip();
        // <input type=datetime-local> sends "2026-06-01T12:00" without a zone: the form says it is UTC.
        if (!endsAt.isEmpty()) body.put("endsAt", endsAt.length() == 16 ? endsAt + ":00Z" : endsAt.endsWith("Z") ? endsAt : endsAt + "Z");
        else if (!v.get("duration").isBlank()) body.put("duration", v.get("duration"));
        if (!v.get("comment").isBlank()) body.put("comment", v.get("comment").strip());
        return body;
    }

    /** What a silence or window matches, as the API's JSON: a job, a tag or neither. */
    private static ObjectNode scope(Map<String, String> v) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        switch (v.get("scope")) {
            case "job" -> {
                if (v.get("job").isBlank()) throw new ValidationException("job", "choose a job");
                body.put("job", v.get("job"));
            }
            case "tag" -> body.put("tag", v.get("tag").strip());
            case "project", "" -> { }
            default -> throw new ValidationException("scope", "choose the whole project, a job or a tag");
        }
        return body;
    }

    private SilencesView view(Project project, JobView.Access access) {
        Instant now = ui.clock.instant();
        return ui.store.read(tx -> new SilencesView(project, access,
                tx.alertRules().silences(project.id(), now).stream().map(s -> new SilencesView.SilenceRow(s, now)).toList(),
                tx.alertRules().windows(project.id()).stream().map(w -> new SilencesView.WindowRow(w,
                        Schedules.describe(new Schedule.Cron(w.cron(), ZoneId.of(w.timezone()))),
                        MaintenanceSchedule.activeUntil(w, now).orElse(null), MaintenanceSchedule.nextStart(w, now))).toList(),
                false));
    }

    private SilencesView.Form form(Context ctx, Project project, Map<String, String> values, ValidationException error) {
        List<SilencesView.JobOption> jobs = ui.store.read(tx -> tx.jobs().summaries(project.id())).stream()
                .map(j -> new SilencesView.JobOption(j.slug(), j.name() == null || j.name().isBlank() ? j.slug() : j.name())).toList();
        String field = error == null ? null : switch (error.field() == null ? "" : error.field()) {
            case "job", "tag", "comment", "scope" -> error.field();
            case "endsAt", "duration", "startsAt" -> "end";
            default -> "form";
        };
        String message = error == null ? null : error.field() == null ? error.getMessage()
                : error.getMessage().substring(error.field().length() + 2);
        return new SilencesView.Form(project, UiAuth.session(ctx).csrf(), jobs, values, field, message);
    }

    /** The create-window form: its errors are shown next to the field they name, or at the top. */
    private SilencesView.Form windowForm(Context ctx, Project project, Map<String, String> values, ValidationException error) {
        SilencesView.Form form = form(ctx, project, values, null);
        if (error == null) return form;
        String field = WINDOW_FIELDS.contains(error.field()) ? error.field() : "form";
        String message = error.field() == null ? error.getMessage() : error.getMessage().substring(error.field().length() + 2);
        return new SilencesView.Form(project, form.csrf(), form.jobs(), values, field, message);
    }

    private void render(Context ctx, Project project, SilencesView view, SilencesView.Form form, SilencesView.Form windowForm,
                        HttpStatus status) {
        ctx.status(status);
        boolean operate = view.access().canOperate();
        ui.templates.render(ctx, "silences.jte", new SilencesView.Page(ui.chrome(ctx, project, "silences", "Silences · " + project.name()), view,
                operate ? form : null, operate ? windowForm : null));
    }

    private static boolean htmx(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }
}

package dev.vigil.web.ui;

import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Incident;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;

/**
 * Acknowledge and resolve, for operators, with an optional comment. From htmx the answer is the
 * part the request targets — the incident's row of the list, or the incident page's details —
 * re-read, with a toast; from a plain form, 303 back to where it came from. An incident someone
 * else acknowledged or resolved first is a conflict: a message, nothing changed.
 */
final class IncidentActions {
    static final int MAX_COMMENT = 1_000;
    static final String DETAIL = "incident-detail";
    private final Dashboard ui;
    private final IncidentsPage page;

    IncidentActions(Dashboard ui, IncidentsPage page) {
        this.ui = ui;
        this.page = page;
    }

    void register(JavalinConfig config) {
        String incident = Dashboard.ROOT + "/p/{project}/incidents/{id}";
        config.routes.post(incident + "/acknowledge", ctx -> act(ctx, true));
        config.routes.post(incident + "/resolve", ctx -> act(ctx, false));
    }

    private void act(Context ctx, boolean acknowledge) {
        Project project = ui.project(ctx);
        Dashboard.require(ctx, Role.OPERATOR, project.id());
        long id = IncidentsPage.id(ctx);
        String comment = comment(ctx);
        String actor = UiAuth.key(ctx).name();
        Instant now = ui.clock.instant();
        Incident done = ui.store.write(tx -> {
            Incident old = IncidentsPage.incident(tx, project, id);
            Incident changed = acknowledge ? ui.alerting.incidents().acknowledge(tx, id, actor, comment, now)
                    : ui.alerting.incidents().resolve(tx, id, actor, comment, now);
            ui.audit.incident(tx, Dashboard.actor(ctx), acknowledge, old, changed);
            return changed;
        });
        ui.alerting.changed().run();
        String toast = "Incident #" + done.id() + (acknowledge ? " acknowledged" : " resolved");
        if (!"true".equals(ctx.header("HX-Request"))) {
            String next = ctx.formParam("next");
            String back = Dashboard.ROOT + "/p/" + project.slug() + "/incidents";
            ctx.redirect(next == null || next.isBlank() ? back : LoginPage.safeNext(next), HttpStatus.SEE_OTHER);
            return;
        }
        ctx.header("HX-Trigger", "{\"vigil:toast\":" + JobActions.jsonString(toast) + "}");
        String target = ctx.header("HX-Target");
        JobView.Access access = IncidentsPage.access(ctx, project);
        if (DETAIL.equals(target)) {
            ui.templates.render(ctx, "incident-detail.jte", page.detail(project, access, dev.vigil.security.Sight.of(UiAuth.key(ctx)), id));
        } else if (("incident-" + id).equals(target)) {
            ui.templates.render(ctx, "incident-row.jte", new IncidentsView.RowPart(page.row(project, id), access));
        } else {
            ctx.status(HttpStatus.NO_CONTENT);
        }
    }

    private static String comment(Context ctx) {
        String comment = ctx.formParam("comment");
        if (comment == null || comment.isBlank()) return null;
        if (comment.length() > MAX_COMMENT) throw new ValidationException("comment", "must be at most " + MAX_COMMENT + " characters");
        return comment.strip();
    }
}

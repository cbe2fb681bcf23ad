package dev.vigil.web.ui;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.Channel;
import dev.vigil.domain.Incident;
import dev.vigil.domain.Job;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.security.ApiKeys;
import dev.vigil.security.Sight;
import dev.vigil.store.Tx;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /ui/p/{project}/incidents}: active incidents (critical before warning, newest first), then
 * the resolved ones a page at a time; and {@code /incidents/{id}}: one incident with its history and
 * notifications. Acknowledge and resolve are in {@link IncidentActions}.
 */
final class IncidentsPage {
    static final int RESOLVED_PAGE = 50;
    /** More active incidents than this in one project is an outage; the page shows the first ones. */
    static final int ACTIVE_LIMIT = 500;
    private static final int NOTIFICATIONS_READ = 500;
    private static final Comparator<Incident> ACTIVE_ORDER = Comparator.comparing(Incident::severity)
            .thenComparing(Incident::openedAt, Comparator.reverseOrder())
            .thenComparing(Incident::id, Comparator.reverseOrder());

    private final Dashboard ui;

    IncidentsPage(Dashboard ui) {
        this.ui = ui;
    }

    void register(JavalinConfig config) {
        config.routes.get(Dashboard.ROOT + "/p/{project}/incidents", this::list);
        config.routes.get(Dashboard.ROOT + "/p/{project}/incidents/{id}", this::one);
        new IncidentActions(ui, this).register(config);
    }

    private void list(Context ctx) {
        Project project = ui.project(ctx);
        IncidentsView view = list(project, access(ctx, project), JobPage.before(ctx, "an incident id"));
        if (Dashboard.fragment(ctx)) {
            ui.templates.render(ctx, "incidents-list.jte", view);
        } else {
            ui.templates.render(ctx, "incidents.jte", new IncidentsView.Page(ui.chrome(ctx, project, "incidents", "Incidents · " + project.name()), view));
        }
    }

    IncidentsView list(Project project, JobView.Access access, Long before) {
        Instant now = ui.clock.instant();
        return ui.store.read(tx -> {
            Map<Long, Optional<Job>> jobs = new HashMap<>();
            List<IncidentsView.Row> active = tx.incidents().byProject(project.id(),
                            EnumSet.of(Incident.State.OPEN, Incident.State.ACKNOWLEDGED), null, ACTIVE_LIMIT)
                    .stream().sorted(ACTIVE_ORDER).map(i -> row(tx, jobs, project, i, now)).toList();
            List<Incident> resolved = tx.incidents().byProject(project.id(), EnumSet.of(Incident.State.RESOLVED), before, RESOLVED_PAGE + 1);
            Long older = resolved.size() > RESOLVED_PAGE ? resolved.get(RESOLVED_PAGE - 1).id() : null;
            return new IncidentsView(project, access, active,
                    resolved.stream().limit(RESOLVED_PAGE).map(i -> row(tx, jobs, project, i, now)).toList(), before, older);
        });
    }

    private void one(Context ctx) {
        Project project = ui.project(ctx);
        IncidentsView.Detail detail = detail(project, access(ctx, project), Sight.of(UiAuth.key(ctx)), id(ctx));
        if (Dashboard.fragment(ctx)) {
            ui.templates.render(ctx, "incident-detail.jte", detail);
        } else {
            String title = "Incident #" + detail.row().i().id() + " · " + detail.row().jobName();
            ui.templates.render(ctx, "incident.jte", new IncidentsView.DetailPage(ui.chrome(ctx, project, "incidents", title), detail));
        }
    }

    IncidentsView.Detail detail(Project project, JobView.Access access, Sight sight, long id) {
        Instant now = ui.clock.instant();
        return ui.store.read(tx -> {
            Incident incident = incident(tx, project, id);
            IncidentsView.Row row = row(tx, new HashMap<>(), project, incident, now);
            Map<Long, Optional<Channel>> channels = new HashMap<>();
            List<AlertsView.Row> notifications = tx.outbox().recent(incident.jobId(), NOTIFICATIONS_READ).stream()
                    .filter(n -> n.incidentId() != null && n.incidentId() == id)
                    .map(n -> {
                        Optional<Channel> c = channels.computeIfAbsent(n.channelId(), cid -> tx.channels().byId(cid));
                        return new AlertsView.Row(n, row.jobSlug(), row.jobName(), null, c.map(Channel::name).orElse(null),
                                c.map(Channel::kind).orElse(null), tx.outbox().attempts(n.id())).seenBy(sight);
                    }).toList();
            return new IncidentsView.Detail(access, row, tx.incidents().events(id), notifications);
        });
    }

    IncidentsView.Row row(Project project, long id) {
        Instant now = ui.clock.instant();
        return ui.store.read(tx -> row(tx, new HashMap<>(), project, incident(tx, project, id), now));
    }

    /** The incident, if it is in the project: another project's is "not found", as in the API. */
    static Incident incident(Tx tx, Project project, long id) {
        return tx.incidents().byId(id).filter(i -> i.projectId() == project.id())
                .orElseThrow(() -> new NotFoundException("no incident " + id + " in project '" + project.slug() + "'"));
    }

    private static IncidentsView.Row row(Tx tx, Map<Long, Optional<Job>> jobs, Project project, Incident i, Instant now) {
        Optional<Job> job = jobs.computeIfAbsent(i.jobId(), id -> tx.jobs().byId(id));
        return new IncidentsView.Row(i, project.slug(), job.map(Job::slug).orElse(null),
                job.map(JobPage::name).orElse("deleted job"), now);
    }

    static JobView.Access access(Context ctx, Project project) {
        return new JobView.Access(ApiKeys.allows(UiAuth.key(ctx), ApiKey.Role.OPERATOR, project.id()), UiAuth.session(ctx).csrf());
    }

    static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundException("no incident '" + ctx.pathParam("id") + "'");
        }
    }
}

package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alert.Incidents;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Incident;
import dev.vigil.domain.IncidentEvent;
import dev.vigil.domain.Job;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.security.Sight;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Incidents ({@code /api/v1/incidents}): list, one with its history and notifications, and the two
 * things people do to them, acknowledge and resolve. Operators and above may act; viewers may read.
 */
final class IncidentRoutes {
    private static final int MAX_COMMENT = 1_000;
    private final ApiContext api;
    private final Transactor store;
    private final Incidents incidents;
    private final Runnable changed;

    /** @param changed called after a person changed an incident: wakes delivery, refreshes dashboards */
    IncidentRoutes(ApiContext api, Incidents incidents, Runnable changed) {
        this.api = api;
        this.store = api.store;
        this.incidents = incidents;
        this.changed = changed;
    }

    void register(JavalinConfig config) {
        config.routes.get("/api/v1/incidents", this::list);
        config.routes.get("/api/v1/incidents/{id}", this::one);
        config.routes.post("/api/v1/incidents/{id}/acknowledge", ctx -> act(ctx, true));
        config.routes.post("/api/v1/incidents/{id}/resolve", ctx -> act(ctx, false));
    }

    /** {@code ?project=&job=&state=open,acknowledged&before=&limit=}, newest first. */
    private void list(Context ctx) {
        String projectSlug = ctx.queryParam("project");
        String jobSlug = ctx.queryParam("job");
        if (jobSlug != null && projectSlug == null) throw new ValidationException("project", "is required with job");
        Long bound = Auth.key(ctx).projectId();
        Project project = projectSlug != null ? api.project(projectSlug)
                : bound == null ? null : store.read(tx -> tx.projects().byId(bound)).orElse(null);
        if (project == null) throw new ValidationException("project", "is required");
        Auth.require(ctx, Role.VIEWER, project.id());
        Set<Incident.State> states = states(ctx.queryParam("state"));
        int limit = ApiContext.limit(ctx, 100, 1_000);
        Long before = ApiContext.before(ctx);
        var list = store.read(tx -> {
            List<Incident> found;
            if (jobSlug != null) {
                Job job = tx.jobs().bySlug(project.id(), jobSlug).orElseThrow(() ->
                        new NotFoundException("no job '" + jobSlug + "' in project '" + project.slug() + "'"));
                found = tx.incidents().byJob(job.id(), limit).stream()
                        .filter(i -> states.contains(i.state()) && (before == null || i.id() < before)).toList();
            } else {
                found = tx.incidents().byProject(project.id(), states, before, limit);
            }
            Map<Long, Job> jobs = new HashMap<>();
            return found.stream().map(i -> view(i, jobs.computeIfAbsent(i.jobId(), id -> tx.jobs().byId(id).orElse(null))))
                    .toList();
        });
        Json.send(ctx, 200, Map.of("incidents", list));
    }

    private void one(Context ctx) {
        long id = HistoryRoutes.parseId(ctx.pathParam("id"));
        Sight sight = ApiContext.sight(ctx);
        Map<String, Object> body = store.read(tx -> {
            Incident incident = visible(ctx, tx, id, Role.VIEWER);
            Map<String, Object> m = view(incident, tx.jobs().byId(incident.jobId()).orElse(null));
            m.put("history", tx.incidents().events(id).stream().map(IncidentRoutes::event).toList());
            m.put("notifications", tx.outbox().recent(incident.jobId(), 500).stream()
                    .filter(n -> n.incidentId() != null && n.incidentId() == id)
                    .map(n -> Views.notification(n, tx.outbox().attempts(n.id()), sight)).toList());
            return m;
        });
        Json.send(ctx, 200, body);
    }

    private void act(Context ctx, boolean acknowledge) {
        long id = HistoryRoutes.parseId(ctx.pathParam("id"));
        String comment = comment(ctx);
        ApiKey key = Auth.key(ctx);
        Map<String, Object> body = store.write(tx -> {
            Incident old = visible(ctx, tx, id, Role.OPERATOR);
            Incident done = acknowledge ? incidents.acknowledge(tx, id, key.name(), comment, api.clock.instant())
                    : incidents.resolve(tx, id, key.name(), comment, api.clock.instant());
            api.audit.incident(tx, AuditLog.actor(ctx), acknowledge, old, done);
            return view(done, tx.jobs().byId(done.jobId()).orElse(null));
        });
        changed.run();
        Json.send(ctx, 200, body);
    }

    /** The incident, if the caller may see it with {@code role}; another project's is "not found" to a bound key. */
    private static Incident visible(Context ctx, Tx tx, long id, Role role) {
        Incident incident = tx.incidents().byId(id).orElseThrow(() -> new NotFoundException("no incident " + id));
        Long bound = Auth.key(ctx).projectId();
        if (bound != null && bound != incident.projectId()) throw new NotFoundException("no incident " + id);
        Auth.require(ctx, role, incident.projectId());
        return incident;
    }

    private static String comment(Context ctx) {
        JsonNode body = Json.optionalObject(ctx);
        if (body == null) return null;
        Fields.rejectUnknown(body, "", Set.of("comment"), Set.of());
        return Fields.lines(body, "comment", MAX_COMMENT);
    }

    private static Set<Incident.State> states(String param) {
        if (param == null || param.isBlank()) return EnumSet.allOf(Incident.State.class);
        Set<Incident.State> states = EnumSet.noneOf(Incident.State.class);
        for (String s : param.split(",")) states.add(Incident.State.parse("state", s.strip()));
        return states;
    }

    static Map<String, Object> view(Incident i, Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("project", job == null ? null : job.project());
        m.put("job", job == null ? null : job.slug());
        m.put("jobName", job == null ? null : job.name());
        m.put("severity", i.severity().wire());
        m.put("state", i.state().wire());
        m.put("reason", i.reason());
        m.put("openedAt", i.openedAt());
        m.put("notifiedAt", i.notifiedAt());
        m.put("suppressed", i.suppressed());
        m.put("flapping", i.flapping());
        m.put("acknowledgedAt", i.acknowledgedAt());
        m.put("acknowledgedBy", i.acknowledgedBy());
        m.put("resolvedAt", i.resolvedAt());
        m.put("resolvedBy", i.resolvedBy());
        m.put("step", i.step());
        m.put("repeats", i.repeats());
        m.put("nextCheckAt", i.nextCheckAt());
        return m;
    }

    private static Map<String, Object> event(IncidentEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at());
        m.put("action", e.action());
        m.put("actor", e.actor());
        m.put("detail", e.detail());
        return m;
    }
}

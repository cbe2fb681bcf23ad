package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alert.ChannelRegistry;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Channel;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.security.Sight;
import dev.vigil.store.Transactor;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Alert channels per project ({@code /api/v1/projects/{project}/channels}) and the delivery history
 * ({@code /api/v1/notifications}): every attempt is visible. Channel secrets are never returned.
 */
final class AlertRoutes {
    private final ApiContext api;
    private final Transactor store;
    private final ChannelRegistry registry;

    AlertRoutes(ApiContext api, ChannelRegistry registry) {
        this.api = api;
        this.store = api.store;
        this.registry = registry;
    }

    void register(JavalinConfig config) {
        config.routes.get("/api/v1/projects/{project}/channels", this::list);
        config.routes.post("/api/v1/projects/{project}/channels", this::create);
        config.routes.delete("/api/v1/projects/{project}/channels/{id}", this::delete);
        config.routes.get("/api/v1/notifications", this::notifications);
    }

    private Project project(Context ctx, Role role) {
        Project p = api.project(ctx.pathParam("project"));
        Auth.require(ctx, role, p.id());
        return p;
    }

    private void list(Context ctx) {
        Project p = project(ctx, Role.VIEWER);
        Sight sight = ApiContext.sight(ctx);
        var channels = store.read(tx -> tx.channels().byProject(p.id())).stream().map(c -> view(c, sight)).toList();
        Json.send(ctx, 200, Map.of("channels", channels));
    }

    private void create(Context ctx) {
        Project p = project(ctx, Role.ADMIN);
        Channel read = ApiForms.channel(Json.object(ctx), registry, p.id(), api.clock.instant());
        Channel c = store.write(tx -> {
            Channel created = tx.channels().insert(read);
            api.audit.record(tx, ctx, "channel.create", p.id(), p.slug() + "/" + created.name(), null, audited(created));
            return created;
        });
        Json.send(ctx, 201, view(c, Sight.ALL));
    }

    private void delete(Context ctx) {
        Project p = project(ctx, Role.ADMIN);
        long id = HistoryRoutes.parseId(ctx.pathParam("id"));
        boolean deleted = store.write(tx -> tx.channels().byId(id).filter(c -> c.projectId() == p.id())
                .map(c -> {
                    AlertRuleRoutes.refuseIfUsed(tx, p, c.name());
                    api.audit.record(tx, ctx, "channel.delete", p.id(), p.slug() + "/" + c.name(), audited(c), null);
                    return tx.channels().delete(id);
                }).orElse(false));
        if (!deleted) throw new NotFoundException("no channel " + id + " in project '" + p.slug() + "'");
        ctx.status(204);
    }

    /** {@code ?project=&job=&limit=}: recent notifications with every delivery attempt. */
    private void notifications(Context ctx) {
        String projectSlug = ctx.queryParam("project");
        String jobSlug = ctx.queryParam("job");
        int limit = ApiContext.limit(ctx, 100, 1_000);
        if (jobSlug != null && projectSlug == null) throw new ValidationException("project", "is required with job");
        Long bound = Auth.key(ctx).projectId();
        // Without ?project=, a key bound to a project sees its own project.
        Project project = projectSlug != null ? api.project(projectSlug)
                : bound == null ? null : store.read(tx -> tx.projects().byId(bound)).orElse(null);
        Auth.require(ctx, Role.VIEWER, project == null ? null : project.id());
        Sight sight = ApiContext.sight(ctx);
        Long jobId = jobSlug == null ? null : store.read(tx -> tx.jobs().bySlug(project.id(), jobSlug))
                .orElseThrow(() -> new NotFoundException("no job '" + jobSlug + "' in project '" + projectSlug + "'")).id();
        var list = store.read(tx -> (jobId == null && project != null
                        ? tx.outbox().recentInProject(project.id(), limit) : tx.outbox().recent(jobId, limit))
                .stream().map(n -> Views.notification(n, tx.outbox().attempts(n.id()), sight)).toList());
        Json.send(ctx, 200, Map.of("notifications", list));
    }

    /** The view with the config, whose secrets the audit log masks. */
    private static Map<String, Object> audited(Channel c) {
        Map<String, Object> m = view(c, Sight.ALL);
        m.put("config", AuditLog.parse(c.config()));
        return m;
    }

    private static Map<String, Object> view(Channel c, Sight sight) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("kind", c.kind());
        m.put("name", c.name());
        m.put("createdAt", c.createdAt());
        m.put("fallback", c.fallback());
        m.put("failing", c.failing());
        m.put("failingSince", c.failingSince());
        m.put("failingError", Views.deliveryError(c.failingError(), sight));
        return m;
    }
}

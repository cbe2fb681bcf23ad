package dev.vigil.web;

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
import java.util.Map;

/**
 * Alert channels per project ({@code /api/v1/projects/{project}/channels}) and the delivery history
 * ({@code /api/v1/notifications}): every attempt is visible. Channel secrets are never returned.
 */
final class AlertRoutes {
    private final ApiContext api;
    private final Transactor store;
    private final ChannelChanges channels;

    AlertRoutes(ApiContext api, ChannelRegistry registry) {
        this.api = api;
        this.store = api.store;
        this.channels = new ChannelChanges(api.store, registry, api.audit, api.clock);
    }

    void register(JavalinConfig config) {
        config.routes.get("/api/v1/projects/{project}/channels", this::list);
        config.routes.post("/api/v1/projects/{project}/channels", this::create);
        config.routes.put("/api/v1/projects/{project}/channels/{id}", this::update);
        config.routes.delete("/api/v1/projects/{project}/channels/{id}", this::delete);
        config.routes.post("/api/v1/projects/{project}/channels/{id}/test", this::test);
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
        var channels = store.read(tx -> tx.channels().byProject(p.id())).stream().map(c -> ChannelChanges.view(c, sight)).toList();
        Json.send(ctx, 200, Map.of("channels", channels));
    }

    private void create(Context ctx) {
        Project p = project(ctx, Role.ADMIN);
        Channel c = channels.create(p, AuditLog.actor(ctx), channels.read(Json.object(ctx)));
        Json.send(ctx, 201, ChannelChanges.view(c, Sight.ALL));
    }

    /** Replaces the channel's kind, name, config and fallback flag, as {@link #create} reads them. */
    private void update(Context ctx) {
        Project p = project(ctx, Role.ADMIN);
        long id = HistoryRoutes.parseId(ctx.pathParam("id"));
        channels.get(p, id); // a missing channel is a 404 before a body is judged
        Channel c = channels.update(p, id, AuditLog.actor(ctx), channels.read(Json.object(ctx)));
        Json.send(ctx, 200, ChannelChanges.view(c, Sight.ALL));
    }

    /** Sends a test message now and answers with what the receiver answered. */
    private void test(Context ctx) {
        Project p = project(ctx, Role.ADMIN);
        long id = HistoryRoutes.parseId(ctx.pathParam("id"));
        var result = channels.test(p, id, AuditLog.actor(ctx), api.baseUrl() + "/ui/p/" + p.slug() + "/channels");
        Json.send(ctx, 200, ChannelChanges.testView(result));
    }

    private void delete(Context ctx) {
        Project p = project(ctx, Role.ADMIN);
        channels.delete(p, HistoryRoutes.parseId(ctx.pathParam("id")), AuditLog.actor(ctx));
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
}

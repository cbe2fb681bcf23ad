package dev.vigil.web;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Project;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;

/** {@code /api/v1/projects}: list and create. A project-bound key sees only its own project. */
final class ProjectRoutes {
    static final int PING_KEY_LENGTH = 22;
    private final ApiContext api;

    ProjectRoutes(ApiContext api) {
        this.api = api;
    }

    void register(JavalinConfig config) {
        config.routes.get("/api/v1/projects", this::list);
        config.routes.post("/api/v1/projects", this::create);
        config.routes.get("/api/v1/projects/{project}", this::get);
    }

    private void list(Context ctx) {
        ApiKey key = Auth.key(ctx);
        Auth.require(ctx, Role.VIEWER, key.projectId());
        boolean secrets = ApiContext.sight(ctx).pingSecrets();
        var projects = api.store.read(tx -> tx.projects().list()).stream()
                .filter(p -> key.projectId() == null || key.projectId() == p.id())
                .map(p -> Views.project(p, secrets)).toList();
        Json.send(ctx, 200, Map.of("projects", projects));
    }

    private void get(Context ctx) {
        Project p = api.project(ctx.pathParam("project"));
        Auth.require(ctx, Role.VIEWER, p.id());
        Json.send(ctx, 200, Views.project(p, ApiContext.sight(ctx).pingSecrets()));
    }

    private void create(Context ctx) {
        Auth.require(ctx, Role.ADMIN, null);
        Project p = ApiForms.createProject(api.store, api.audit, AuditLog.actor(ctx), Json.object(ctx), api.clock.instant());
        Json.send(ctx, 201, Views.project(p, true));
    }
}

package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.security.ApiKeys;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;

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
        JsonNode body = Json.object(ctx);
        Fields.rejectUnknown(body, "", Set.of("slug", "name"), Set.of());
        String slug = Project.checkSlug(Fields.text(body, "slug", 64), "slug");
        String name = Fields.text(body, "name", 200);
        if (name != null && name.isBlank()) throw new ValidationException("name", "must not be blank");
        Project p = api.store.write(tx -> {
            Project created = tx.projects().insert(slug, name == null ? slug : name, ApiKeys.random(PING_KEY_LENGTH),
                    api.clock.instant());
            api.audit.record(tx, ctx, "project.create", created.id(), created.slug(), null, Views.project(created, false));
            return created;
        });
        Json.send(ctx, 201, Views.project(p, true));
    }
}

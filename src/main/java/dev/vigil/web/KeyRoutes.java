package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ApiKey.Role;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/keys}: create, list and delete API keys, as {@link KeyChanges} does it. Admin keys
 * only; an admin key bound to a project sees and manages that project's keys and no others.
 */
final class KeyRoutes {
    private final KeyChanges keys;

    KeyRoutes(ApiContext api) {
        this.keys = new KeyChanges(api.store, api.audit, api.clock);
    }

    void register(JavalinConfig config) {
        config.routes.get("/api/v1/keys", this::list);
        config.routes.post("/api/v1/keys", this::create);
        config.routes.delete("/api/v1/keys/{id}", this::delete);
    }

    private void list(Context ctx) {
        var list = keys.list(Auth.key(ctx)).stream().map(k -> KeyChanges.view(k.key(), k.project())).toList();
        Json.send(ctx, 200, Map.of("keys", list));
    }

    /** {@code {"name", "role", "project"}}; without {@code project} the key is valid in every project. */
    private void create(Context ctx) {
        ApiKey caller = Auth.key(ctx);
        Auth.require(ctx, Role.ADMIN, caller.projectId());
        JsonNode body = Json.object(ctx);
        Fields.rejectUnknown(body, "", Set.of("name", "role", "project"), Set.of());
        String name = Fields.text(body, "name", 100);
        String role = Fields.text(body, "role", 20);
        String slug = Fields.text(body, "project", 64);
        KeyChanges.Created created = keys.create(caller, AuditLog.actor(ctx), name, role, slug);
        Map<String, Object> view = KeyChanges.view(created.key(), created.project());
        view.put("key", created.secret());
        Json.send(ctx, 201, view);
    }

    private void delete(Context ctx) {
        ApiKey caller = Auth.key(ctx);
        Auth.require(ctx, Role.ADMIN, caller.projectId());
        keys.delete(caller, AuditLog.actor(ctx), HistoryRoutes.parseId(ctx.pathParam("id")));
        ctx.status(204);
    }
}

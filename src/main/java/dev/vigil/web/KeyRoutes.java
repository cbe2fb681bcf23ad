package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.Enums;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.security.ApiKeys;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/keys}: create, list and delete API keys. Admin keys only; an admin key bound to a
 * project sees and manages that project's keys and no others. The secret is in the answer to its
 * creation and nowhere else: only its hash is stored.
 */
final class KeyRoutes {
    private static final Logger log = LoggerFactory.getLogger(KeyRoutes.class);
    private final ApiContext api;

    KeyRoutes(ApiContext api) {
        this.api = api;
    }

    void register(JavalinConfig config) {
        config.routes.get("/api/v1/keys", this::list);
        config.routes.post("/api/v1/keys", this::create);
        config.routes.delete("/api/v1/keys/{id}", this::delete);
    }

    private void list(Context ctx) {
        Long scope = Auth.key(ctx).projectId();
        Auth.require(ctx, Role.ADMIN, scope);
        var keys = api.store.read(tx -> {
            Map<Long, String> slugs = tx.projects().list().stream().collect(Collectors.toMap(Project::id, Project::slug));
            return tx.apiKeys().list().stream()
                    .filter(k -> scope == null || scope.equals(k.projectId()))
                    .map(k -> view(k, k.projectId() == null ? null : slugs.get(k.projectId()))).toList();
        });
        Json.send(ctx, 200, Map.of("keys", keys));
    }

    /** {@code {"name", "role", "project"}}; without {@code project} the key is valid in every project. */
    private void create(Context ctx) {
        ApiKey caller = Auth.key(ctx);
        Auth.require(ctx, Role.ADMIN, caller.projectId());
        JsonNode body = Json.object(ctx);
        Fields.rejectUnknown(body, "", Set.of("name", "role", "project"), Set.of());
        String name = Fields.text(body, "name", 100);
        if (name == null || name.isBlank()) throw new ValidationException("name", "is required");
        String roleText = Fields.text(body, "role", 20);
        if (roleText == null) throw new ValidationException("role", "is required: viewer, operator, editor, admin or agent");
        Role role = Enums.fromWire(Role.class, roleText, "role");
        String slug = Fields.text(body, "project", 64);
        Project project = slug == null ? null : api.project(slug);
        Auth.require(ctx, Role.ADMIN, project == null ? null : project.id());
        String secret = ApiKeys.generate();
        ApiKey key = api.store.write(tx -> {
            ApiKey created = tx.apiKeys().insert(new ApiKey(0, name, ApiKeys.prefix(secret), ApiKeys.hash(secret),
                    project == null ? null : project.id(), role, api.clock.instant()));
            api.audit.record(tx, ctx, "key.create", created.projectId(), Long.toString(created.id()), null, view(created, slug));
            return created;
        });
        log.info("API key {} '{}' ({}, project {}) created by key {}", key.id(), key.name(), role.wire(),
                slug == null ? "all" : slug, caller.id());
        Map<String, Object> view = view(key, slug);
        view.put("key", secret);
        Json.send(ctx, 201, view);
    }

    private void delete(Context ctx) {
        ApiKey caller = Auth.key(ctx);
        Auth.require(ctx, Role.ADMIN, caller.projectId());
        long id = HistoryRoutes.parseId(ctx.pathParam("id"));
        if (id == caller.id()) {
            throw new ConflictException("an API key cannot delete itself; delete it with another admin key");
        }
        ApiKey deleted = api.store.write(tx -> {
            // A key the caller may not manage is one it cannot see: answered like a key that does not exist.
            ApiKey target = tx.apiKeys().byId(id)
                    .filter(k -> ApiKeys.allows(caller, Role.ADMIN, k.projectId()))
                    .orElseThrow(() -> new NotFoundException("no API key " + id));
            if (target.role() == Role.ADMIN && target.projectId() == null && tx.apiKeys().lockGlobalAdmins() <= 1) {
                throw new ConflictException("this is the last admin key valid in every project; create another before deleting it");
            }
            tx.apiKeys().delete(id);
            api.audit.record(tx, ctx, "key.delete", target.projectId(), Long.toString(id), view(target, null), null);
            return target;
        });
        log.info("API key {} '{}' ({}) deleted by key {}", deleted.id(), deleted.name(), deleted.role().wire(), caller.id());
        ctx.status(204);
    }

    private static Map<String, Object> view(ApiKey k, String projectSlug) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("name", k.name());
        m.put("role", k.role().wire());
        if (projectSlug != null) m.put("project", projectSlug);
        m.put("prefix", k.prefix());
        m.put("createdAt", k.createdAt());
        return m;
    }
}

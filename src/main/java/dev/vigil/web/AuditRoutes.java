package dev.vigil.web;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.AuditEntry;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.store.AuditStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/audit}: the audit log, newest first (PRODUCT.md §9). Admin keys only; an admin
 * key bound to a project sees that project's entries and no others.
 */
final class AuditRoutes {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    private static final Pattern ACTION = Pattern.compile("[a-z]+(\\.[a-z_]+)?");
    private final ApiContext api;

    AuditRoutes(ApiContext api) {
        this.api = api;
    }

    void register(JavalinConfig config) {
        config.routes.get("/api/v1/audit", this::list);
    }

    /** {@code ?project=&actor=&action=&target=&since=&until=&before=&limit=}. */
    private void list(Context ctx) {
        AuditStore.Filter filter = filter(ctx);
        Json.send(ctx, 200, api.store.read(tx -> {
            List<AuditEntry> page = tx.audit().list(filter);
            Map<Long, String> slugs = tx.projects().list().stream().collect(Collectors.toMap(Project::id, Project::slug));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("entries", page.stream().map(e -> view(e, slugs)).toList());
            if (page.size() == filter.limit()) body.put("next", page.getLast().id());
            return body;
        }));
    }

    /** The filter asked for, within what the caller may see. */
    private AuditStore.Filter filter(Context ctx) {
        ApiKey key = Auth.key(ctx);
        String slug = ctx.queryParam("project");
        Long projectId = slug != null ? Long.valueOf(api.project(slug).id()) : key.projectId();
        Auth.require(ctx, Role.ADMIN, projectId);
        String action = text(ctx, "action", 60);
        if (action != null && !ACTION.matcher(action).matches()) {
            throw new ValidationException("action", "must be an action such as job.update, or a kind such as job");
        }
        String since = ctx.queryParam("since");
        String until = ctx.queryParam("until");
        return new AuditStore.Filter(projectId, text(ctx, "actor", 100), action, text(ctx, "target", 200),
                since == null ? null : Fields.instant(since, "since"), until == null ? null : Fields.instant(until, "until"),
                ApiContext.before(ctx), ApiContext.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT));
    }

    private static String text(Context ctx, String name, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) return null;
        if (v.length() > max) throw new ValidationException(name, "must be at most " + max + " characters");
        return v;
    }

    static Map<String, Object> view(AuditEntry e, Map<Long, String> slugs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("at", e.at());
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("kind", e.actor().kind().wire());
        actor.put("keyId", e.actor().keyId());
        actor.put("name", e.actor().name());
        m.put("actor", actor);
        m.put("address", e.actor().address());
        m.put("action", e.action());
        m.put("project", e.projectId() == null ? null : slugs.get(e.projectId()));
        m.put("target", e.target());
        m.put("before", e.before() == null ? null : new Views.RawJson(e.before()));
        m.put("after", e.after() == null ? null : new Views.RawJson(e.after()));
        return m;
    }
}

package dev.vigil.web.ui;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.AuditEntry;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.store.AuditStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code /ui/audit}: the audit log, newest first, for admins (docs/security.md). Like
 * {@code GET /api/v1/audit}, a session of a key bound to a project sees that project's entries.
 */
final class AuditPage {
    static final int PAGE = 100;
    private final Dashboard ui;

    AuditPage(Dashboard ui) {
        this.ui = ui;
    }

    void register(JavalinConfig config) {
        config.routes.get(Dashboard.ROOT + "/audit", this::audit);
    }

    private void audit(Context ctx) {
        ApiKey key = UiAuth.key(ctx);
        Dashboard.require(ctx, ApiKey.Role.ADMIN, key.projectId());
        AuditView.Filter f = new AuditView.Filter(param(ctx, "action", 60), param(ctx, "actor", 100), param(ctx, "target", 200));
        if (f.action() != null && !f.action().matches("[a-z]+(\\.[a-z_]+)?")) {
            throw new ValidationException("action", "must be an action such as job.update, or a kind such as job");
        }
        Long before = before(ctx);
        AuditView view = ui.store.read(tx -> {
            List<AuditEntry> entries = tx.audit().list(new AuditStore.Filter(key.projectId(), f.actor(), f.action(), f.target(),
                    null, null, before, PAGE));
            Map<Long, String> slugs = tx.projects().list().stream().collect(Collectors.toMap(Project::id, Project::slug));
            return new AuditView(f, entries.stream().map(e -> new AuditView.Row(e, slugs.get(e.projectId()))).toList(),
                    entries.size() == PAGE ? entries.getLast().id() : null);
        });
        Project none = null;
        ui.templates.render(ctx, "audit.jte", new AuditView.Page(ui.chrome(ctx, none, "audit", "Audit log"), view));
    }

    private static String param(Context ctx, String name, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        if (v.length() > max) throw new ValidationException(name, "must be at most " + max + " characters");
        return v.strip();
    }

    private static Long before(Context ctx) {
        String v = ctx.queryParam("before");
        if (v == null || v.isBlank()) return null;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ValidationException("before", "must be an id from a previous page");
        }
    }
}

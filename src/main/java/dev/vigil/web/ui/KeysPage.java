package dev.vigil.web.ui;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.web.KeyChanges;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /ui/keys}: the API keys, for admins, as {@code /api/v1/keys} manages them ({@link KeyChanges}):
 * listed without their secrets, created (the secret shown once, in the answer to the form), revoked.
 */
final class KeysPage {
    private static final String PATH = Dashboard.ROOT + "/keys";
    private final Dashboard ui;
    private final KeyChanges keys;

    KeysPage(Dashboard ui) {
        this.ui = ui;
        this.keys = new KeyChanges(ui.store, ui.audit, ui.clock);
    }

    void register(JavalinConfig config) {
        config.routes.get(PATH, this::page);
        config.routes.post(PATH, this::create);
        config.routes.post(PATH + "/{id}/revoke", this::revoke);
    }

    private void page(Context ctx) {
        String done = ctx.queryParam("done");
        render(ctx, HttpStatus.OK, null, "revoked".equals(done) ? "Key revoked: it no longer works." : null, Map.of(), null);
    }

    private void create(Context ctx) {
        ApiKey caller = caller(ctx);
        Map<String, String> values = new LinkedHashMap<>();
        for (String f : List.of("name", "role", "project")) values.put(f, ctx.formParam(f) == null ? "" : ctx.formParam(f).strip());
        KeyChanges.Created created;
        try {
            String project = values.get("project").isEmpty() ? null : values.get("project");
            created = keys.create(caller, Dashboard.actor(ctx), values.get("name"), values.get("role"), project);
        } catch (ValidationException | NotFoundException e) {
            render(ctx, HttpStatus.UNPROCESSABLE_CONTENT, null, null, values, e);
            return;
        }
        // The one answer that holds the secret: not to be kept by the browser or anything between.
        ctx.header("Cache-Control", "no-store");
        render(ctx, HttpStatus.OK, created, null, Map.of(), null);
    }

    private void revoke(Context ctx) {
        ApiKey caller = caller(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundException("no API key '" + ctx.pathParam("id") + "'");
        }
        keys.delete(caller, Dashboard.actor(ctx), id); // a conflict (the last admin key) is answered as an error
        String back = PATH + "?done=revoked";
        if ("true".equals(ctx.header("HX-Request"))) {
            ctx.header("HX-Redirect", back);
            ctx.status(200).result("");
        } else {
            ctx.redirect(back, HttpStatus.SEE_OTHER);
        }
    }

    private static ApiKey caller(Context ctx) {
        ApiKey key = UiAuth.key(ctx);
        Dashboard.require(ctx, ApiKey.Role.ADMIN, key.projectId());
        return key;
    }

    private void render(Context ctx, HttpStatus status, KeyChanges.Created created, String done, Map<String, String> values,
                        RuntimeException error) {
        ApiKey caller = caller(ctx);
        List<KeyChanges.Listed> list = keys.list(caller);
        List<String> projects = ui.visibleProjects(caller).stream().map(Project::slug).toList();
        String field = null;
        String message = null;
        if (error instanceof ValidationException v && v.field() != null && Set.of("name", "role", "project").contains(v.field())) {
            field = v.field();
            message = v.getMessage().substring(v.field().length() + 2);
        } else if (error instanceof NotFoundException) {
            field = "project";
            message = error.getMessage();
        } else if (error != null) {
            field = "form";
            message = error.getMessage();
        }
        Project none = null;
        ctx.status(status);
        ui.templates.render(ctx, "keys.jte", new KeysView(ui.chrome(ctx, none, "keys", "API keys"), list, caller.id(), projects,
                caller.projectId() == null, created, done, values, field, message));
    }
}

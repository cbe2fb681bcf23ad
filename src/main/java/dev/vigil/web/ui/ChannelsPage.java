package dev.vigil.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.security.ApiKeys;
import dev.vigil.security.Sight;
import dev.vigil.web.ChannelChanges;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import dev.vigil.web.ui.ChannelsView.Form;

/**
 * {@code /ui/p/{project}/channels}: the project's alert channels; for admins, forms to create, edit
 * and delete them and a button that sends a test and shows what the receiver answered. The form is
 * turned into the API's JSON and read by the API's own {@link ChannelChanges}, so that the kinds
 * validate it exactly as they validate the API's.
 */
final class ChannelsPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Dashboard ui;
    private final ChannelChanges channels;

    ChannelsPage(Dashboard ui) {
        this.ui = ui;
        this.channels = new ChannelChanges(ui.store, ui.alerting.channels(), ui.audit, ui.clock);
    }

    void register(JavalinConfig config) {
        String base = Dashboard.ROOT + "/p/{project}/channels";
        config.routes.get(base, this::page);
        config.routes.post(base, this::create);
        config.routes.get(base + "/form", this::kindForm);
        config.routes.get(base + "/{id}", this::edit);
        config.routes.post(base + "/{id}", this::update);
        config.routes.post(base + "/{id}/delete", this::delete);
        config.routes.post(base + "/{id}/test", this::test);
    }

    private void page(Context ctx) {
        Project project = ui.project(ctx);
        ChannelsView view = view(ctx, project);
        String done = ctx.queryParam("done");
        view = view.withDone(done != null && Set.of("created", "saved", "deleted").contains(done) ? "Channel " + done + "." : null);
        Form form = view.admin() ? form(ctx, project, null, "webhook", Map.of(), false, null, null) : null;
        render(ctx, project, view, form, HttpStatus.OK);
    }

    /** htmx: the create form again for another kind, keeping the name typed. */
    private void kindForm(Context ctx) {
        Project project = admin(ctx);
        String kind = ctx.queryParam("kind");
        if (kind == null || !channels.registry().kinds().contains(kind)) kind = "webhook";
        Map<String, String> typed = new HashMap<>();
        if (ctx.queryParam("name") != null) typed.put("name", ctx.queryParam("name"));
        ui.templates.render(ctx, "channel-form.jte", form(ctx, project, null, kind, typed, false, null, null));
    }

    private void create(Context ctx) {
        Project project = admin(ctx);
        Map<String, String> typed = typed(ctx);
        String kind = typed.getOrDefault("kind", "");
        try {
            channels.create(project, Dashboard.actor(ctx), channels.read(body(typed, null)));
            done(ctx, project, "created");
        } catch (ValidationException | ConflictException e) {
            failed(ctx, project, form(ctx, project, null, kind, typed, "on".equals(typed.get("fallback")), null, e));
        }
    }

    private void edit(Context ctx) {
        Project project = admin(ctx);
        Channel c = channels.get(project, id(ctx));
        JsonNode stored = stored(c);
        Map<String, String> values = new LinkedHashMap<>(ChannelFields.values(c.kind(), stored));
        values.put("name", c.name());
        Form form = form(ctx, project, c, c.kind(), values, c.fallback(), stored, null);
        ui.templates.render(ctx, "channel-edit.jte", new ChannelsView.EditPage(
                ui.chrome(ctx, project, "channels", "Channel " + c.name() + " · " + project.name()), form));
    }

    private void update(Context ctx) {
        Project project = admin(ctx);
        Channel old = channels.get(project, id(ctx));
        Map<String, String> typed = typed(ctx);
        String kind = typed.getOrDefault("kind", old.kind());
        // Secrets left empty keep their stored values, but only for the same kind: another kind's secret means nothing.
        JsonNode stored = kind.equals(old.kind()) ? stored(old) : null;
        try {
            channels.update(project, old.id(), Dashboard.actor(ctx), channels.read(body(typed, stored)));
            done(ctx, project, "saved");
        } catch (ValidationException | ConflictException e) {
            Form form = form(ctx, project, old, kind, typed, "on".equals(typed.get("fallback")), stored, e);
            if (htmx(ctx)) {
                ui.templates.render(ctx, "channel-form.jte", form);
            } else {
                ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
                ui.templates.render(ctx, "channel-edit.jte", new ChannelsView.EditPage(
                        ui.chrome(ctx, project, "channels", "Channel " + old.name() + " · " + project.name()), form));
            }
        }
    }

    private void delete(Context ctx) {
        Project project = admin(ctx);
        channels.delete(project, id(ctx), Dashboard.actor(ctx));
        done(ctx, project, "deleted");
    }

    /** Sends a test now; the answer replaces the row's answer slot. */
    private void test(Context ctx) {
        Project project = admin(ctx);
        long id = id(ctx);
        String base = ui.baseUrl != null ? ui.baseUrl : ctx.scheme() + "://" + ctx.host();
        var result = channels.test(project, id, Dashboard.actor(ctx), base + Dashboard.ROOT + "/p/" + project.slug() + "/channels");
        ui.templates.render(ctx, "channel-test.jte", new ChannelsView.Test(id, result));
    }

    /** The form's fields as the API's JSON. */
    private static ObjectNode body(Map<String, String> typed, JsonNode stored) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        String kind = typed.getOrDefault("kind", "").strip();
        if (!kind.isEmpty()) body.put("kind", kind);
        String name = typed.getOrDefault("name", "").strip();
        if (!name.isEmpty()) body.put("name", name);
        body.put("fallback", "on".equals(typed.get("fallback")));
        body.set("config", ChannelFields.config(kind, typed, stored));
        return body;
    }

    private Form form(Context ctx, Project project, Channel channel, String kind, Map<String, String> typed, boolean fallback,
                      JsonNode stored, RuntimeException error) {
        Map<String, String> setSecrets = new TreeMap<>();
        for (ChannelFields.Field f : ChannelFields.of(kind)) {
            if (f.secret() && ChannelFields.isSet(f, stored)) setSecrets.put(f.input(), ChannelFields.hint(f, stored));
        }
        Map<String, String> values = new HashMap<>(typed);
        // What was typed into a password-like field is not sent back either.
        for (ChannelFields.Field f : ChannelFields.of(kind)) if (!f.echoed()) values.remove(f.input());
        String field = null;
        String message = null;
        if (error instanceof ValidationException v) {
            field = errorField(kind, v.field());
            message = v.field() == null ? v.getMessage() : v.getMessage().substring(v.field().length() + 2);
        } else if (error != null) {
            field = "name";
            message = error.getMessage();
        }
        return new Form(project, UiAuth.session(ctx).csrf(), channel == null ? null : channel.id(), channels.registry().kinds(),
                kind, values, fallback, setSecrets, field, message);
    }

    /** The input an error names: {@code config.headers.X-Team} is about {@code config.headers}. */
    private static String errorField(String kind, String field) {
        if (field == null) return "form";
        if (!field.startsWith("config")) return Set.of("kind", "name", "fallback").contains(field) ? field : "form";
        for (ChannelFields.Field f : ChannelFields.of(kind)) {
            if (field.equals(f.input()) || field.startsWith(f.input() + ".")) return f.input();
        }
        return "form";
    }

    private ChannelsView view(Context ctx, Project project) {
        boolean admin = ApiKeys.allows(UiAuth.key(ctx), Role.ADMIN, project.id());
        Sight sight = Sight.of(UiAuth.key(ctx));
        var rows = ui.store.read(tx -> tx.channels().byProject(project.id())).stream()
                .map(c -> new ChannelsView.Row(c, (String) ChannelChanges.view(c, sight).get("failingError"))).toList();
        return new ChannelsView(project, admin, UiAuth.session(ctx).csrf(), rows, null);
    }

    private void render(Context ctx, Project project, ChannelsView view, Form form, HttpStatus status) {
        ctx.status(status);
        ui.templates.render(ctx, "channels.jte", new ChannelsView.Page(ui.chrome(ctx, project, "channels",
                "Channels · " + project.name()), view, form));
    }

    private void failed(Context ctx, Project project, Form form) {
        if (htmx(ctx)) ui.templates.render(ctx, "channel-form.jte", form);
        else render(ctx, project, view(ctx, project), form, HttpStatus.UNPROCESSABLE_CONTENT);
    }

    /**
     * Back to the list, which says what was done ({@code ?done=created}, {@code saved}, {@code deleted}; a
     * fixed word, so that a link cannot make the page say something else): htmx by {@code HX-Redirect},
     * a plain form by a 303.
     */
    private void done(Context ctx, Project project, String toast) {
        String list = Dashboard.ROOT + "/p/" + project.slug() + "/channels?done=" + toast;
        if (htmx(ctx)) {
            ctx.header("HX-Redirect", list);
            ctx.status(200).result("");
        } else {
            ctx.redirect(list, HttpStatus.SEE_OTHER);
        }
    }

    private Project admin(Context ctx) {
        Project project = ui.project(ctx);
        Dashboard.require(ctx, Role.ADMIN, project.id());
        return project;
    }

    private static Map<String, String> typed(Context ctx) {
        Map<String, String> typed = new HashMap<>();
        ctx.formParamMap().forEach((k, v) -> {
            if (!v.isEmpty() && !k.equals("_csrf")) typed.put(k, v.getFirst());
        });
        return typed;
    }

    private static JsonNode stored(Channel c) {
        try {
            return JSON.readTree(c.config());
        } catch (Exception e) {
            return JSON.createObjectNode(); // a hand-edited row: nothing to keep
        }
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundException("no channel '" + ctx.pathParam("id") + "'");
        }
    }

    private static boolean htmx(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }

}

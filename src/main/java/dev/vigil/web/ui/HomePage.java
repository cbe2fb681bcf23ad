package dev.vigil.web.ui;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.security.ApiKeys;
import dev.vigil.web.ApiForms;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;

/**
 * {@code /ui}: the landing page across projects (its list alone, live, with {@code ?fragment=1}), and {@code POST /ui/projects}, an admin creating a
 * project through the API's own code ({@link Definitions#createProject}).
 */
final class HomePage {
    private final Dashboard ui;

    HomePage(Dashboard ui) {
        this.ui = ui;
    }

    void register(JavalinConfig config) {
        config.routes.get(Dashboard.ROOT, ctx -> render(ctx, null, HttpStatus.OK));
        config.routes.post(Dashboard.ROOT + "/projects", this::createProject);
    }

    private void createProject(Context ctx) {
        Dashboard.require(ctx, Role.ADMIN, null);
        String slug = ctx.formParam("slug") == null ? "" : ctx.formParam("slug").strip();
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").strip();
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("slug", slug);
        if (!name.isEmpty()) body.put("name", name);
        Project created;
        try {
            created = ApiForms.createProject(ui.store, ui.audit, Dashboard.actor(ctx), body, ui.clock.instant());
        } catch (ValidationException e) {
            String field = "slug".equals(e.field()) || "name".equals(e.field()) ? e.field() : "form";
            String message = e.field() == null ? e.getMessage() : e.getMessage().substring(e.field().length() + 2);
            render(ctx, new HomeView.ProjectForm(UiAuth.session(ctx).csrf(), slug, name, field, message), HttpStatus.UNPROCESSABLE_CONTENT);
            return;
        } catch (dev.vigil.domain.ConflictException e) {
            render(ctx, new HomeView.ProjectForm(UiAuth.session(ctx).csrf(), slug, name, "slug", e.getMessage()), HttpStatus.CONFLICT);
            return;
        }
        ctx.redirect(Dashboard.ROOT + "/p/" + created.slug(), HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, HomeView.ProjectForm form, HttpStatus status) {
        ApiKey key = UiAuth.key(ctx);
        List<Project> projects = ui.visibleProjects(key);
        List<HomeView.Card> cards = ui.store.read(tx -> projects.stream()
                .map(p -> HomeView.Card.of(p, tx.jobs().summaries(p.id()))).toList());
        boolean admin = ApiKeys.allows(key, Role.ADMIN, null);
        if (form == null && admin) form = new HomeView.ProjectForm(UiAuth.session(ctx).csrf(), "", "", null, null);
        boolean canEdit = ApiKeys.allows(key, Role.EDITOR, key.projectId());
        ctx.status(status);
        ui.templates.render(ctx, Dashboard.fragment(ctx) ? "home-projects.jte" : "home.jte", new HomeView(ui.chrome(ctx, null, "home", "Projects"), cards,
                cards.stream().mapToInt(HomeView.Card::total).sum(), canEdit, admin ? form : null));
    }
}

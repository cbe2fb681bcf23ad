package dev.vigil.web.ui;

import dev.vigil.domain.ValidationException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** {@code /ui/login} and {@code /ui/logout}: a session from an API key, and its end. */
final class LoginPage {
    private final Dashboard ui;

    LoginPage(Dashboard ui) {
        this.ui = ui;
    }

    void register(JavalinConfig config) {
        config.routes.get(Dashboard.ROOT + "/login", ctx -> show(ctx, null, 200));
        config.routes.post(Dashboard.ROOT + "/login", this::login);
        config.routes.post(Dashboard.ROOT + "/logout", ctx -> {
            ui.auth.logout(ctx);
            ctx.redirect(Dashboard.ROOT + "/login");
        });
    }

    private void show(Context ctx, String error, int status) {
        ctx.status(status);
        ctx.header("Cache-Control", "no-store");
        ui.templates.render(ctx, "login.jte", new LoginView(ui.auth.loginToken(ctx), safeNext(ctx.queryParam("next")), error));
    }

    private void login(Context ctx) {
        try {
            ui.auth.login(ctx, ctx.formParam("key"));
        } catch (ValidationException e) {
            show(ctx, e.getMessage().replaceFirst("^key: ", ""), 400);
            return;
        } catch (dev.vigil.domain.VigilException e) {
            if (!"rate_limited".equals(e.code())) throw e;
            show(ctx, e.getMessage(), 429); // Retry-After is set
            return;
        }
        ctx.redirect(safeNext(ctx.formParam("next")));
    }

    /** Only paths inside the dashboard: a login link cannot send anyone elsewhere. */
    static String safeNext(String next) {
        if (next == null || !(next.equals(Dashboard.ROOT) || next.startsWith(Dashboard.ROOT + "/")) || next.startsWith("//") || next.contains("\\")
                || next.startsWith(Dashboard.ROOT + "/login")) {
            return Dashboard.ROOT;
        }
        return next;
    }
}

package dev.vigil.web;

import dev.vigil.domain.ValidationException;
import dev.vigil.domain.VigilException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps exceptions to HTTP answers, in exactly one place: {@code {"error", "message", "field"}}
 * with the right status for the API; plain text for ping URLs, whose clients are curl and shell scripts;
 * a page (or the login page) for the dashboard.
 */
final class Errors {
    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    private Errors() {}

    static void register(JavalinConfig config) {
        register(config, null);
    }

    /** With a dashboard, errors on its paths are pages rather than JSON. */
    static void register(JavalinConfig config, dev.vigil.web.ui.Dashboard dashboard) {

        config.routes.exception(VigilException.class, (e, ctx) -> {
            String field = e instanceof ValidationException v ? v.field() : null;
            answer(dashboard, ctx, status(e.code()), e.code(), e.getMessage(), field);
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            answer(dashboard, ctx, 500, "internal", "internal error; see the server log", null);
        });
        // Javalin's own answers (no such route, method not allowed …) in the same JSON shape.
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            String code = switch (status) {
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 413 -> "too_large";
                default -> status < 500 ? "invalid" : "internal";
            };
            String message = switch (status) {
                case 404 -> "no such resource: " + ctx.method() + " " + ctx.path();
                case 405 -> ctx.method() + " is not allowed on " + ctx.path();
                default -> e.getMessage();
            };
            answer(dashboard, ctx, status, code, message, null);
        });
    }

    static int status(String code) {
        return switch (code) {
            case "invalid" -> 400;
            case "unauthorized" -> 401;
            case "forbidden" -> 403;
            case "not_found" -> 404;
            case "conflict" -> 409;
            case "too_large" -> 413;
            case "rate_limited" -> 429;
            case "overloaded" -> 503;
            default -> 500;
        };
    }

    private static void answer(dev.vigil.web.ui.Dashboard dashboard, Context ctx, int status, String code, String message, String field) {
        if (dashboard != null && (ctx.path().equals("/ui") || ctx.path().startsWith("/ui/"))) {
            dashboard.answerError(ctx, status, message);
            return;
        }
        if (ctx.path().startsWith("/ping/")) {
            ctx.status(status).contentType("text/plain").result(status == 404 ? "not found" : message);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (field != null) body.put("field", field);
        Json.send(ctx, status, body);
    }
}

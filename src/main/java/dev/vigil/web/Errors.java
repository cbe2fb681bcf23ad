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

    /** The most of an unread request body an error answer reads away: the server's request size limit. */
    private static volatile long drainLimit = 1 << 20;

    private Errors() {}

    /**
     * An error found before the request's body was read (a bad path, a missing key) leaves the body
     * unread, and Jetty then closes the connection without saying so: a keep-alive client's next
     * request on it goes unanswered (found by ApiFuzzTest). So the rest of the body is read away, up
     * to the request size limit; a longer one, or one that cannot be read, gets {@code Connection: close}.
     */
    private static void drain(Context ctx, int status) {
        long length = ctx.req().getContentLengthLong();
        if (status == 413 || length > drainLimit) {
            ctx.header("Connection", "close");
            return;
        }
        try {
            java.io.InputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[8192];
            long read = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                read += n;
                if (read > drainLimit) {
                    ctx.header("Connection", "close");
                    return;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            ctx.header("Connection", "close");
        }
    }

    static void register(JavalinConfig config) {
        register(config, null);
    }

    /** With a dashboard, errors on its paths are pages rather than JSON. */
    static void register(JavalinConfig config, dev.vigil.web.ui.Dashboard dashboard) {

        config.routes.exception(VigilException.class, (e, ctx) -> {
            if (status(e.code()) == 500) { // a store failure: its message may quote SQL, which is for the log
                log.error("{} error on {} {}", e.code(), ctx.method(), loggable(ctx.path()), e);
                answer(dashboard, ctx, 500, "internal", "internal error; see the server log", null);
                return;
            }
            if (e instanceof dev.vigil.web.definitions.InvalidDocument d) { // every error of a definitions document
                drain(ctx, 400);
                Map<String, Object> body = body(e.code(), e.getMessage(), d.field());
                body.put("errors", d.errors().stream().map(x -> Map.of("field", x.field(), "message", x.message())).toList());
                Json.send(ctx, 400, body);
                return;
            }
            String field = e instanceof ValidationException v ? v.field() : null;
            answer(dashboard, ctx, status(e.code()), e.code(), e.getMessage(), field);
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected error on {} {}", ctx.method(), loggable(ctx.path()), e);
            answer(dashboard, ctx, 500, "internal", "internal error; see the server log", null);
        });
        // Javalin's own answers (no such route, method not allowed, body too large …) in the same JSON shape;
        // Jetty's, raised before Javalin runs, are ServerErrors'.
        long maxBody = config.http.maxRequestSize;
        drainLimit = maxBody;
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            String message = switch (status) {
                case 404 -> "no such resource: " + ctx.method() + " " + ctx.path();
                case 405 -> ctx.method() + " is not allowed on " + ctx.path();
                case 413 -> "request body too large: at most " + maxBody + " bytes";
                default -> e.getMessage();
            };
            answer(dashboard, ctx, status, code(status), message, null);
        });
        config.jetty.modifyServer(server -> server.setErrorHandler(new ServerErrors(WebServer.MAX_REQUEST_HEAD)));
    }

    /** A path fit for the log: a ping URL's uuid or ping key can ping, so it is left out. */
    static String loggable(String path) {
        // Healthchecks' API addresses a check by its uuid: logged by the job's unique key instead
        if (dev.vigil.web.healthchecks.HealthchecksApi.serves(path)) return dev.vigil.domain.Job.withUniqueKeys(path);
        if (!path.startsWith("/ping/")) return path;
        String[] segments = path.substring("/ping/".length()).split("/", -1);
        // /ping/{uuid}[/suffix], /ping/{ping key}/{slug}[/suffix]: the first segment is the secret
        segments[0] = "***";
        return "/ping/" + String.join("/", segments);
    }

    /** The error code of an HTTP status that no exception of ours named. */
    static String code(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413, 414, 431 -> "too_large";
            case 429 -> "rate_limited";
            case 503 -> "overloaded";
            default -> status < 500 ? "invalid" : "internal";
        };
    }

    /** The JSON error shape: {@code {"error", "message", "field"}}, {@code field} only when one is at fault. */
    static Map<String, Object> body(String code, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (field != null) body.put("field", field);
        return body;
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
        drain(ctx, status);
        if (dashboard != null && (ctx.path().equals("/ui") || ctx.path().startsWith("/ui/"))) {
            dashboard.answerError(ctx, status, message);
            return;
        }
        if (ctx.path().startsWith("/ping/")) {
            PingRoutes.allowAnyOrigin(ctx);
            ctx.status(status).contentType("text/plain").result(status == 404 ? "not found" : message);
            return;
        }
        Json.send(ctx, status, body(code, message, field));
    }
}

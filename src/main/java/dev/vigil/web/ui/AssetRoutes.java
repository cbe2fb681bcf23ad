package dev.vigil.web.ui;

import dev.vigil.domain.NotFoundException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's static files: our own under {@code /ui/assets/}, the libraries from their
 * WebJars under {@code /webjars/}. Only the files listed here are served, read from the class path
 * once and kept; a plain route costs nothing at start, where a static file handler over every
 * WebJar mounts each jar.
 */
final class AssetRoutes {
    private static final String OWN = "/ui/";
    private static final String WEBJARS = "/META-INF/resources";
    /** path → content type. */
    private static final Map<String, String> FILES = Map.of(
            "/ui/assets/vigil.css", "text/css; charset=utf-8",
            "/ui/assets/vigil.js", "text/javascript; charset=utf-8",
            "/ui/assets/job.js", "text/javascript; charset=utf-8",
            "/ui/assets/run-log.js", "text/javascript; charset=utf-8",
            "/ui/assets/favicon.svg", "image/svg+xml",
            Assets.HTMX, "text/javascript; charset=utf-8",
            Assets.UPLOT_JS, "text/javascript; charset=utf-8",
            Assets.UPLOT_CSS, "text/css; charset=utf-8");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    void register(JavalinConfig config) {
        for (String path : FILES.keySet()) config.routes.get(path, this::serve);
    }

    private void serve(Context ctx) {
        String path = ctx.path();
        byte[] body = cache.computeIfAbsent(path, AssetRoutes::load);
        // Libraries carry their version in the path and never change; our own files may change on upgrade.
        ctx.header("Cache-Control", path.startsWith("/webjars/") ? "public, max-age=31536000, immutable" : "public, max-age=300");
        ctx.contentType(FILES.get(path)).result(body);
    }

    private static byte[] load(String path) {
        String resource = path.startsWith("/webjars/") ? WEBJARS + path : OWN + path.substring("/ui/assets/".length());
        try (InputStream in = AssetRoutes.class.getResourceAsStream(resource)) {
            if (in == null) throw new NotFoundException("no such file: " + path + " (indicates a bug in the build)");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

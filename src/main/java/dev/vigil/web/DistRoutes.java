package dev.vigil.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Files a host fetches from the server it reports to: {@code GET /dist/vigil-run}, the light
 * {@code vigil run} for cron hosts (one POSIX shell file, docs/run-wrapper.md), the very file this
 * server's jar carries, so that the script and the server come from one build. Public, like ping URLs.
 */
final class DistRoutes {
    static final String VIGIL_RUN = "/dist/vigil-run";
    private final byte[] vigilRun;

    DistRoutes() {
        try (InputStream in = DistRoutes.class.getResourceAsStream("/dist/vigil-run")) {
            if (in == null) throw new IllegalStateException("dist/vigil-run is missing from the jar; indicates a bug in the build");
            this.vigilRun = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void register(JavalinConfig config) {
        config.routes.get(VIGIL_RUN, this::vigilRun);
    }

    private void vigilRun(Context ctx) {
        ctx.contentType("text/x-shellscript; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"vigil-run\"")
                .result(vigilRun);
    }
}

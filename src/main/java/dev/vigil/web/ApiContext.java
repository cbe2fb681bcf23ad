package dev.vigil.web;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.Job;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.ingest.Ingest;
import dev.vigil.security.Sight;
import dev.vigil.store.Transactor;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.function.IntSupplier;

/** What the API handlers share: the store, the writer, the clock and how to build links. */
final class ApiContext {
    final Transactor store;
    final Ingest ingest;
    final Clock clock;
    final AuditLog audit;
    private final String configuredBaseUrl;
    private final IntSupplier port;

    ApiContext(Transactor store, Ingest ingest, Clock clock, String configuredBaseUrl, IntSupplier port) {
        this.store = store;
        this.ingest = ingest;
        this.clock = clock;
        this.audit = new AuditLog(clock);
        this.configuredBaseUrl = configuredBaseUrl;
        this.port = port;
    }

    /** The command, recorded in the audit log as this request's change when the writer commits it. */
    dev.vigil.ingest.Command audited(Context ctx, dev.vigil.ingest.Command change) {
        return dev.vigil.ingest.Audit.of(audit.by(ctx), change);
    }

    String baseUrl() {
        return configuredBaseUrl != null ? configuredBaseUrl : "http://localhost:" + port.getAsInt();
    }

    Project project(String slug) {
        return store.read(tx -> tx.projects().bySlug(slug))
                .orElseThrow(() -> new NotFoundException("no project '" + slug + "'"));
    }

    /** The job at {@code /jobs/{project}/{slug}}, after checking the caller may act in its project. */
    Job job(Context ctx, ApiKey.Role role) {
        Project project = project(ctx.pathParam("project"));
        Auth.require(ctx, role, project.id());
        String slug = ctx.pathParam("slug");
        return store.read(tx -> tx.jobs().bySlug(project.id(), slug))
                .orElseThrow(() -> new NotFoundException("no job '" + slug + "' in project '" + project.slug() + "'"));
    }

    /** What the caller may see: read-only keys see nothing that can ping (PRODUCT.md §9); see {@link Sight}. */
    static Sight sight(Context ctx) {
        return Sight.of(Auth.key(ctx));
    }

    static int limit(Context ctx, int dflt, int max) {
        String s = ctx.queryParam("limit");
        if (s == null) return dflt;
        try {
            int n = Integer.parseInt(s);
            if (n < 1 || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new dev.vigil.domain.ValidationException("limit", "must be a whole number from 1 to " + max);
        }
    }

    static Long before(Context ctx) {
        String s = ctx.queryParam("before");
        if (s == null) return null;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new dev.vigil.domain.ValidationException("before", "must be an id from a previous page");
        }
    }
}

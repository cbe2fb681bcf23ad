package dev.vigil.web.ui;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.VigilException;
import dev.vigil.execution.RunLogs;
import dev.vigil.ingest.Ingest;
import dev.vigil.ingest.RunControl;
import dev.vigil.scheduler.Scheduler;
import dev.vigil.security.ApiKeys;
import dev.vigil.store.Transactor;
import dev.vigil.web.Alerting;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import java.time.Clock;
import java.util.List;

/**
 * The web dashboard under {@code /ui}: server-rendered pages (JTE), made live with htmx and a
 * server-sent event stream. Behind the same API keys as the API, through a login page and a session.
 * Each page is one small class registering its routes; this class holds what they share.
 */
public final class Dashboard implements AutoCloseable {
    static final String ROOT = "/ui";

    final Transactor store;
    final Ingest ingest;
    final Clock clock;
    final RunControl runs;
    final Scheduler scheduler;
    final RunLogs runLogs;
    /** The incident engine (acknowledge, resolve) and what to call after a person changed an incident. */
    final Alerting alerting;
    final Templates templates = new Templates();
    final UiAuth auth;
    final dev.vigil.web.AuditLog audit;
    final LiveFeed feed = new LiveFeed();
    /** Where this server is reached from outside, for ping URLs. */
    final String baseUrl;

    /** Which partitions this server owns, and when a silent node counts as dead: for the cluster page. */
    final dev.vigil.cluster.Ownership ownership;
    final java.time.Duration nodeTimeout;

    public Dashboard(Transactor store, Ingest ingest, Clock clock, RunControl runs, Scheduler scheduler,
                     RunLogs runLogs, Alerting alerting, String baseUrl, dev.vigil.cluster.Ownership ownership,
                     java.time.Duration nodeTimeout, dev.vigil.web.KeyCheck keys) {
        this.ownership = ownership;
        this.nodeTimeout = nodeTimeout;
        this.store = store;
        this.ingest = ingest;
        this.clock = clock;
        this.runs = runs;
        this.scheduler = scheduler;
        this.runLogs = runLogs;
        this.alerting = alerting;
        this.baseUrl = baseUrl;
        this.auth = new UiAuth(store, clock, baseUrl != null && baseUrl.startsWith("https:"), keys);
        this.audit = new dev.vigil.web.AuditLog(clock);
    }

    /** Who acts in this request, for the audit log: the session's key, from the caller's address. */
    static dev.vigil.domain.Actor actor(Context ctx) {
        return dev.vigil.domain.Actor.session(UiAuth.key(ctx), ctx.ip());
    }

    /** The command, recorded in the audit log as this session's change when the writer commits it. */
    dev.vigil.ingest.Command audited(Context ctx, dev.vigil.ingest.Command change) {
        return dev.vigil.ingest.Audit.of(audit.by(actor(ctx)), change);
    }

    public void register(JavalinConfig config) {
        new AssetRoutes().register(config);
        config.routes.before(ROOT + "/*", ctx -> {
            protect(ctx);
            if (!isPublic(ctx.path())) auth.authenticate(ctx);
        });
        config.routes.before(ROOT, ctx -> {
            protect(ctx);
            auth.authenticate(ctx);
        });
        config.routes.get("/", ctx -> ctx.redirect(ROOT));
        config.routes.get(ROOT + "/events", new SseHandler(feed::attach));
        new LoginPage(this).register(config);
        new HomePage(this).register(config);
        new BoardPage(this).register(config);
        new JobPage(this).register(config);
        new RunPage(this).register(config);
        new RunningPage(this).register(config);
        new UpcomingPage(this).register(config);
        new AgentsPage(this).register(config);
        new ClusterPage(this).register(config);
        new AuditPage(this).register(config);
        new AlertsPage(this).register(config);
        new IncidentsPage(this).register(config);
        new SilencesPage(this).register(config);
        new ChannelsPage(this).register(config);
        new AlertRulesPage(this).register(config);
        new KeysPage(this).register(config);
    }

    /** No framing (clickjacking of the action buttons), no MIME sniffing, no URLs leaking to other sites. */
    private static void protect(Context ctx) {
        ctx.header("Content-Security-Policy", "frame-ancestors 'none'");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
    }

    private static boolean isPublic(String path) {
        return path.equals(ROOT + "/login") || path.startsWith(ROOT + "/assets/");
    }

    List<Project> visibleProjects(ApiKey key) {
        return store.read(tx -> tx.projects().list()).stream()
                .filter(p -> key.projectId() == null || key.projectId() == p.id()).toList();
    }

    /** The project in the path, after checking the caller may see it. */
    Project project(Context ctx) {
        String slug = ctx.pathParam("project");
        Project p = store.read(tx -> tx.projects().bySlug(slug))
                .orElseThrow(() -> new NotFoundException("no project '" + slug + "'"));
        require(ctx, ApiKey.Role.VIEWER, p.id());
        return p;
    }

    static void require(Context ctx, ApiKey.Role role, Long projectId) {
        if (!ApiKeys.allows(UiAuth.key(ctx), role, projectId)) {
            throw new VigilException("forbidden", "your key may not do this (needs " + role.wire() + ")");
        }
    }

    Chrome chrome(Context ctx, Project project, String section, String title) {
        var session = UiAuth.session(ctx);
        ApiKey key = session.key();
        String who = key.name() != null && !key.name().isBlank() ? key.name() : key.prefix() + "…";
        return new Chrome(title, visibleProjects(key), project, section, who, key.role().wire(), session.csrf(),
                ApiKeys.allows(key, ApiKey.Role.OPERATOR, project == null ? null : project.id()), key.projectId() == null);
    }

    /**
     * Whether the request asks for a part of a page, not the whole page: a live refresh
     * ({@code ?fragment=1}) or an htmx request aimed at an element ({@code HX-Target}).
     */
    static boolean fragment(Context ctx) {
        return ctx.queryParam("fragment") != null
                || (ctx.header("HX-Target") != null && ctx.header("HX-History-Restore-Request") == null);
    }

    /** Answers an error on a dashboard path: the login page for 401, else a page (or, for htmx, a short text). */
    public void answerError(Context ctx, int status, String message) {
        boolean htmx = "true".equals(ctx.header("HX-Request"));
        if (status == 401) {
            String login = ROOT + "/login";
            if (htmx) {
                ctx.header("HX-Redirect", login);
                ctx.status(401).result("");
            } else {
                ctx.redirect(ctx.method().name().equals("GET") ? login + "?next=" + java.net.URLEncoder.encode(
                        ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()), java.nio.charset.StandardCharsets.UTF_8) : login);
            }
            return;
        }
        ctx.status(status);
        if (htmx) {
            ctx.contentType("text/plain; charset=utf-8").result(message);
        } else {
            templates.render(ctx, "error.jte", new ErrorView(status, message));
        }
    }

    /** Something the pages show changed outside the writer: open pages refresh their live parts. */
    public void changed() {
        feed.changed();
    }

    @Override
    public void close() {
        feed.close();
    }
}

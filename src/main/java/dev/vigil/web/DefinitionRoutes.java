package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alert.ChannelRegistry;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Managed;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.domain.VigilException;
import dev.vigil.ingest.Command;
import dev.vigil.security.ApiKeys;
import dev.vigil.web.definitions.Applier;
import dev.vigil.web.definitions.Exporter;
import dev.vigil.web.definitions.Plan;
import dev.vigil.web.definitions.Planner;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Jobs as code (docs/jobs-as-code.md): {@code POST /api/v1/apply} plans a definitions document and,
 * unless a dry run, applies it project by project; {@code GET /api/v1/export} writes what is defined
 * as such a document; {@code GET /api/v1/schema/definitions.json} is the document's JSON Schema.
 */
final class DefinitionRoutes {
    static final String SCHEMA_PATH = "/api/v1/schema/definitions.json";
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}");
    private final ApiContext api;
    private final Planner planner;
    private final Exporter exporter;
    private final Runnable changed;

    /** @param changed called after an apply: maintenance windows may have changed what incidents are held */
    DefinitionRoutes(ApiContext api, ChannelRegistry registry, Runnable changed) {
        this.api = api;
        this.planner = new Planner(registry);
        this.exporter = new Exporter(registry);
        this.changed = changed;
    }

    void register(JavalinConfig config) {
        config.routes.post("/api/v1/apply", this::apply);
        config.routes.get("/api/v1/export", this::export);
        config.routes.get(SCHEMA_PATH, DefinitionRoutes::schema);
    }

    private void apply(Context ctx) {
        boolean dryRun = flag(ctx, "dryRun");
        String source = ctx.queryParam("source") == null ? "apply" : ctx.queryParam("source");
        if (!SOURCE.matcher(source).matches()) {
            throw new ValidationException("source", "must be 1 to 100 letters, digits, '_', '.', ':', '/' or '-'");
        }
        Plan.Options options = new Plan.Options(source, flag(ctx, "adopt"), flag(ctx, "prune"));
        JsonNode body = Json.object(ctx);
        mayRead(ctx, body);
        Instant now = api.clock.instant();
        Plan plan = api.store.read(tx -> planner.plan(tx, body, options, now));
        mayChange(ctx, plan);
        boolean applied = false;
        if (!dryRun && !plan.isEmpty()) {
            Applier applier = new Applier(api.audit, AuditLog.actor(ctx), now);
            for (String slug : Applier.projects(plan)) {
                List<Command> jobs = api.store.write(tx -> applier.project(tx, plan, slug));
                if (!jobs.isEmpty()) api.ingest.executeAll(jobs);
            }
            changed.run();
            applied = true;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dryRun", dryRun);
        answer.put("applied", applied);
        answer.put("changes", plan.changes().stream().map(Plan.Change::view).toList());
        answer.put("unchanged", plan.unchanged());
        Json.send(ctx, 200, answer);
    }

    /** Reading a project's definitions (to compare) needs viewer in it; before anything is read. */
    private void mayRead(Context ctx, JsonNode body) {
        JsonNode projects = body.get("projects");
        if (projects == null || !projects.isObject()) return;
        Iterator<String> slugs = projects.fieldNames();
        while (slugs.hasNext()) {
            String slug = slugs.next();
            api.store.read(tx -> tx.projects().bySlug(slug)).ifPresent(p -> require(ctx, Role.VIEWER, p.id(), slug));
        }
    }

    /**
     * What the API's own routes need for each change: creating a project admin over all projects;
     * jobs editor, channels, routes and escalation policies admin, maintenance windows operator.
     */
    private void mayChange(Context ctx, Plan plan) {
        for (Plan.Change c : plan.changes()) {
            Long id = api.store.read(tx -> tx.projects().bySlug(c.project())).map(Project::id).orElse(null);
            Role role = switch (c.kind()) {
                case Managed.JOB -> Role.EDITOR;
                case Managed.WINDOW -> Role.OPERATOR;
                default -> Role.ADMIN;
            };
            require(ctx, role, id, c.project());
        }
    }

    private static void require(Context ctx, Role role, Long projectId, String slug) {
        ApiKey key = Auth.key(ctx);
        if (key == null || !ApiKeys.allows(key, role, projectId)) {
            throw new VigilException("forbidden", "this API key may not do this in project '" + slug + "' (needs " + role.wire()
                    + (projectId == null ? " over all projects, to create it" : "") + ")");
        }
    }

    /** {@code ?project=} (repeatable; default: every project the key may read) and {@code ?managedOnly=true}. */
    private void export(Context ctx) {
        ApiKey key = Auth.key(ctx);
        List<String> slugs = ctx.queryParams("project");
        List<Project> projects = new ArrayList<>();
        if (slugs.isEmpty()) {
            require(ctx, Role.VIEWER, key.projectId(), "*");
            for (Project p : api.store.read(tx -> tx.projects().list())) {
                if (ApiKeys.allows(key, Role.VIEWER, p.id())) projects.add(p);
            }
        } else {
            for (String slug : slugs) {
                Project p = api.project(slug);
                require(ctx, Role.VIEWER, p.id(), slug);
                if (!projects.contains(p)) projects.add(p);
            }
        }
        boolean managedOnly = flag(ctx, "managedOnly");
        boolean secrets = ApiContext.sight(ctx).pingSecrets();
        Instant now = api.clock.instant();
        Json.send(ctx, 200, api.store.read(tx -> exporter.export(tx, projects, managedOnly, secrets, now)));
    }

    private static void schema(Context ctx) throws IOException {
        try (InputStream in = DefinitionRoutes.class.getResourceAsStream("/definitions.schema.json")) {
            if (in == null) throw new IllegalStateException("definitions.schema.json missing from the jar; indicates a build bug");
            ctx.contentType("application/schema+json").result(in.readAllBytes());
        }
    }

    private static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.equals("false")) return false;
        if (v.equals("true")) return true;
        throw new ValidationException(name, "must be true or false");
    }
}

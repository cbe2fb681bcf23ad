package dev.vigil.web;

import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Health;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Project;
import dev.vigil.domain.Status;
import dev.vigil.ingest.Command;
import dev.vigil.ingest.Result;
import dev.vigil.security.Sight;
import dev.vigil.store.JobStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/jobs}: list, create or replace, read, patch, delete, pause and resume. */
final class JobRoutes {
    private static final String JOB = "/api/v1/jobs/{project}/{slug}";
    private final ApiContext api;

    JobRoutes(ApiContext api) {
        this.api = api;
    }

    void register(JavalinConfig config) {
        config.routes.get("/api/v1/jobs", this::list);
        config.routes.put(JOB, this::put);
        config.routes.get(JOB, this::get);
        config.routes.patch(JOB, this::patch);
        config.routes.delete(JOB, this::delete);
        config.routes.post(JOB + "/pause", ctx -> lifecycle(ctx, true));
        config.routes.post(JOB + "/resume", ctx -> lifecycle(ctx, false));
    }

    private void list(Context ctx) {
        Long projectId = null;
        String projectSlug = ctx.queryParam("project");
        if (projectSlug != null) projectId = api.project(projectSlug).id();
        if (projectId == null) projectId = Auth.key(ctx).projectId(); // a project key lists its own project
        Auth.require(ctx, Role.VIEWER, projectId);
        String status = ctx.queryParam("status");
        String health = ctx.queryParam("health");
        var filter = new JobStore.Filter(projectId, ctx.queryParam("tag"),
                status == null ? null : Status.fromWire(status), health == null ? null : Health.fromWire(health),
                ctx.queryParam("after"), ApiContext.limit(ctx, 1_000, 10_000));
        List<JobStore.JobWithState> page = api.store.read(tx -> tx.jobs().list(filter));
        Sight sight = ApiContext.sight(ctx);
        var now = api.clock.instant();
        List<Map<String, Object>> jobs = page.stream().map(j -> view(j.job(), j.state(), sight, now)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobs", jobs);
        if (page.size() == filter.limit()) body.put("next", page.getLast().job().key());
        Json.send(ctx, 200, body);
    }

    private void put(Context ctx) {
        Project project = api.project(ctx.pathParam("project"));
        Auth.require(ctx, Role.EDITOR, project.id());
        String slug = Project.checkSlug(ctx.pathParam("slug"), "slug");
        Job job = JobInput.read(Json.object(ctx), project, slug, api.clock.instant());
        define(ctx, job);
    }

    private void patch(Context ctx) {
        Job current = api.job(ctx, Role.EDITOR);
        JobState state = api.store.read(tx -> tx.states().get(current.id())).orElseThrow();
        Project project = api.project(current.project());
        define(ctx, ApiForms.patched(current, state, Json.object(ctx), project, api.clock.instant()));
    }

    private void define(Context ctx, Job job) {
        Result r = api.ingest.execute(api.audited(ctx, new Command.Define(job)));
        Json.send(ctx, r.created() ? 201 : 200, view(r.job(), r.state(), ApiContext.sight(ctx), api.clock.instant()));
    }

    private void get(Context ctx) {
        Job job = api.job(ctx, Role.VIEWER);
        JobState state = api.store.read(tx -> tx.states().get(job.id())).orElseThrow();
        Json.send(ctx, 200, view(job, state, ApiContext.sight(ctx), api.clock.instant()));
    }

    private void delete(Context ctx) {
        Job job = api.job(ctx, Role.EDITOR);
        api.ingest.execute(api.audited(ctx, new Command.Delete(job.id())));
        ctx.status(204);
    }

    private void lifecycle(Context ctx, boolean pause) {
        Job job = api.job(ctx, Role.OPERATOR);
        String by = Auth.key(ctx).name();
        Result r = api.ingest.execute(api.audited(ctx, pause ? new Command.Pause(job.id(), by) : new Command.Resume(job.id(), by)));
        Json.send(ctx, 200, view(r.job(), r.state(), ApiContext.sight(ctx), api.clock.instant()));
    }

    private Map<String, Object> view(Job job, JobState state, Sight sight, java.time.Instant now) {
        return Views.job(job, state, api.baseUrl(), now, sight);
    }
}

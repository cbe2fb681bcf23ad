package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Job;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Run;
import dev.vigil.domain.Trigger;
import dev.vigil.domain.ValidationException;
import dev.vigil.ingest.RunControl;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** On-demand runs: trigger (with parameter overrides), cancel, re-run. Operators may do these. */
final class RunRoutes {
    private final ApiContext api;
    private final RunControl control;

    RunRoutes(ApiContext api, RunControl control) {
        this.api = api;
        this.control = control;
    }

    void register(JavalinConfig config) {
        config.routes.post("/api/v1/jobs/{project}/{slug}/runs", this::trigger);
        config.routes.post("/api/v1/runs/{id}/cancel", this::cancel);
        config.routes.post("/api/v1/runs/{id}/rerun", this::rerun);
    }

    /** Body optional ({@code null} too): {@code {"params": {"NAME": "value"}}}. Answers 201 with the run, queued or skipped. */
    private void trigger(Context ctx) {
        Job job = api.job(ctx, Role.OPERATOR);
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode body = Json.optionalObject(ctx);
        if (body != null) {
            Fields.rejectUnknown(body, "", Set.of("params"), Set.of());
            JsonNode p = body.get("params");
            if (p != null && !p.isNull()) {
                if (!p.isObject()) throw new ValidationException("params", "must be an object of string values");
                p.fields().forEachRemaining(e -> {
                    if (!e.getValue().isTextual()) throw new ValidationException("params." + e.getKey(), "must be a string");
                    params.put(e.getKey(), e.getValue().asText());
                });
            }
        }
        Run run = control.trigger(job, params, Trigger.MANUAL, api.audit.by(ctx));
        Json.send(ctx, 201, view(run, job));
    }

    private void cancel(Context ctx) {
        Run run = authorized(ctx);
        Json.send(ctx, 200, view(control.cancel(run.id(), Auth.key(ctx).name(), api.audit.by(ctx)), jobOf(run)));
    }

    private void rerun(Context ctx) {
        Run run = authorized(ctx);
        Json.send(ctx, 201, view(control.rerun(run.id(), api.audit.by(ctx)), jobOf(run)));
    }

    private Run authorized(Context ctx) {
        long id = HistoryRoutes.parseId(ctx.pathParam("id"));
        Run run = api.store.read(tx -> tx.runs().byId(id)).orElseThrow(() -> new NotFoundException("no run " + id));
        Auth.require(ctx, Role.OPERATOR, jobOf(run).projectId());
        return run;
    }

    private Job jobOf(Run run) {
        return api.store.read(tx -> tx.jobs().byId(run.jobId())).orElseThrow(() -> new NotFoundException("no run " + run.id()));
    }

    private Map<String, Object> view(Run run, Job job) {
        Map<String, Object> m = Views.run(run, job);
        Map<String, String> params = api.store.read(tx -> tx.runs().params(run.id()));
        if (!params.isEmpty()) m.put("params", params);
        return m;
    }
}

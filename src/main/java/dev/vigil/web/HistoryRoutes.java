package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Job;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Run;
import dev.vigil.domain.ValidationException;
import dev.vigil.ingest.Command;
import dev.vigil.monitor.Observation;
import dev.vigil.ingest.Result;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A job's history (runs, events, flips) and the native JSON events endpoint: the same reports as
 * ping URLs, plus structured {@code data} such as metrics.
 */
final class HistoryRoutes {
    private static final String JOB = "/api/v1/jobs/{project}/{slug}";
    private static final Set<String> EVENT_FIELDS = Set.of("kind", "rid", "exitCode", "message", "step", "ttl", "data");
    private final ApiContext api;
    private final int bodyLimit;

    HistoryRoutes(ApiContext api, int bodyLimit) {
        this.api = api;
        this.bodyLimit = bodyLimit;
    }

    void register(JavalinConfig config) {
        config.routes.get(JOB + "/runs", this::runs);
        config.routes.get(JOB + "/events", this::events);
        config.routes.post(JOB + "/events", this::report);
        config.routes.get(JOB + "/flips", this::flips);
        config.routes.get("/api/v1/runs/{id}", this::run);
    }

    private void runs(Context ctx) {
        Job job = api.job(ctx, Role.VIEWER);
        var runs = api.store.read(tx -> tx.runs().byJob(job.id(), ApiContext.before(ctx), ApiContext.limit(ctx, 50, 1_000)));
        Json.send(ctx, 200, Map.of("runs", runs.stream().map(r -> Views.run(r, job)).toList()));
    }

    private void events(Context ctx) {
        Job job = api.job(ctx, Role.VIEWER);
        var events = api.store.read(tx -> tx.events().byJob(job.id(), ApiContext.before(ctx), ApiContext.limit(ctx, 100, 1_000)));
        Json.send(ctx, 200, Map.of("events", events.stream().map(Views::event).toList()));
    }

    private void flips(Context ctx) {
        Job job = api.job(ctx, Role.VIEWER);
        var flips = api.store.read(tx -> tx.flips().byJob(job.id(), ApiContext.before(ctx), ApiContext.limit(ctx, 100, 1_000)));
        Json.send(ctx, 200, Map.of("flips", flips.stream().map(Views::flip).toList()));
    }

    private void run(Context ctx) {
        long id = parseId(ctx.pathParam("id"));
        Run run = api.store.read(tx -> tx.runs().byId(id)).orElseThrow(() -> new NotFoundException("no run " + id));
        Job job = api.store.read(tx -> tx.jobs().byId(run.jobId())).orElseThrow(() -> new NotFoundException("no run " + id));
        Auth.require(ctx, Role.VIEWER, job.projectId());
        Map<String, Object> view = Views.run(run, job);
        view.put("output", run.output());
        Json.send(ctx, 200, view);
    }

    /** {@code {"kind": "start|success|failure|log|progress", "rid", "exitCode", "message", "step", "ttl", "data": {…}}}. */
    private void report(Context ctx) {
        Instant receivedAt = api.clock.instant();
        Job job = api.job(ctx, Role.OPERATOR);
        JsonNode body = Json.object(ctx);
        Fields.rejectUnknown(body, "", EVENT_FIELDS, Set.of());
        String kindText = Fields.text(body, "kind", 20);
        if (kindText == null) throw new ValidationException("kind", "is required: start, success, failure, log or progress");
        Observation.Kind kind = dev.vigil.domain.Enums.fromWire(Observation.Kind.class, kindText, "kind");
        Integer exit = Fields.integer(body, "exitCode");
        if (exit != null && (exit < 0 || exit > 255)) throw new ValidationException("exitCode", "must be 0..255");
        if (exit != null && !kind.isFinish()) throw new ValidationException("exitCode", "only a success or failure has an exit code");
        if (kind == Observation.Kind.SUCCESS && exit != null && exit != 0) {
            throw new ValidationException("exitCode", "a success has exit code 0; report a failure instead");
        }
        JsonNode data = body.get("data");
        if (data != null && !data.isNull() && !data.isObject()) throw new ValidationException("data", "must be a JSON object");
        String dataText = data == null || data.isNull() ? null : data.toString();
        if (dataText != null && dataText.length() > 64_000) throw new ValidationException("data", "must be at most 64000 characters of JSON");
        String message = Fields.raw(body, "message", bodyLimit);
        var observation = PingRequest.observation(kind, exit, receivedAt, Fields.text(body, "rid", 1_000),
                Fields.text(body, "ttl", 64), Fields.text(body, "step", 1_000));
        Result r = api.ingest.execute(new Command.Report(new Command.ById(job.id()), observation, message, dataText,
                "api:" + Auth.key(ctx).name()));
        Json.send(ctx, 202, Map.of("status", r.state().status().wire(), "health", r.state().health().wire()));
    }

    static long parseId(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new NotFoundException("no such id: " + s);
        }
    }
}

package dev.vigil.web;

import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Job;
import dev.vigil.domain.LogChunk;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Run;
import dev.vigil.domain.ValidationException;
import dev.vigil.execution.RunLogs;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's output: whole, as text or a download, or in chunks after a seq, for following it live. */
final class RunLogRoutes {
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 1_000;
    private final ApiContext api;
    private final RunLogs logs;

    RunLogRoutes(ApiContext api, RunLogs logs) {
        this.api = api;
        this.logs = logs;
    }

    void register(JavalinConfig config) {
        config.routes.get("/api/v1/runs/{id}/log", this::log);
        config.routes.get("/api/v1/runs/{id}/log/chunks", this::chunks);
    }

    /**
     * The stored chunks as one text. A run without chunks (a pinged run) shows its captured output:
     * the ping body, or the tail an agent kept. {@code ?download=1} makes it a file.
     */
    private void log(Context ctx) throws IOException {
        boolean download = download(ctx);
        Viewed v = viewed(ctx);
        ctx.contentType("text/plain; charset=utf-8");
        if (download) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + v.job().project() + "-" + v.job().slug()
                    + "-run-" + v.run().id() + ".log\"");
        }
        // Streamed a page at a time: a log may be as big as VIGIL_RUN_LOG_LIMIT allows.
        Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8));
        if (!logs.write(v.run().id(), out) && v.run().output() != null) out.write(v.run().output());
        out.flush();
    }

    /**
     * {@code ?after=SEQ&limit=N}: the chunks after {@code after}, {@code next} to pass as
     * {@code after} the next time, and {@code done} once the run has ended and nothing follows. The
     * run is read before its chunks: agents send all output before they report the end, so a
     * finished run's chunks are all there by then.
     */
    private void chunks(Context ctx) {
        long after = after(ctx);
        int limit = ApiContext.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
        Viewed v = viewed(ctx);
        List<LogChunk> page = api.store.read(tx -> tx.runLogs().after(v.run().id(), after, limit + 1));
        boolean more = page.size() > limit;
        List<LogChunk> shown = more ? page.subList(0, limit) : page;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chunks", shown.stream().map(Views::logChunk).toList());
        body.put("next", shown.isEmpty() ? after : shown.getLast().seq());
        body.put("done", v.run().state().isTerminal() && !more);
        Json.send(ctx, 200, body);
    }

    private record Viewed(Run run, Job job) {}

    /** The run and its job, after checking that the caller may view the job's project. */
    private Viewed viewed(Context ctx) {
        long id = HistoryRoutes.parseId(ctx.pathParam("id"));
        Run run = api.store.read(tx -> tx.runs().byId(id)).orElseThrow(() -> new NotFoundException("no run " + id));
        Job job = api.store.read(tx -> tx.jobs().byId(run.jobId())).orElseThrow(() -> new NotFoundException("no run " + id));
        Auth.require(ctx, Role.VIEWER, job.projectId());
        return new Viewed(run, job);
    }

    private static long after(Context ctx) {
        String s = ctx.queryParam("after");
        if (s == null) return 0;
        try {
            long after = Long.parseLong(s);
            if (after >= 0) return after;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ValidationException("after", "must be 0 or the next value of a previous answer, got '" + s + "'");
    }

    private static boolean download(Context ctx) {
        String s = ctx.queryParam("download");
        if (s == null || s.equals("0") || s.equals("false")) return false;
        if (s.equals("1") || s.equals("true")) return true;
        throw new ValidationException("download", "must be 1 or 0, got '" + s + "'");
    }
}

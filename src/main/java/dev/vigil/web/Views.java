package dev.vigil.web;

import dev.vigil.alert.DeliveryException;
import dev.vigil.domain.DeliveryAttempt;
import dev.vigil.domain.Event;
import dev.vigil.domain.Execution;
import dev.vigil.domain.Flip;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.LogChunk;
import dev.vigil.domain.Notification;
import dev.vigil.domain.Project;
import dev.vigil.domain.Run;
import dev.vigil.domain.Schedule;
import dev.vigil.schedule.Durations;
import dev.vigil.schedule.FireTimes;
import dev.vigil.schedule.Schedules;
import dev.vigil.security.Sight;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON shapes, built as ordered maps so field order reads well and nulls drop out. */
final class Views {
    private Views() {}

    /**
     * A job as {@code sight} may see it: only keys that may ping see the uuid and ping URL (PRODUCT.md
     * §9); the job's environment and an http target's headers, which often hold credentials, likewise.
     */
    static Map<String, Object> job(Job job, JobState s, String baseUrl, Instant now, Sight sight) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("project", job.project());
        m.put("slug", job.slug());
        m.put("uniqueKey", job.uniqueKey());
        if (sight.pingSecrets()) m.put("uuid", job.uuid());
        m.put("name", job.name());
        m.put("description", job.description());
        m.put("owner", job.owner());
        m.put("tags", job.tags());
        m.put("dependsOn", job.dependsOn());
        m.put("schedule", schedule(job.schedule()));
        m.put("scheduleText", Schedules.describe(job.schedule()));
        FireTimes fireTimes = Schedules.fireTimes(job.schedule());
        m.put("grace", job.grace() == null ? null : Durations.format(job.grace()));
        m.put("effectiveGrace", Durations.format(job.effectiveGrace(fireTimes.typicalInterval())));
        m.put("maxRuntime", format(job.maxRuntime()));
        m.put("minRuntime", format(job.minRuntime()));
        m.put("healthPolicy", Map.of(
                "consecutiveFailures", job.health().consecutiveFailures(),
                "failureWithoutSuccessFor", Durations.format(job.health().failureWithoutSuccessFor()),
                "recoverAfter", job.health().recoverAfter()));
        if (sight.pingSecrets()) m.put("pingUrl", baseUrl + "/ping/" + job.uuid());
        m.put("status", s.status().wire());
        m.put("health", s.health().wire());
        m.put("alerting", s.alerting());
        m.put("paused", s.paused());
        m.put("statusSince", s.statusSince());
        m.put("lastStartedAt", s.lastStartedAt());
        m.put("lastSucceededAt", s.lastSucceededAt());
        m.put("lastFailedAt", s.lastFailedAt());
        m.put("lastPingAt", s.lastPingAt());
        m.put("expectedAt", s.expectedAt());
        m.put("nextDeadline", s.nextDeadline());
        if (job.schedule() instanceof Schedule.Cron) m.put("nextFireTimes", fireTimes.next(now, 5));
        if (job.execution() != null) m.putAll(execution(job.execution(), sight.pingSecrets()));
        m.put("createdAt", job.createdAt());
        m.put("updatedAt", job.updatedAt());
        return m;
    }

    /** The managed-job fields, under the same names as on input; {@code env} and http headers only with {@code secrets}. */
    static Map<String, Object> execution(Execution e, boolean secrets) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (e.target()) {
            case Execution.Argv a -> m.put("command", a.argv());
            case Execution.Shell sh -> m.put("command", sh.script());
            case Execution.Http h -> {
                Map<String, Object> http = new LinkedHashMap<>();
                http.put("method", h.method());
                http.put("url", h.url());
                if (secrets) http.put("headers", h.headers());
                http.put("body", h.body());
                m.put("http", http);
            }
        }
        m.put("workdir", e.workdir());
        if (secrets) m.put("env", e.env());
        m.put("timeout", format(e.timeout()));
        m.put("retries", e.retries());
        m.put("retryBackoff", format(e.retryBackoff()));
        m.put("overlap", e.overlap().wire());
        m.put("catchUp", e.catchUp().wire());
        m.put("catchUpWindow", format(e.catchUpWindow()));
        m.put("labels", e.labels());
        m.put("after", e.after());
        m.put("params", e.params());
        return m;
    }

    static Map<String, Object> schedule(Schedule schedule) {
        return switch (schedule) {
            case Schedule.Cron c -> Map.of("cron", c.expression(), "timezone", c.zone().getId());
            case Schedule.Every e -> Map.of("every", Durations.format(e.interval()));
            case Schedule.None n -> null;
        };
    }

    static Map<String, Object> project(Project p, boolean withPingKey) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slug", p.slug());
        m.put("name", p.name());
        if (withPingKey) m.put("pingKey", p.pingKey());
        m.put("createdAt", p.createdAt());
        return m;
    }

    static Map<String, Object> run(Run r, Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("job", job.key());
        m.put("rid", r.rid());
        m.put("trigger", r.trigger().wire());
        m.put("scheduledFor", r.scheduledFor());
        m.put("attempt", r.attempt());
        m.put("state", r.state().wire());
        m.put("startedAt", r.startedAt());
        m.put("endedAt", r.endedAt());
        Duration d = r.duration();
        m.put("durationMs", d == null ? null : d.toMillis());
        m.put("exitCode", r.exitCode());
        m.put("reason", r.reason());
        m.put("agent", r.agent());
        return m;
    }

    static Map<String, Object> event(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("at", e.at());
        m.put("kind", e.kind().wire());
        m.put("runId", e.runId());
        m.put("rid", e.rid());
        m.put("exitCode", e.exitCode());
        m.put("message", e.message());
        m.put("data", e.data() == null ? null : new RawJson(e.data()));
        m.put("source", e.source());
        return m;
    }

    static Map<String, Object> flip(Flip f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("at", f.at());
        m.put("fromStatus", f.fromStatus().wire());
        m.put("toStatus", f.toStatus().wire());
        m.put("fromHealth", f.fromHealth().wire());
        m.put("toHealth", f.toHealth().wire());
        m.put("alerting", f.alerting());
        m.put("alertingChanged", f.alertingChanged());
        m.put("reason", f.reason());
        return m;
    }

    /** A notification and its attempts as {@code sight} may see them; see {@link #deliveryError}. */
    static Map<String, Object> notification(Notification n, List<DeliveryAttempt> attempts, Sight sight) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("channelId", n.channelId());
        m.put("jobId", n.jobId());
        m.put("flipId", n.flipId());
        m.put("incidentId", n.incidentId());
        m.put("idempotencyKey", sight.pingSecrets() ? n.idempotencyKey() : Job.withUniqueKeys(n.idempotencyKey()));
        m.put("state", n.state().wire());
        m.put("attempts", n.attempts());
        m.put("nextAttemptAt", n.state() == Notification.State.PENDING ? n.nextAttemptAt() : null);
        m.put("createdAt", n.createdAt());
        m.put("deliveredAt", n.deliveredAt());
        m.put("lastError", deliveryError(n.lastError(), sight));
        if (attempts != null) m.put("history", attempts.stream().map(a -> attempt(a, sight)).toList());
        return m;
    }

    /** A recorded delivery error; the receiver's own words only for those who may see them. */
    static String deliveryError(String error, Sight sight) {
        return sight.receiverAnswers() ? error : DeliveryException.withoutAnswer(error);
    }

    private static Map<String, Object> attempt(DeliveryAttempt a, Sight sight) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", a.at());
        m.put("ok", a.ok());
        m.put("statusCode", a.statusCode());
        m.put("error", deliveryError(a.error(), sight));
        m.put("durationMs", a.durationMs());
        return m;
    }

    static String format(Duration d) {
        return d == null ? null : Durations.format(d);
    }

    /** Stored JSON text written into a response as JSON, not as a string. */
    record RawJson(@com.fasterxml.jackson.annotation.JsonRawValue @com.fasterxml.jackson.annotation.JsonValue String json) {}

    static Map<String, Object> logChunk(LogChunk c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", c.seq());
        m.put("at", c.at());
        m.put("text", c.text());
        return m;
    }
}

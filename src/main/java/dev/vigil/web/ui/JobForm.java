package dev.vigil.web.ui;

import dev.vigil.domain.Execution;
import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.Project;
import dev.vigil.domain.Schedule;
import dev.vigil.domain.ValidationException;
import dev.vigil.schedule.Durations;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The form that creates or edits a job: what was typed (or the job's definition), and the error of
 * the last try, shown next to the form field it is about.
 *
 * @param editing    the slug of the job edited; null when creating one
 * @param httpTarget the job's HTTP target in words, kept as it is (the form edits commands only); null if none
 * @param errorField the form field the error is about ({@link #FIELDS}, or {@code form}); null if no error
 */
public record JobForm(Project project, String csrf, String editing, Map<String, String> values, String httpTarget,
                      String errorField, String error) {
    /** The form's fields, by their input names. */
    public static final List<String> FIELDS = List.of("slug", "name", "description", "owner", "tags", "scheduleKind",
            "cron", "timezone", "every", "grace", "maxRuntime", "minRuntime", "consecutiveFailures",
            "failureWithoutSuccessFor", "recoverAfter", "dependsOn", "mode", "commandKind", "command", "workdir", "env",
            "timeout", "retries", "retryBackoff", "overlap", "catchUp", "catchUpWindow", "labels", "after", "params");
    public static final List<String> OVERLAP = List.of("queue", "skip", "allow", "replace");
    public static final List<String> CATCH_UP = List.of("latest", "all", "none");

    public String value(String name) {
        String v = values.get(name);
        return v == null ? "" : v;
    }

    public boolean is(String name, String value) {
        return value.equals(value(name));
    }

    public String errorFor(String field) {
        return field.equals(errorField) ? error : null;
    }

    public boolean managed() {
        return is("mode", "managed");
    }

    /** Where the form posts. */
    public String action() {
        String p = Dashboard.ROOT + "/p/" + project.slug();
        return editing == null ? p + "/jobs" : p + "/jobs/" + editing + "/edit";
    }

    public String cancel() {
        String p = Dashboard.ROOT + "/p/" + project.slug();
        return editing == null ? p : p + "/jobs/" + editing;
    }

    public String previewUrl() {
        return Dashboard.ROOT + "/p/" + project.slug() + "/schedule-preview";
    }

    /** This form showing {@code e} next to its field, with what was typed. */
    JobForm failed(ValidationException e) {
        String message = e.field() == null ? e.getMessage() : e.getMessage().substring(e.field().length() + 2);
        return new JobForm(project, csrf, editing, values, httpTarget, formField(e.field()), message);
    }

    /**
     * The form field an API field path is about: {@code schedule.cron} is {@code cron},
     * {@code health.recoverAfter} is {@code recoverAfter}, {@code env.PATH} is {@code env},
     * {@code dependsOn[2]} is {@code dependsOn}; anything else is the form's.
     */
    static String formField(String apiField) {
        if (apiField == null) return "form";
        String f = apiField.replaceAll("\\[\\d+]$", "");
        if (f.equals("schedule")) f = "cron";
        else if (f.equals("health") || f.equals("healthPolicy")) f = "consecutiveFailures";
        else if (f.startsWith("schedule.") || f.startsWith("health.") || f.startsWith("healthPolicy.")) f = f.substring(f.indexOf('.') + 1);
        else if (f.startsWith("http")) f = "command";
        else if (f.contains(".")) f = f.substring(0, f.indexOf('.'));
        return FIELDS.contains(f) ? f : "form";
    }

    /** A new job's form: watched, on a cron schedule in UTC. */
    static Map<String, String> blank() {
        Map<String, String> v = new HashMap<>();
        v.put("mode", "watched");
        v.put("scheduleKind", "cron");
        v.put("timezone", "UTC");
        v.put("commandKind", "shell");
        return v;
    }

    /** The job's definition as the form shows it; a setting left at its default is left blank. */
    static Map<String, String> of(Job job) {
        Map<String, String> v = blank();
        v.put("slug", job.slug());
        v.put("name", job.name() == null || job.name().equals(job.slug()) ? "" : job.name());
        put(v, "description", job.description());
        put(v, "owner", job.owner());
        v.put("tags", String.join(", ", job.tags()));
        switch (job.schedule()) {
            case Schedule.Cron c -> { v.put("cron", c.expression()); v.put("timezone", c.zone().getId()); }
            case Schedule.Every e -> { v.put("scheduleKind", "every"); v.put("every", Durations.format(e.interval())); }
            case Schedule.None n -> v.put("scheduleKind", "none");
        }
        duration(v, "grace", job.grace(), null);
        duration(v, "maxRuntime", job.maxRuntime(), null);
        duration(v, "minRuntime", job.minRuntime(), null);
        HealthPolicy h = job.health();
        if (h.consecutiveFailures() != HealthPolicy.DEFAULT_CONSECUTIVE_FAILURES) v.put("consecutiveFailures", Integer.toString(h.consecutiveFailures()));
        duration(v, "failureWithoutSuccessFor", h.failureWithoutSuccessFor(), HealthPolicy.DEFAULT_FAILURE_WITHOUT_SUCCESS_FOR);
        if (h.recoverAfter() != HealthPolicy.DEFAULT_RECOVER_AFTER) v.put("recoverAfter", Integer.toString(h.recoverAfter()));
        v.put("dependsOn", String.join(", ", job.dependsOn()));
        if (job.isManaged()) managed(v, job.execution());
        return v;
    }

    private static void managed(Map<String, String> v, Execution e) {
        v.put("mode", "managed");
        switch (e.target()) {
            case Execution.Argv a -> { v.put("commandKind", "argv"); v.put("command", String.join("\n", a.argv())); }
            case Execution.Shell s -> v.put("command", s.script());
            case Execution.Http http -> v.put("commandKind", "http");
        }
        put(v, "workdir", e.workdir());
        v.put("env", lines(e.env()));
        duration(v, "timeout", e.timeout(), null);
        if (e.retries() != 0) v.put("retries", Integer.toString(e.retries()));
        duration(v, "retryBackoff", e.retryBackoff(), Execution.DEFAULT_RETRY_BACKOFF);
        v.put("overlap", e.overlap().wire());
        v.put("catchUp", e.catchUp().wire());
        duration(v, "catchUpWindow", e.catchUpWindow(), Execution.DEFAULT_CATCH_UP_WINDOW);
        v.put("labels", String.join(", ", e.labels()));
        v.put("after", String.join(", ", e.after()));
        v.put("params", lines(e.params()));
    }

    /** The HTTP target of a job, in words, or null if it has none. */
    static String httpTarget(Job job) {
        return job.isManaged() && job.execution().target() instanceof Execution.Http h ? h.method() + " " + h.url() : null;
    }

    private static String lines(Map<String, String> m) {
        return new java.util.TreeMap<>(m).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    private static void put(Map<String, String> v, String name, String value) {
        if (value != null) v.put(name, value);
    }

    private static void duration(Map<String, String> v, String name, Duration d, Duration dflt) {
        if (d != null && !d.equals(dflt)) v.put(name, Durations.format(d));
    }
}

package dev.vigil.web.ui;

import dev.vigil.domain.Execution;
import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.schedule.Schedules;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A job's settings as people read them: durations in words, defaults marked. {@code run} is null for
 * a job that is only watched; {@code pingUrl} is null for read-only keys (PRODUCT.md §9).
 */
public record JobSettings(String project, String grace, boolean graceDefault, String maxRuntime, String minRuntime,
                          String healthPolicy, String pingUrl, Managed run) {

    /**
     * How Vigil runs a managed job. {@code target} is the command line, the shell script or
     * "METHOD url"; HTTP headers and the environment are not shown (they often carry secrets).
     */
    public record Managed(String targetKind, String target, String workdir, String timeout, int retries, String backoff,
                          String overlap, String catchUp, String catchUpWindow, List<String> labels,
                          List<String> after, Map<String, String> params) {}

    static JobSettings of(Job job, String pingUrl) {
        var grace = job.effectiveGrace(Schedules.fireTimes(job.schedule()).typicalInterval());
        return new JobSettings(job.project(), Human.duration(grace), job.grace() == null,
                job.maxRuntime() == null ? null : Human.duration(job.maxRuntime()),
                job.minRuntime() == null ? null : Human.duration(job.minRuntime()),
                health(job.health()), pingUrl, job.execution() == null ? null : managed(job.execution()));
    }

    static String health(HealthPolicy p) {
        return "unhealthy after " + p.consecutiveFailures() + (p.consecutiveFailures() == 1 ? " failure" : " failures in a row")
                + ", or a failure with no success for " + Human.duration(p.failureWithoutSuccessFor())
                + "; healthy again after " + p.recoverAfter() + (p.recoverAfter() == 1 ? " success" : " successes in a row");
    }

    private static Managed managed(Execution e) {
        String kind;
        String target;
        switch (e.target()) {
            case Execution.Argv a -> { kind = "Command"; target = a.argv().stream().map(JobSettings::quote).collect(Collectors.joining(" ")); }
            case Execution.Shell s -> { kind = "Shell script"; target = s.script(); }
            case Execution.Http h -> { kind = "HTTP request"; target = (h.method() == null ? "GET" : h.method()) + " " + h.url(); }
        }
        return new Managed(kind, target, e.workdir(), e.timeout() == null ? null : Human.duration(e.timeout()),
                e.retries(), Human.duration(e.retryBackoff()), e.overlap().wire(), e.catchUp().wire(),
                Human.duration(e.catchUpWindow()), e.labels(), e.after(), new TreeMap<>(e.params()));
    }

    /** An argument as a shell would need it, so the command line reads unambiguously. */
    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,@%+".indexOf(c) >= 0)) return arg;
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}

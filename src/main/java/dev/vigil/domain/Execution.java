package dev.vigil.domain;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How Vigil runs a managed job (PRODUCT.md §2, §5); jobs that are only watched have none. A run
 * keeps the execution it started with, so editing a job never changes a run in progress.
 *
 * @param timeout       a run still going after this is killed (TERM, then KILL) and {@code timed_out}
 * @param retries       how many more attempts a failed run gets; exhausted retries count as one failure
 * @param retryBackoff  the wait before the first retry, doubled for each further one
 * @param catchUpWindow how far back fire times missed during downtime are still run
 * @param labels        an agent must have all of these to take the job's runs
 * @param after         slugs of jobs in the same project whose success triggers this job
 * @param params        named values passed to the process as environment variables, overridable per run
 */
public record Execution(
        Target target,
        String workdir,
        Map<String, String> env,
        Duration timeout,
        int retries,
        Duration retryBackoff,
        Overlap overlap,
        CatchUp catchUp,
        Duration catchUpWindow,
        List<String> labels,
        List<String> after,
        Map<String, String> params) {

    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CATCH_UP_WINDOW = Duration.ofHours(1);
    public static final int MAX_RETRIES = 20;

    public Execution {
        Objects.requireNonNull(target, "target");
        env = env == null ? Map.of() : Map.copyOf(env);
        labels = labels == null ? List.of() : List.copyOf(labels);
        after = after == null ? List.of() : List.copyOf(after);
        params = params == null ? Map.of() : Map.copyOf(params);
        retryBackoff = retryBackoff == null ? DEFAULT_RETRY_BACKOFF : retryBackoff;
        overlap = overlap == null ? Overlap.QUEUE : overlap;
        catchUp = catchUp == null ? CatchUp.LATEST : catchUp;
        catchUpWindow = catchUpWindow == null ? DEFAULT_CATCH_UP_WINDOW : catchUpWindow;
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new ValidationException("retries", "must be between 0 and " + MAX_RETRIES + ", got " + retries);
        }
    }

    /** The delay before retry number {@code n} (1-based): the back-off doubled n-1 times, at most a day. */
    public Duration retryDelay(int n) {
        Duration d = retryBackoff.multipliedBy(1L << Math.min(n - 1, 20));
        return d.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : d;
    }

    /** What a run executes: a process (argv or shell script) or an HTTP request. */
    public sealed interface Target {}

    /** A process started without a shell. */
    public record Argv(List<String> argv) implements Target {
        public Argv {
            argv = List.copyOf(argv);
            if (argv.isEmpty()) throw new ValidationException("command", "must not be empty");
        }
    }

    /** A script run by {@code /bin/sh -c}. */
    public record Shell(String script) implements Target {
        public Shell {
            if (script == null || script.isBlank()) throw new ValidationException("command", "must not be empty");
        }
    }

    /** An HTTP request made by an agent, like a cloud scheduler's HTTP target; success on 2xx. */
    public record Http(String method, String url, Map<String, String> headers, String body) implements Target {
        public Http {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }
    }

    /** What to do when a fire time comes while the previous run is still going (PRODUCT.md §5). */
    public enum Overlap {
        QUEUE, SKIP, ALLOW, REPLACE;

        public String wire() { return name().toLowerCase(Locale.ROOT); }
    }

    /** Which fire times missed during downtime are run afterwards (PRODUCT.md §5). */
    public enum CatchUp {
        LATEST, ALL, NONE;

        public String wire() { return name().toLowerCase(Locale.ROOT); }
    }
}

package dev.vigil.agent.process;

import dev.vigil.domain.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to run for one attempt.
 *
 * @param argv the program and its arguments; a bare program name is looked up in the child's PATH
 * @param workdir the working directory, or {@code null} to inherit the agent's
 * @param env added to the supervisor's clean base environment (PATH, HOME, LANG, TZ); may override them
 * @param timeout wall-clock limit from start, or {@code null} for none
 * @param killGrace how long a process may take to exit after TERM before it gets KILL;
 *     {@code null} means {@link #DEFAULT_KILL_GRACE}
 */
public record ProcessSpec(List<String> argv, Path workdir, Map<String, String> env, Duration timeout,
                          Duration killGrace) {

    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);

    public ProcessSpec {
        if (argv == null || argv.isEmpty()) {
            throw new ValidationException("argv", "must name a program");
        }
        for (String arg : argv) {
            if (arg == null || arg.indexOf('\0') >= 0) {
                throw new ValidationException("argv", "arguments must be non-null and contain no NUL");
            }
        }
        if (argv.getFirst().isBlank()) {
            throw new ValidationException("argv", "the program must not be blank");
        }
        argv = List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(validEnv(env));
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new ValidationException("timeout", "must be positive, was " + timeout);
        }
        killGrace = killGrace == null ? DEFAULT_KILL_GRACE : killGrace;
        if (killGrace.isNegative()) {
            throw new ValidationException("killGrace", "must not be negative, was " + killGrace);
        }
    }

    /** Runs {@code script} with {@code /bin/sh -c}; no timeout, default grace. */
    public static ProcessSpec shell(String script) {
        if (script == null) {
            throw new ValidationException("script", "must not be null");
        }
        return of(List.of("/bin/sh", "-c", script));
    }

    /** Runs {@code argv} as is; no timeout, default grace. */
    public static ProcessSpec of(List<String> argv) {
        return new ProcessSpec(argv, null, Map.of(), null, null);
    }

    public ProcessSpec withWorkdir(Path workdir) {
        return new ProcessSpec(argv, workdir, env, timeout, killGrace);
    }

    public ProcessSpec withEnv(Map<String, String> env) {
        return new ProcessSpec(argv, workdir, env, timeout, killGrace);
    }

    public ProcessSpec withTimeout(Duration timeout) {
        return new ProcessSpec(argv, workdir, env, timeout, killGrace);
    }

    public ProcessSpec withKillGrace(Duration killGrace) {
        return new ProcessSpec(argv, workdir, env, timeout, killGrace);
    }

    private static Map<String, String> validEnv(Map<String, String> env) {
        env.forEach((name, value) -> {
            if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new ValidationException("env", "invalid variable name: " + name);
            }
            if (value == null || value.indexOf('\0') >= 0) {
                throw new ValidationException("env", name + ": value must be non-null and contain no NUL");
            }
        });
        return env;
    }
}

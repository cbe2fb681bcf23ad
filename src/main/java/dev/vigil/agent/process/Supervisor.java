package dev.vigil.agent.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts job attempts as OS processes, each the leader of its own session and process group, so
 * the whole tree can be signalled; enforces timeouts; streams output. One per agent; thread-safe.
 *
 * <p>Each process gets {@code /dev/null} as stdin, a clean environment (the base environment plus
 * the spec's variables, nothing else of the agent's) and the spec's working directory. It is
 * started as {@code setsid ARGV...}: the JVM's child is never a group leader, so {@code setsid}
 * does not fork but calls {@code setsid(2)} and execs the program in place, making its pid the
 * process group id. See {@code docs/execution.md}.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    /** The variables taken from the agent's own environment by {@link #Supervisor()}. */
    public static final List<String> BASE_ENV_NAMES = List.of("PATH", "HOME", "LANG", "TZ");
    /** PATH for processes when the agent has none. */
    public static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    /** {@link #close()} waits this much longer than the largest kill grace. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(5);

    private final Map<String, String> baseEnv;
    private final Path setsid;
    private final ProcessGroups groups;
    private final ScheduledThreadPoolExecutor timer;
    private final Executor async = runnable -> Thread.ofVirtual().name("vigil-process-supervisor").start(runnable);
    private final Set<SupervisedProcess> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A supervisor whose processes get PATH, HOME, LANG and TZ from this JVM's environment. */
    public Supervisor() {
        this(agentBaseEnv());
    }

    /** @param baseEnv every process's environment before the spec's variables are added */
    public Supervisor(Map<String, String> baseEnv) {
        this.baseEnv = Map.copyOf(Objects.requireNonNull(baseEnv, "baseEnv"));
        this.setsid = locateSetsid();
        this.groups = ProcessGroups.locate();
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "vigil-process-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** PATH (or {@link #DEFAULT_PATH}), HOME, LANG and TZ from this JVM's environment, where set. */
    public static Map<String, String> agentBaseEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : BASE_ENV_NAMES) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putIfAbsent("PATH", DEFAULT_PATH);
        return env;
    }

    /**
     * Starts the process. Problems of the spec's making (missing program, bad working directory)
     * do not throw: they come back as an outcome with reason {@code FAILED_TO_START}.
     *
     * @param sink receives output as it arrives; see {@link OutputSink} for the threading rules
     * @throws IllegalStateException after {@link #close()}
     */
    public RunningProcess start(ProcessSpec spec, OutputSink sink) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(sink, "sink");
        if (closed) {
            throw new IllegalStateException("the supervisor is closed");
        }
        Map<String, String> env = new LinkedHashMap<>(baseEnv);
        env.putAll(spec.env());
        Optional<String> problem = Preflight.problem(spec, env);
        if (problem.isPresent()) {
            return new FailedProcess(problem.get());
        }
        List<String> command = new ArrayList<>(spec.argv().size() + 1);
        command.add(setsid.toString());
        command.addAll(spec.argv());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(spec.workdir() == null ? null : spec.workdir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            return new FailedProcess("cannot start " + spec.argv().getFirst() + ": " + e.getMessage());
        }
        SupervisedProcess supervised = new SupervisedProcess(process, spec, sink, groups, timer, async);
        running.add(supervised);
        supervised.outcome().whenComplete((outcome, e) -> running.remove(supervised));
        try {
            supervised.start();
        } catch (RejectedExecutionException e) {
            process.destroyForcibly(); // close() stopped the timer meanwhile
            throw new IllegalStateException("the supervisor is closed", e);
        }
        if (closed) {
            supervised.cancel(); // close() ran meanwhile and may have missed it
        }
        return supervised;
    }

    /** Processes started and not yet finished. */
    public int runningCount() {
        return running.size();
    }

    /**
     * Cancels whatever still runs (TERM, then KILL after each one's grace), waits for it to end,
     * then stops the timer thread. Idempotent. An agent that drains waits for its runs first.
     */
    @Override
    public void close() {
        closed = true;
        List<SupervisedProcess> left = List.copyOf(running);
        left.forEach(SupervisedProcess::cancel);
        Duration wait = left.stream().map(SupervisedProcess::killGrace).max(Duration::compareTo)
                .orElse(Duration.ZERO).plus(CLOSE_MARGIN);
        try {
            CompletableFuture.allOf(left.stream().map(SupervisedProcess::outcome).toArray(CompletableFuture[]::new))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("closing with {} process(es) not yet ended: {}", running.size(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            timer.shutdownNow();
        }
    }

    private static Path locateSetsid() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("setsid(1) not found in /usr/bin or /bin; install util-linux");
    }
}

package dev.vigil.agent.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * process group id. A durable process ({@link #start(ProcessSpec, OutputSink, ProcessDir)}) is
 * started as {@code setsid /bin/sh -c WRAPPER vigil-run DIR ARGV...} instead, the shell being the
 * group leader, so that it outlives the agent with its exit status and output on disk and can be
 * {@linkplain #adopt adopted}. See {@code docs/execution.md}.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    /** The variables taken from the agent's own environment by {@link #Supervisor()}. */
    public static final List<String> BASE_ENV_NAMES = List.of("PATH", "HOME", "LANG", "TZ");
    /** PATH for processes when the agent has none. */
    public static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    /**
     * What a durable process runs under: it records its pid, runs the program in a subshell that
     * execs it (so the program is never a shell builtin, and the shell's own "Terminated" goes
     * nowhere), and records the program's exit status (128+N when killed by signal N) before
     * exiting with it. Signals sent to the group are trapped here, so that the shell outlives the
     * program and writes the status; the program gets them with their default actions, as traps
     * are reset by exec.
     */
    static final String WRAPPER = "d=$1; shift; echo $$ > \"$d/pid\"; trap : HUP INT QUIT TERM USR1 USR2 ALRM PIPE;"
            + " (exec \"$@\") 2>&1; s=$?; echo $s > \"$d/exit\"; exit $s";
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
     * Starts the process, its output read from pipes. Problems of the spec's making (missing
     * program, bad working directory) do not throw: they come back as an outcome with reason
     * {@code FAILED_TO_START}.
     *
     * @param sink receives output as it arrives; see {@link OutputSink} for the threading rules
     * @throws IllegalStateException after {@link #close()}
     */
    public RunningProcess start(ProcessSpec spec, OutputSink sink) {
        return start(spec, sink, null);
    }

    /**
     * Starts the process so that how it ends is known even if this agent dies before it does: it
     * runs under a small {@code /bin/sh} that writes its pid and, at the end, the program's exit
     * status to {@code dir}, and its stdout and stderr are appended to a file there (which is read
     * into the sink) rather than to pipes that would break with the agent. A later agent process
     * takes it over with {@link #adopt}. See {@code docs/execution.md}.
     *
     * @param dir where the process keeps its files; null for pipes and nothing on disk
     */
    public RunningProcess start(ProcessSpec spec, OutputSink sink, ProcessDir dir) {
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
        List<String> command = new ArrayList<>(spec.argv().size() + 6);
        command.add(setsid.toString());
        if (dir != null) command.addAll(List.of("/bin/sh", "-c", WRAPPER, "vigil-run", dir.path().toAbsolutePath().toString()));
        command.addAll(spec.argv());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(spec.workdir() == null ? null : spec.workdir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            if (dir != null) {
                dir.recordStart(Instant.now(), spec);
                // Appended to by the program and by nobody else; the shell's own messages are dropped.
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.output().toFile()))
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
            }
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            return new FailedProcess("cannot start " + spec.argv().getFirst() + ": " + e.getMessage());
        }
        SupervisedProcess.Output output = dir == null ? OutputPump.pipes(process, sink) : new FileTail(dir.output(), 0, sink);
        return supervise(new SupervisedProcess(Leaders.child(process), output, spec.timeout(), spec.killGrace(),
                Duration.ZERO, groups, timer, async), process::destroyForcibly);
    }

    /**
     * Takes over a process an earlier agent process started with {@link #start(ProcessSpec,
     * OutputSink, ProcessDir)}: if it still runs, it is supervised as if started here (its timeout
     * counted from its real start, cancel, ending what it leaves in its group), its output read from
     * {@code outputFrom} on; if it has ended, the outcome is its recorded exit status, after the rest
     * of its output. If it ended without recording one (its leader was killed, the machine restarted)
     * or never started, the outcome's reason is {@code LOST}. Never throws for what it finds on disk.
     *
     * @param outputFrom how many bytes of its output were handed on already
     * @throws IllegalStateException after {@link #close()}
     */
    public RunningProcess adopt(ProcessDir dir, long outputFrom, OutputSink sink) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(sink, "sink");
        if (closed) {
            throw new IllegalStateException("the supervisor is closed");
        }
        Optional<ProcessDir.Facts> facts = dir.facts();
        boolean sameBoot = facts.map(f -> f.bootId().equals(ProcessDir.bootId())).orElse(false);
        Duration ranBefore = facts.map(f -> Duration.between(f.startedAt(), Instant.now()))
                .filter(d -> !d.isNegative()).orElse(Duration.ZERO);
        SupervisedProcess adopted = new SupervisedProcess(Leaders.adopted(dir, sameBoot, timer),
                new FileTail(dir.output(), outputFrom, sink), facts.map(ProcessDir.Facts::timeout).orElse(null),
                facts.map(ProcessDir.Facts::killGrace).orElse(ProcessSpec.DEFAULT_KILL_GRACE), ranBefore, groups, timer, async);
        if (adopted.isAlive()) log.info("adopted process group {} left running by an earlier agent process ({})", adopted.pid(), dir.path());
        return supervise(adopted, () -> { });
    }

    private RunningProcess supervise(SupervisedProcess supervised, Runnable onRejected) {
        running.add(supervised);
        supervised.outcome().whenComplete((outcome, e) -> running.remove(supervised));
        try {
            supervised.start();
        } catch (RejectedExecutionException e) {
            onRejected.run(); // close() stopped the timer meanwhile
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
     * Stops supervising without touching the processes: they run on, their output stays in their
     * files and no outcome completes, so a later agent process adopts them. What a crash of the
     * agent does, on purpose (tests use it to stand for {@code kill -9}). Then as closed.
     */
    public void abandon() {
        closed = true;
        List<SupervisedProcess> left = List.copyOf(running);
        running.clear();
        left.forEach(SupervisedProcess::abandon);
        timer.shutdownNow();
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

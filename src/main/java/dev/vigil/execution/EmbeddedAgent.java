package dev.vigil.execution;

import dev.vigil.domain.Execution;
import dev.vigil.domain.Job;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.execution.process.OutputTail;
import dev.vigil.execution.process.ProcessOutcome;
import dev.vigil.execution.process.ProcessSpec;
import dev.vigil.execution.process.RunningProcess;
import dev.vigil.execution.process.Supervisor;
import dev.vigil.monitor.Command;
import dev.vigil.monitor.Ingest;
import dev.vigil.monitor.Observation;
import dev.vigil.store.Transactor;
import dev.vigil.util.Worker;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent inside {@code vigil server}, so that one machine needs one process: claims queued runs
 * up to its capacity (a conditional update; 0 rows means another agent got it), runs each as a
 * supervised process and reports start and finish through the writer, the same path as any ping.
 * Runs of a job with an overlap other than {@code allow} wait while another run of it is going.
 */
public final class EmbeddedAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedAgent.class);
    public static final int DEFAULT_CAPACITY = 4;
    public static final int TAIL_BYTES = 10_000;

    private final Transactor store;
    private final Ingest ingest;
    private final Supervisor supervisor;
    private final Clock clock;
    private final String name;
    private final int capacity;
    private final Map<Long, RunningProcess> running = new ConcurrentHashMap<>();
    private final Worker worker = new Worker("vigil-agent", () -> {
        runOnce();
        return 500;
    });

    public EmbeddedAgent(Transactor store, Ingest ingest, Supervisor supervisor, Clock clock, String name, int capacity) {
        this.store = store;
        this.ingest = ingest;
        this.supervisor = supervisor;
        this.clock = clock;
        this.name = name;
        this.capacity = capacity;
    }

    /**
     * Runs this agent had dispatched or running when the server last stopped without finishing them
     * (a crash, {@code kill -9}) are no longer watched by anyone: they are recorded {@code lost},
     * which also retries them per the job's policy and frees a {@code queue} job to run again.
     * @return how many were found
     */
    public int recoverLost() {
        List<Run> orphans = new java.util.ArrayList<>();
        for (RunState state : List.of(RunState.DISPATCHED, RunState.RUNNING)) {
            store.read(tx -> tx.runs().inState(state, null, 10_000)).stream()
                    .filter(r -> name.equals(r.agent())).forEach(orphans::add);
        }
        for (Run run : orphans) {
            ingest.execute(new Command.RunReport(run.id(), new Observation(Observation.Kind.FAILURE, clock.instant(),
                    null, null, null, null), null, RunState.LOST, "lost: the server stopped while the run was "
                    + run.state().wire() + "; nobody watched its process any more"));
        }
        return orphans.size();
    }

    /** {@code embedded@<host name>}: distinct per server, so that servers sharing a database recover only their own runs. */
    public static String defaultName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return "embedded@" + host;
    }

    /** One pass: claims and starts what it can; returns how many runs it started. */
    public int runOnce() {
        int free = capacity - running.size();
        if (free <= 0) return 0;
        int started = 0;
        for (Run run : store.read(tx -> tx.runs().queued(clock.instant(), 50))) {
            if (started >= free) break;
            Job job = store.read(tx -> tx.jobs().byId(run.jobId())).orElse(null);
            if (job == null || !job.isManaged()) continue;
            if (job.execution().overlap() != Execution.Overlap.ALLOW && busy(job)) continue;
            if (!store.write(tx -> tx.runs().transition(run.id(), RunState.QUEUED, RunState.DISPATCHED, name))) continue;
            start(run, job);
            started++;
        }
        return started;
    }

    private boolean busy(Job job) {
        List<Run> active = store.read(tx -> tx.runs().active(job.id()));
        return active.stream().anyMatch(r -> r.state() != RunState.QUEUED);
    }

    private void start(Run run, Job job) {
        Execution ex = job.execution();
        if (!(ex.target() instanceof Execution.Argv) && !(ex.target() instanceof Execution.Shell)) {
            finish(run, new Observation(Observation.Kind.FAILURE, clock.instant(), null, null, null, null), null,
                    RunState.FAILED, "http targets are not run by the embedded agent yet");
            return;
        }
        List<String> argv = ex.target() instanceof Execution.Argv a ? a.argv() : List.of("/bin/sh", "-c", ((Execution.Shell) ex.target()).script());
        // The job's env, then its params, then this run's overrides: the most specific value wins.
        Map<String, String> env = new HashMap<>(ex.env());
        env.putAll(ex.params());
        env.putAll(store.read(tx -> tx.runs().params(run.id())));
        env.put("VIGIL_RUN_ID", Long.toString(run.id()));
        env.put("VIGIL_JOB", job.key());
        if (run.scheduledFor() != null) env.put("VIGIL_SCHEDULED_FOR", run.scheduledFor().toString());
        OutputTail tail = new OutputTail(TAIL_BYTES);
        ingest.submit(new Command.RunReport(run.id(), new Observation(Observation.Kind.START, clock.instant(), null, null, null, null),
                null, null, null));
        RunningProcess p = supervisor.start(new ProcessSpec(argv, ex.workdir() == null ? null : Path.of(ex.workdir()), env,
                ex.timeout(), null), tail);
        running.put(run.id(), p);
        p.outcome().whenComplete((outcome, error) -> {
            running.remove(run.id());
            finished(run, outcome, error, tail);
            wake();
        });
    }

    private void finished(Run run, ProcessOutcome outcome, Throwable error, OutputTail tail) {
        var at = clock.instant();
        if (error != null || outcome == null) {
            finish(run, new Observation(Observation.Kind.FAILURE, at, null, null, null, null), tail.text(), RunState.FAILED,
                    "supervision failed: " + error);
            return;
        }
        RunState end = switch (outcome.reason()) {
            case TIMED_OUT -> RunState.TIMED_OUT;
            case CANCELLED -> RunState.CANCELLED;
            default -> null;
        };
        String reason = switch (outcome.reason()) {
            case TIMED_OUT -> "timed out after " + dev.vigil.schedule.Durations.format(outcome.duration());
            case CANCELLED -> "cancelled";
            case FAILED_TO_START -> "failed to start: " + outcome.error();
            case EXITED -> outcome.signal() != null ? "killed by signal " + outcome.signal() : null;
        };
        Observation.Kind kind = outcome.succeeded() ? Observation.Kind.SUCCESS : Observation.Kind.FAILURE;
        Integer exit = outcome.exitCode() != null && outcome.exitCode() <= 255 ? outcome.exitCode() : null;
        finish(run, new Observation(kind, at, null, exit, null, null), tail.text(), end, reason);
    }

    private void finish(Run run, Observation o, String output, RunState end, String reason) {
        ingest.submit(new Command.RunReport(run.id(), o, output, end, reason)).exceptionally(e -> {
            log.error("cannot record the end of run {}", run.id(), e);
            return null;
        });
    }

    /** Cancels a run this agent is running (TERM, then KILL); false if it runs elsewhere. */
    public boolean cancel(long runId) {
        RunningProcess p = running.get(runId);
        if (p == null) return false;
        p.cancel();
        return true;
    }

    public int runningCount() { return running.size(); }

    public String name() { return name; }

    public int capacity() { return capacity; }

    public void start() {
        worker.start();
    }

    /** Look for work now (the scheduler queued a run, or a run ended and capacity is free). */
    public void wake() {
        worker.wake();
    }

    @Override
    public void close() {
        worker.close();
    }
}

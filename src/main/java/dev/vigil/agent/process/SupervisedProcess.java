package dev.vigil.agent.process;

import dev.vigil.agent.process.ProcessOutcome.Reason;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process group and its lifecycle: output, the timeout, cancel, and, once the leader exits,
 * ending whatever it left in its group before the outcome completes. The same for a process this
 * agent started and for one it adopted from an earlier agent process: they differ only in how the
 * leader's end and exit status are learnt ({@link Leader}) and where the output comes from
 * ({@link Output}).
 */
final class SupervisedProcess implements RunningProcess {
    private static final Logger log = LoggerFactory.getLogger(SupervisedProcess.class);

    /** The leader of the group: its pid is the group id. */
    interface Leader {
        /** The pid, which is also the group id; -1 if there is no group of ours to signal. */
        long pid();

        /** Whether the process was ever started. */
        boolean started();

        /** The leader, to signal it and find its descendants; empty if it is gone or never was. */
        Optional<ProcessHandle> handle();

        boolean isAlive();

        /** Completes once the leader has exited. */
        CompletableFuture<?> exited();

        /** Once exited: its exit value, 128 + N for signal N; null if it is not known. */
        Integer exitValue();
    }

    /** Where the output comes from: pipes, or a file the process appends to. */
    interface Output {
        void start(String name);

        /** After the group ended: delivers what is left, then stops; waits for a busy sink. */
        void drainAndDetach() throws InterruptedException;

        /** Stops delivering at once. */
        void abandon();
    }

    private final Leader leader;
    private final Output output;
    private final Duration timeout;
    private final Duration killGrace;
    private final Duration ranBefore;
    private final ProcessGroups groups;
    private final ScheduledExecutorService timer;
    private final Executor async;
    private final long startNanos = System.nanoTime();
    private final AtomicReference<Reason> stopReason = new AtomicReference<>();
    private final CompletableFuture<ProcessOutcome> outcome = new CompletableFuture<>();
    private CompletableFuture<Void> termination; // guarded by this
    private volatile ScheduledFuture<?> timeoutTask;
    private volatile boolean abandoned;

    /**
     * @param timeout   from the process's start, or null for none
     * @param ranBefore how long the process ran before this supervision began (zero unless adopted)
     */
    SupervisedProcess(Leader leader, Output output, Duration timeout, Duration killGrace, Duration ranBefore,
                      ProcessGroups groups, ScheduledExecutorService timer, Executor async) {
        this.leader = leader;
        this.output = output;
        this.timeout = timeout;
        this.killGrace = killGrace;
        this.ranBefore = ranBefore;
        this.groups = groups;
        this.timer = timer;
        this.async = async;
    }

    void start() {
        output.start("vigil-process-" + pid());
        if (timeout != null) {
            long left = Math.max(0, timeout.minus(ranBefore).toNanos());
            timeoutTask = timer.schedule(() -> stop(Reason.TIMED_OUT), left, TimeUnit.NANOSECONDS);
        }
        leader.exited()
                .thenApply(p -> ranBefore.plusNanos(System.nanoTime() - startNanos))
                .thenAcceptAsync(this::finish, async);
    }

    @Override
    public long pid() {
        return leader.pid();
    }

    @Override
    public CompletableFuture<ProcessOutcome> outcome() {
        // A copy, so a caller cannot complete or cancel the one everybody shares.
        return outcome.copy();
    }

    @Override
    public void cancel() {
        stop(Reason.CANCELLED);
    }

    @Override
    public boolean isAlive() {
        return leader.isAlive();
    }

    Duration killGrace() {
        return killGrace;
    }

    /**
     * Stops supervising without touching the process: no timeout, no more output, and no outcome.
     * What a crash of the agent does, on purpose.
     */
    void abandon() {
        abandoned = true;
        ScheduledFuture<?> pending = timeoutTask;
        if (pending != null) pending.cancel(false);
        output.abandon();
    }

    private void stop(Reason reason) {
        if (!abandoned && leader.isAlive() && stopReason.compareAndSet(null, reason)) {
            log.info("process {} {}: sending TERM to its group, KILL after {}", pid(), reason, killGrace);
            endGroup();
        }
    }

    private synchronized CompletableFuture<Void> endGroup() {
        if (termination == null) {
            termination = GroupTermination.start(pid(), leader.handle(), killGrace, groups, timer, async);
        }
        return termination;
    }

    private synchronized boolean ending() {
        return termination != null;
    }

    private void finish(Duration duration) {
        if (abandoned) return;
        ScheduledFuture<?> pending = timeoutTask;
        if (pending != null) {
            pending.cancel(false);
        }
        Reason reason = stopReason.get() == null ? Reason.EXITED : stopReason.get();
        try {
            endWhatIsLeft();
            output.drainAndDetach();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Integer exitValue = leader.exitValue();
            outcome.complete(exitValue != null ? ExitStatus.decode(exitValue, reason, duration)
                    : ExitStatus.unknown(reason, duration, !leader.started()));
        }
    }

    /** A run never leaves processes behind: what the leader left in its group is ended too. */
    private void endWhatIsLeft() {
        if (pid() <= 1) return;
        try {
            if (!ending()) {
                int left = ProcessGroups.members(pid()).size();
                if (left == 0) {
                    return;
                }
                log.info("process {} exited and left {} process(es) in its group: sending TERM, KILL after {}",
                        pid(), left, killGrace);
            }
            endGroup().join();
        } catch (RuntimeException e) {
            log.error("ending process group {} failed; some of its processes may still run", pid(), e);
        }
    }
}

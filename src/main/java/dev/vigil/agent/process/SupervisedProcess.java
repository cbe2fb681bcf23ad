package dev.vigil.agent.process;

import dev.vigil.agent.process.OutputSink.Stream;
import dev.vigil.agent.process.ProcessOutcome.Reason;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started process and its lifecycle: output pumps, the timeout, cancel, and, once the leader
 * exits, ending whatever it left in its group before the outcome completes.
 */
final class SupervisedProcess implements RunningProcess {
    private static final Logger log = LoggerFactory.getLogger(SupervisedProcess.class);
    /** After the group has ended, how long a pipe may stay silent before we stop waiting for its end. */
    static final Duration OUTPUT_QUIET = Duration.ofMillis(500);

    private final Process process;
    private final ProcessSpec spec;
    private final ProcessGroups groups;
    private final ScheduledExecutorService timer;
    private final Executor async;
    private final long startNanos = System.nanoTime();
    private final OutputPump stdout;
    private final OutputPump stderr;
    private final AtomicReference<Reason> stopReason = new AtomicReference<>();
    private final CompletableFuture<ProcessOutcome> outcome = new CompletableFuture<>();
    private CompletableFuture<Void> termination; // guarded by this
    private volatile ScheduledFuture<?> timeout;

    SupervisedProcess(Process process, ProcessSpec spec, OutputSink sink, ProcessGroups groups,
                      ScheduledExecutorService timer, Executor async) {
        this.process = process;
        this.spec = spec;
        this.groups = groups;
        this.timer = timer;
        this.async = async;
        this.stdout = new OutputPump(process.getInputStream(), Stream.STDOUT, sink);
        this.stderr = new OutputPump(process.getErrorStream(), Stream.STDERR, sink);
    }

    void start() {
        stdout.start("vigil-process-" + pid() + "-stdout");
        stderr.start("vigil-process-" + pid() + "-stderr");
        if (spec.timeout() != null) {
            timeout = timer.schedule(() -> stop(Reason.TIMED_OUT), spec.timeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        process.onExit()
                .thenApply(p -> Duration.ofNanos(System.nanoTime() - startNanos))
                .thenAcceptAsync(this::finish, async);
    }

    @Override
    public long pid() {
        return process.pid();
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
        return process.isAlive();
    }

    Duration killGrace() {
        return spec.killGrace();
    }

    private void stop(Reason reason) {
        if (process.isAlive() && stopReason.compareAndSet(null, reason)) {
            log.info("process {} {}: sending TERM to its group, KILL after {}", pid(), reason, spec.killGrace());
            endGroup();
        }
    }

    private synchronized CompletableFuture<Void> endGroup() {
        if (termination == null) {
            termination = GroupTermination.start(process.toHandle(), spec.killGrace(), groups, timer, async);
        }
        return termination;
    }

    private synchronized boolean ending() {
        return termination != null;
    }

    private void finish(Duration duration) {
        ScheduledFuture<?> pending = timeout;
        if (pending != null) {
            pending.cancel(false);
        }
        Reason reason = stopReason.get() == null ? Reason.EXITED : stopReason.get();
        try {
            endWhatIsLeft();
            OutputPump.drainAndDetach(OUTPUT_QUIET, stdout, stderr);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            outcome.complete(ExitStatus.decode(process.exitValue(), reason, duration));
        }
    }

    /** A run never leaves processes behind: what the leader left in its group is ended too. */
    private void endWhatIsLeft() {
        try {
            if (!ending()) {
                int left = ProcessGroups.members(pid()).size();
                if (left == 0) {
                    return;
                }
                log.info("process {} exited and left {} process(es) in its group: sending TERM, KILL after {}",
                        pid(), left, spec.killGrace());
            }
            endGroup().join();
        } catch (RuntimeException e) {
            log.error("ending process group {} failed; some of its processes may still run", pid(), e);
        }
    }
}

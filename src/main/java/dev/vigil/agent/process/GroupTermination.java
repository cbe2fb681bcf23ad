package dev.vigil.agent.process;

import dev.vigil.agent.process.ProcessGroups.Signal;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends one run's process tree: TERM to the group now, KILL to whatever is left after the grace.
 *
 * <p>Besides the group, each signal also goes, one by one, to the leader's descendants that are no
 * longer in the group (they called {@code setsid} or {@code setpgid}) and are still its descendants
 * when the snapshot is taken. What escapes: a process that left the group <em>and</em> was
 * re-parented away from the leader (the classic daemon double fork), because nothing links it to
 * the run any more.
 */
final class GroupTermination {
    /** After KILL, how long to wait for the kernel to actually remove the processes. */
    private static final Duration KILL_SETTLE = Duration.ofSeconds(1);
    /** How often to look whether the signalled processes are gone. */
    private static final Duration EXIT_CHECK = Duration.ofMillis(50);

    private final ProcessHandle leader; // null when it is gone already
    private final long pgid;
    private final Duration grace;
    private final ProcessGroups groups;
    private final ScheduledExecutorService timer;
    private final Executor async;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private GroupTermination(long pgid, ProcessHandle leader, Duration grace, ProcessGroups groups,
                             ScheduledExecutorService timer, Executor async) {
        this.leader = leader;
        this.pgid = pgid;
        this.grace = grace;
        this.groups = groups;
        this.timer = timer;
        this.async = async;
    }

    /**
     * Starts ending the tree; the future completes once it is gone or KILL has been sent and settled.
     * Without the leader (it is gone), only the group is signalled.
     */
    static CompletableFuture<Void> start(long pgid, Optional<ProcessHandle> leader, Duration grace, ProcessGroups groups,
                                         ScheduledExecutorService timer, Executor async) {
        GroupTermination termination = new GroupTermination(pgid, leader.orElse(null), grace, groups, timer, async);
        async.execute(termination::terminate);
        return termination.done;
    }

    private void terminate() {
        try {
            Collection<ProcessHandle> targets = snapshot();
            send(Signal.TERM, targets);
            CompletableFuture<Void> gone = allExitedOrAfter(targets, grace);
            gone.thenRunAsync(this::kill, async);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    private void kill() {
        try {
            Collection<ProcessHandle> survivors = snapshot();
            if (!survivors.isEmpty()) {
                send(Signal.KILL, survivors);
            }
            allExitedOrAfter(survivors, KILL_SETTLE).thenRun(() -> done.complete(null));
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    /** The leader (while alive), its descendants and every other live member of its group. */
    private Collection<ProcessHandle> snapshot() {
        Map<Long, ProcessHandle> targets = new LinkedHashMap<>();
        if (leader != null && ProcessGroups.running(leader)) {
            targets.put(leader.pid(), leader);
            leader.descendants().forEach(p -> targets.put(p.pid(), p));
        }
        ProcessGroups.members(pgid).forEach(p -> targets.putIfAbsent(p.pid(), p));
        targets.values().removeIf(p -> !ProcessGroups.running(p));
        return targets.values();
    }

    private void send(Signal signal, Collection<ProcessHandle> targets) {
        boolean groupSignalled = targets.stream().anyMatch(this::inGroup) && groups.signalGroup(pgid, signal);
        for (ProcessHandle target : targets) {
            // Group members already got it (a second TERM can mean "hurry" to some programs).
            if (!groupSignalled || !inGroup(target)) {
                if (signal == Signal.TERM) {
                    target.destroy();
                } else {
                    target.destroyForcibly();
                }
            }
        }
    }

    private boolean inGroup(ProcessHandle process) {
        return ProcessGroups.groupOf(process.pid()).orElse(-1) == pgid;
    }

    /**
     * Completes when every target has exited or {@code limit} has passed. Checked every
     * {@link #EXIT_CHECK} on the timer rather than with {@link ProcessHandle#onExit()}: for processes
     * that are not our children the JDK polls too, only from 300 ms on and with a thread each.
     */
    private CompletableFuture<Void> allExitedOrAfter(Collection<ProcessHandle> targets, Duration limit) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        long deadline = System.nanoTime() + limit.toNanos();
        ScheduledFuture<?> check = timer.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - deadline >= 0 || targets.stream().noneMatch(ProcessGroups::running)) {
                result.complete(null);
            }
        }, 0, EXIT_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((ignored, e) -> check.cancel(false));
        return result;
    }
}

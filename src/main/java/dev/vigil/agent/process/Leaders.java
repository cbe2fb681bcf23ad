package dev.vigil.agent.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The two kinds of group leader a {@link SupervisedProcess} watches. */
final class Leaders {
    /** How often an adopted leader is looked at: it is not our child, so nobody tells us it exited. */
    static final Duration ADOPTED_CHECK = Duration.ofMillis(100);

    private Leaders() {
    }

    /** A process this JVM started: the JVM learns its end and its exit value. */
    static SupervisedProcess.Leader child(Process process) {
        return new SupervisedProcess.Leader() {
            @Override public long pid() { return process.pid(); }

            @Override public boolean started() { return true; }

            @Override public Optional<ProcessHandle> handle() { return Optional.of(process.toHandle()); }

            @Override public boolean isAlive() { return process.isAlive(); }

            @Override public CompletableFuture<?> exited() { return process.onExit(); }

            @Override public Integer exitValue() { return process.exitValue(); }
        };
    }

    /**
     * A leader an earlier agent process started and recorded in {@code dir}: found by the pid it
     * wrote, and only if that pid is still the process of this directory (its command line names it),
     * so a reused pid is never mistaken for it. Its end is looked for every {@link #ADOPTED_CHECK};
     * its exit status is what it wrote in {@code exit}.
     *
     * <p>Its group is signalled (to end what the leader left in it) only in the same boot and when the
     * pid is not held by another process: a group id cannot be reused while the group has members.
     *
     * @param sameBoot whether the machine has not restarted since the process was started
     */
    static SupervisedProcess.Leader adopted(ProcessDir dir, boolean sameBoot, ScheduledExecutorService timer) {
        long recorded = dir.pid();
        Optional<ProcessHandle> alive = sameBoot && recorded > 1
                ? ProcessHandle.of(recorded).filter(ProcessGroups::running) : Optional.empty();
        Optional<ProcessHandle> found = alive.filter(h -> runs(h, dir));
        long pid = sameBoot && recorded > 1 && (found.isPresent() || alive.isEmpty()) ? recorded : -1;
        CompletableFuture<Void> exited = new CompletableFuture<>();
        if (found.isEmpty()) {
            exited.complete(null);
        } else {
            ScheduledFuture<?> check = timer.scheduleWithFixedDelay(() -> {
                if (!ProcessGroups.running(found.get())) exited.complete(null);
            }, ADOPTED_CHECK.toMillis(), ADOPTED_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            exited.whenComplete((ignored, e) -> check.cancel(false));
        }
        return new SupervisedProcess.Leader() {
            @Override public long pid() { return pid; }

            @Override public boolean started() { return recorded > 1; }

            @Override public Optional<ProcessHandle> handle() { return found.filter(ProcessGroups::running); }

            @Override public boolean isAlive() { return found.isPresent() && ProcessGroups.running(found.get()); }

            @Override public CompletableFuture<?> exited() { return exited; }

            @Override public Integer exitValue() { return dir.exitStatus().orElse(null); }
        };
    }

    /** Whether the process is the wrapper of {@code dir}: its command line holds the directory. */
    private static boolean runs(ProcessHandle process, ProcessDir dir) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            String wanted = dir.path().toAbsolutePath().toString();
            for (String arg : new String(cmdline, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
                if (arg.equals(wanted)) return true;
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

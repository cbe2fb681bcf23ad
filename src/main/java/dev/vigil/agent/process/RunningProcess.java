package dev.vigil.agent.process;

import java.util.concurrent.CompletableFuture;

/** One started attempt. Thread-safe. */
public interface RunningProcess {

    /** The OS process id, which is also its process group id; {@code -1} if it failed to start. */
    long pid();

    /**
     * Completes once the process has exited, the rest of its process group has been ended and all its
     * output has been delivered to the sink. Never completes exceptionally.
     */
    CompletableFuture<ProcessOutcome> outcome();

    /**
     * Sends TERM to the whole process group, then KILL after the spec's kill grace. Returns at once;
     * the outcome's reason is {@code CANCELLED}. Does nothing if the process has already exited or is
     * already being stopped (a timeout that fired first stays the reason).
     */
    void cancel();

    /** Whether the process itself (the group leader) is still running. */
    boolean isAlive();
}

package dev.vigil.agent.process;

import java.util.concurrent.CompletableFuture;

/** A process that never started: its outcome is already there. */
final class FailedProcess implements RunningProcess {
    private final ProcessOutcome outcome;

    FailedProcess(String error) {
        this.outcome = ProcessOutcome.failedToStart(error);
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public CompletableFuture<ProcessOutcome> outcome() {
        return CompletableFuture.completedFuture(outcome);
    }

    @Override
    public void cancel() {
    }

    @Override
    public boolean isAlive() {
        return false;
    }
}

package dev.vigil.agent.http;

import java.util.concurrent.CompletableFuture;

/** One HTTP call under way. Thread-safe. */
public interface RunningCall {

    /**
     * Completes once the call has ended and everything written to the sink has been written; no sink
     * call follows it. Never completes exceptionally.
     */
    CompletableFuture<CallOutcome> outcome();

    /**
     * Aborts the request (closing its connection) whether it waits for the response or reads the
     * body, and returns at once; the outcome follows promptly with reason {@code CANCELLED}. Does
     * nothing once the call has ended or is already being stopped (a timeout that fired first stays
     * the reason).
     */
    void cancel();
}

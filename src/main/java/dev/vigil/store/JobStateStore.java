package dev.vigil.store;

import dev.vigil.domain.JobState;
import java.util.Optional;

public interface JobStateStore {
    /** Inserts or replaces the state of {@code state.jobId()}. */
    void put(JobState state);

    Optional<JobState> get(long jobId);

    /**
     * Streams (job id, next deadline in epoch milliseconds) of every job that has a next deadline,
     * for rebuilding the in-memory deadline index on start. Must not load all rows into memory.
     */
    void forEachDeadline(DeadlineSink sink);

    @FunctionalInterface
    interface DeadlineSink {
        void accept(long jobId, long deadlineEpochMillis);
    }
}

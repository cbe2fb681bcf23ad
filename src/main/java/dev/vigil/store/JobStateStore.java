package dev.vigil.store;

import dev.vigil.domain.JobState;
import java.util.Optional;

public interface JobStateStore {
    /** Inserts or replaces the state of {@code state.jobId()}. */
    void put(JobState state);

    Optional<JobState> get(long jobId);

    /**
     * Reads the states of these jobs and locks their rows until the transaction ends, in job id
     * order (so that two writers locking overlapping sets never wait for each other in a circle):
     * for several servers applying reports to the same jobs. Where one writer excludes all others
     * (SQLite) the rows are only read. Jobs without a state row are absent from the answer.
     */
    java.util.Map<Long, JobState> lock(java.util.Collection<Long> jobIds);

    /**
     * Streams (job id, next deadline in epoch milliseconds) of every job that has a next deadline,
     * for rebuilding the in-memory deadline index on start. Must not load all rows into memory.
     */
    void forEachDeadline(DeadlineSink sink);

    /**
     * As {@link #forEachDeadline(DeadlineSink)}, for the jobs of some partitions only (job id modulo
     * {@code partitionCount}), and, if {@code until} is given, only deadlines at or before it.
     */
    void forEachDeadline(java.util.Collection<Integer> partitions, int partitionCount, Long until, DeadlineSink sink);

    @FunctionalInterface
    interface DeadlineSink {
        void accept(long jobId, long deadlineEpochMillis);
    }
}

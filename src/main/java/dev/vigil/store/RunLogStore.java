package dev.vigil.store;

import dev.vigil.domain.LogChunk;
import java.time.Instant;
import java.util.List;

/**
 * The stored output of managed runs, as the chunks agents send. Knows nothing of limits or markers
 * (that is {@code execution.RunLogs}); it keeps each (run, seq) once and a running total of the
 * bytes stored per run.
 */
public interface RunLogStore {

    /**
     * Stores the chunk unless one with the same (run, seq) is stored: the first delivery wins.
     *
     * @return whether it was new
     * @throws dev.vigil.domain.NotFoundException if there is no such run
     */
    boolean append(LogChunk chunk);

    /**
     * {@link #append} for many chunks at once, as a few statements however many there are: what a
     * delivery of an agent's events brings. Chunks of runs that do not exist are skipped.
     *
     * @return the ids of the runs among the chunks' that do not exist
     */
    java.util.Set<Long> appendAll(List<LogChunk> chunks);

    /** {@link #bytes} of each of these runs that has stored output (runs without any are left out). */
    java.util.Map<Long, Long> bytesOf(java.util.Collection<Long> runIds);

    /** Up to {@code limit} chunks of the run with a seq above {@code afterSeq}, in seq order. */
    List<LogChunk> after(long runId, long afterSeq, int limit);

    /**
     * The UTF-8 size of the run's stored chunks (0 if none). Kept as a running total next to the
     * chunks, so reading it costs one row however many chunks the run has: the limit check runs
     * before every append, and a SUM there would make a chatty run's appends quadratic.
     */
    long bytes(long runId);

    /**
     * Retention: deletes up to {@code limit} chunks of runs that ended before {@code cutoff}
     * (runs that have not ended keep theirs), and the totals of runs left without chunks. Call
     * again while it returns {@code limit}.
     *
     * @return the chunks deleted
     */
    int deleteForRunsEndedBefore(Instant cutoff, int limit);
}

package dev.vigil.store;

import dev.vigil.domain.Flip;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Flips: a job's history of status and health changes, and the queue of the incident loop. A flip
 * is recorded <em>waiting</em>; the loop claims it with {@link #claim} in the transaction that makes
 * the incident changes it causes, so it is handled exactly once, and a job's flips in id order.
 */
public interface FlipStore {
    /** Inserts the flip (its id is ignored), waiting, and returns it with the assigned id. */
    default Flip insert(Flip flip) {
        return insert(flip, null);
    }

    /**
     * Inserts the flip (its id is ignored), waiting, with the output its alert quotes (null if
     * none), and returns it with the assigned id.
     */
    Flip insert(Flip flip, String lastOutput);

    /**
     * {@link #insert} when nobody needs its id now (the writer): the row goes out batched with the
     * transaction's other writes, before its next statement or its commit; ids still follow the
     * order of recording.
     */
    void record(Flip flip, String lastOutput);

    Optional<Flip> byId(long id);

    /** Newest first; {@code beforeId} pages backwards (null for the newest). */
    List<Flip> byJob(long jobId, Long beforeId, int limit);

    /**
     * A flip not handled yet, with what handling it needs.
     *
     * @param attempts failed attempts so far
     */
    record Waiting(Flip flip, String lastOutput, int attempts) {}

    /**
     * Waiting flips whose turn may have come at {@code now}, oldest first: not waiting for a retry
     * later than {@code now}, and of no job whose earlier flip waits for one.
     */
    List<Waiting> waiting(Instant now, int limit);

    /**
     * Marks the flip handled at {@code at}, if it still waits and no earlier flip of its job does,
     * and forgets its output. Only the caller whose update changed the row may act on the flip.
     *
     * @return false if someone else handled it, or it is not its job's turn yet
     */
    boolean claim(Flip flip, Instant at);

    /** {@link #claim} for many flips, in order, sent together (one round trip): whether each was claimed. */
    boolean[] claimAll(java.util.List<Flip> flips, Instant at);

    /** Records a failed attempt at a waiting flip: it is tried again at {@code retryAt}. */
    void retryLater(long id, int attempts, String error, Instant retryAt);

    /** Records the last failed attempt: the flip stops waiting, handled at {@code at} with the error. */
    void giveUp(long id, int attempts, String error, Instant at);

    /**
     * How many flips wait and the time of the oldest (null if none).
     */
    record Backlog(long waiting, Instant oldestAt) {}

    Backlog backlog();
}

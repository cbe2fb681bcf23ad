package dev.vigil.store;

import dev.vigil.domain.DeliveryAttempt;
import dev.vigil.domain.Notification;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The durable alert outbox and its delivery history. */
public interface OutboxStore {
    /**
     * Adds a pending notification, or a suppressed one that is only recorded (state
     * {@code SUPPRESSED}, {@code lastError} saying why); id and attempts are ignored. Idempotent on
     * {@code idempotencyKey}: enqueuing the same key twice keeps the first and returns false.
     */
    boolean enqueue(Notification notification);

    /**
     * {@link #enqueue}, sent before the transaction next reads the outbox, or at commit, instead of
     * now: a transaction that decides many incidents enqueues all their notifications in one round
     * trip. Whether it was new is not known.
     */
    void enqueueLater(Notification notification);

    /**
     * Claims up to {@code limit} pending notifications due at {@code now} (oldest due first) by
     * moving their next attempt to {@code leaseUntil}, so that a crash mid-delivery retries them
     * after the lease instead of losing them, and a concurrent claimer skips them.
     */
    List<Notification> claimDue(Instant now, Instant leaseUntil, int limit);

    /** The earliest next attempt of any pending notification. */
    Optional<Instant> nextDue();

    /**
     * The earliest next attempt of a pending notification about the same incident to the same
     * channel that was enqueued before {@code n}: a later transition (a resolve) must not overtake
     * an earlier one (its trigger, in back-off), or the receiver would end up with the trigger last.
     */
    Optional<Instant> earlierPending(Notification n);

    void recordAttempt(DeliveryAttempt attempt);

    void markDelivered(long id, int attempts, Instant at);

    void markRetry(long id, int attempts, Instant nextAttemptAt, String error);

    /** Gives up: a permanent error or retries exhausted. */
    void markFailed(long id, int attempts, String error);

    Optional<Notification> byId(long id);

    /** Newest first, optionally of one job. */
    List<Notification> recent(Long jobId, int limit);

    /** Newest first, of the jobs of one project. */
    List<Notification> recentInProject(long projectId, int limit);

    /** Oldest first. */
    List<DeliveryAttempt> attempts(long notificationId);
}

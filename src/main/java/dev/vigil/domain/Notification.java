package dev.vigil.domain;

import java.time.Instant;
import java.util.Locale;

/**
 * One alert to deliver to one channel, kept in the durable outbox until delivered or given up.
 *
 * @param idempotencyKey unique per (incident transition, channel); receivers that deduplicate see it
 * @param payload        the alert as a JSON object, rendered by each channel in its own format
 * @param incidentId     the incident it is about; null for one enqueued before incidents existed
 */
public record Notification(
        long id,
        long channelId,
        long jobId,
        long flipId,
        String idempotencyKey,
        String payload,
        State state,
        int attempts,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant deliveredAt,
        String lastError,
        Long incidentId) {

    public Notification(long id, long channelId, long jobId, long flipId, String idempotencyKey, String payload,
                        State state, int attempts, Instant nextAttemptAt, Instant createdAt, Instant deliveredAt,
                        String lastError) {
        this(id, channelId, jobId, flipId, idempotencyKey, payload, state, attempts, nextAttemptAt, createdAt,
                deliveredAt, lastError, null);
    }

    public enum State {
        PENDING, DELIVERED, FAILED,
        /**
         * Never sent: held by a silence, a maintenance window, an unhealthy upstream or flapping;
         * {@code lastError} says which. Kept so that what was not sent, and why, stays visible.
         */
        SUPPRESSED;

        public String wire() { return name().toLowerCase(Locale.ROOT); }
    }
}

package dev.vigil.domain;

import java.time.Instant;
import java.util.Locale;

/**
 * One alert to deliver to one channel, kept in the durable outbox until delivered or given up.
 *
 * @param idempotencyKey unique per (incident transition, channel); receivers that deduplicate see it
 * @param payload        the alert as a JSON object, rendered by each channel in its own format
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
        String lastError) {

    public enum State {
        PENDING, DELIVERED, FAILED;

        public String wire() { return name().toLowerCase(Locale.ROOT); }
    }
}

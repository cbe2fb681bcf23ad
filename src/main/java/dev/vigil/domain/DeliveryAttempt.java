package dev.vigil.domain;

import java.time.Instant;

/** One try at delivering a notification: recorded whatever its outcome. */
public record DeliveryAttempt(
        long id, long notificationId, Instant at, boolean ok, Integer statusCode, String error, long durationMs) {
}

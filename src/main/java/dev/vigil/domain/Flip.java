package dev.vigil.domain;

import java.time.Instant;

/**
 * A recorded change of a job's status or health, with its reason. A flip that opens or closes an
 * incident ({@code alertingChanged}) is what alerts are sent for.
 */
public record Flip(
        long id,
        long jobId,
        Instant at,
        Status fromStatus,
        Status toStatus,
        Health fromHealth,
        Health toHealth,
        boolean alerting,
        boolean alertingChanged,
        String reason) {
}

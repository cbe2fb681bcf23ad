package dev.vigil.domain;

import java.time.Duration;

/**
 * When a job counts as unhealthy (PRODUCT.md §1.3): it failed {@code consecutiveFailures} times in a
 * row, or it failed and its last success (or its creation, if it never succeeded) is at least
 * {@code failureWithoutSuccessFor} ago. It turns healthy again after {@code recoverAfter} successes.
 */
public record HealthPolicy(int consecutiveFailures, Duration failureWithoutSuccessFor, int recoverAfter) {
    public static final int DEFAULT_CONSECUTIVE_FAILURES = 2;
    public static final Duration DEFAULT_FAILURE_WITHOUT_SUCCESS_FOR = Duration.ofHours(24);
    public static final int DEFAULT_RECOVER_AFTER = 1;
    public static final HealthPolicy DEFAULT = new HealthPolicy(
            DEFAULT_CONSECUTIVE_FAILURES, DEFAULT_FAILURE_WITHOUT_SUCCESS_FOR, DEFAULT_RECOVER_AFTER);

    public HealthPolicy {
        if (consecutiveFailures < 1 || consecutiveFailures > 1000) {
            throw new ValidationException("health.consecutiveFailures", "must be between 1 and 1000, got " + consecutiveFailures);
        }
        if (failureWithoutSuccessFor == null || failureWithoutSuccessFor.isNegative() || failureWithoutSuccessFor.isZero()) {
            throw new ValidationException("health.failureWithoutSuccessFor", "must be a positive duration");
        }
        if (recoverAfter < 1 || recoverAfter > 1000) {
            throw new ValidationException("health.recoverAfter", "must be between 1 and 1000, got " + recoverAfter);
        }
    }
}

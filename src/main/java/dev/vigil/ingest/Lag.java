package dev.vigil.ingest;

import java.time.Duration;
import java.time.Instant;

/**
 * Watches how far ingestion lags behind reception. While reports wait in our own backlog, a
 * deadline that passes may be a false alarm of ours, not the job's (PRODUCT.md §6): new incidents
 * are then decided only after a re-check window. Used by the writer thread only.
 */
final class Lag {
    private final Duration threshold;
    private final Duration recheckWindow;
    private Instant laggingUntil = Instant.MIN;

    Lag(Duration threshold, Duration recheckWindow) {
        this.threshold = threshold;
        this.recheckWindow = recheckWindow;
    }

    void observed(Instant receivedAt, Instant processedAt) {
        if (Duration.between(receivedAt, processedAt).compareTo(threshold) > 0) {
            laggingUntil = processedAt.plus(recheckWindow);
        }
    }

    /** The end of the re-check window if ingestion lagged recently, else null. */
    Instant deferUntil(Instant now) {
        return now.isBefore(laggingUntil) ? laggingUntil : null;
    }
}

package dev.vigil.audit;

import dev.vigil.store.Transactor;
import dev.vigil.util.RetentionSweep;
import java.time.Clock;
import java.time.Duration;

/**
 * Deletes audit log entries older than the retention ({@code VIGIL_AUDIT_RETENTION}): at start, then
 * hourly, a batch per transaction so that the sweep never holds the writer for long. The entries
 * themselves are written by whoever makes a change, in its transaction (docs/security.md).
 */
public final class AuditRetention {
    private AuditRetention() {}

    /** The sweep of the audit log, {@code retention} more than 0; started by the caller. */
    public static RetentionSweep of(Transactor store, Duration retention, Clock clock) {
        return new RetentionSweep("vigil-audit-retention", "audit log entries", retention, clock,
                (cutoff, batch) -> store.write(tx -> tx.audit().deleteBefore(cutoff, batch)));
    }
}

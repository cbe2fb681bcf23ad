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
public final class AuditRetention implements AutoCloseable {
    public static final Duration SWEEP_INTERVAL = RetentionSweep.INTERVAL;
    static final int SWEEP_BATCH = RetentionSweep.BATCH;

    private final RetentionSweep sweeper;

    /** @param retention how long an entry is kept, more than 0 */
    public AuditRetention(Transactor store, Duration retention, Clock clock) {
        this.sweeper = new RetentionSweep("vigil-audit-retention", "audit log entries", retention, clock,
                (cutoff, batch) -> store.write(tx -> tx.audit().deleteBefore(cutoff, batch)));
    }

    /** Deletes the entries older than the retention; returns how many. */
    public int sweep() {
        return sweeper.sweep();
    }

    public void start() {
        sweeper.start();
    }

    /** One pass of the background thread: sweeps when due; returns how long it may sleep. */
    long pass() {
        return sweeper.pass();
    }

    @Override
    public void close() {
        sweeper.close();
    }
}

package dev.vigil.audit;

import dev.vigil.store.Transactor;
import dev.vigil.util.Worker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes audit log entries older than the retention ({@code VIGIL_AUDIT_RETENTION}): at start, then
 * hourly, a batch per transaction so that the sweep never holds the writer for long. The entries
 * themselves are written by whoever makes a change, in its transaction (docs/security.md).
 */
public final class AuditRetention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
    public static final Duration SWEEP_INTERVAL = Duration.ofHours(1);
    /** A failed sweep is tried again this much later. */
    static final Duration SWEEP_RETRY = Duration.ofMinutes(1);
    static final int SWEEP_BATCH = 1_000;

    private final Transactor store;
    private final Duration retention;
    private final Clock clock;
    private final Worker worker = new Worker("vigil-audit-retention", this::pass);
    private Instant nextSweep;

    /** @param retention how long an entry is kept, more than 0 */
    public AuditRetention(Transactor store, Duration retention, Clock clock) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be more than 0, got " + retention);
        }
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    /** Deletes the entries older than the retention; returns how many. */
    public int sweep() {
        Instant cutoff = clock.instant().minus(retention);
        int total = 0;
        int n;
        do {
            n = store.write(tx -> tx.audit().deleteBefore(cutoff, SWEEP_BATCH));
            total += n;
        } while (n == SWEEP_BATCH);
        if (total > 0) log.info("deleted {} audit log entries from before {}", total, cutoff);
        return total;
    }

    public void start() {
        worker.start();
    }

    /** One pass of the background thread: sweeps when due; returns how long it may sleep. */
    synchronized long pass() {
        Instant now = clock.instant();
        if (nextSweep == null || !now.isBefore(nextSweep)) {
            nextSweep = now.plus(SWEEP_RETRY);
            sweep();
            nextSweep = now.plus(SWEEP_INTERVAL);
        }
        return Math.max(0, Duration.between(clock.instant(), nextSweep).toMillis());
    }

    @Override
    public void close() {
        worker.close();
    }
}

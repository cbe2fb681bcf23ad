package dev.vigil.alert;

import dev.vigil.domain.Incident;
import dev.vigil.store.Transactor;
import dev.vigil.util.Worker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves incidents along in time, on one background thread: escalates and repeats unacknowledged
 * ones, notifies held ones once their silence, maintenance window or upstream incident is over, and
 * ends flapping after a calm window (see {@link Incidents#check}). Each incident is checked in its
 * own short transaction; whoever changed it meanwhile wins, and it is decided again.
 *
 * <p>Between passes it sleeps until the next check is due, at most a second, so that checks set by
 * other servers sharing the database are noticed. Tests call {@link #runOnce()} with a settable clock.
 */
public final class EscalationLoop implements AutoCloseable {
    private static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(EscalationLoop.class);

    private final Transactor store;
    private final Incidents incidents;
    private final Clock clock;
    private final Runnable onNotified;
    private final AtomicLong checked = new AtomicLong();
    private volatile boolean failed;
    private final Worker worker = new Worker("vigil-escalation", this::pass);

    /** @param onNotified called after a pass that enqueued notifications (wakes the delivery loop) */
    public EscalationLoop(Transactor store, Incidents incidents, Clock clock, Runnable onNotified) {
        this.store = store;
        this.incidents = incidents;
        this.clock = clock;
        this.onNotified = onNotified;
    }

    public void start() {
        worker.start();
    }

    /** Checks every incident due now. @return how many were checked */
    public int runOnce() {
        Instant now = clock.instant();
        List<Incident> due = store.read(tx -> tx.incidents().due(now, BATCH));
        boolean notified = false;
        failed = false;
        for (Incident incident : due) {
            try {
                notified |= store.write(tx -> incidents.check(tx, incident.id(), now));
            } catch (RuntimeException e) {
                // Its check time is unchanged, so it is tried again on the next pass.
                log.error("Checking incident {} failed; trying again shortly", incident.id(), e);
                failed = true;
            }
            checked.incrementAndGet();
        }
        if (notified) onNotified.run();
        return due.size();
    }

    /** Asks for a pass now, e.g. after a silence ended early. Cheap; never blocks. */
    public void wake() {
        worker.wake();
    }

    /** Incidents checked since start. */
    public long checked() {
        return checked.get();
    }

    private long pass() {
        int n = runOnce();
        if (failed) return 1_000; // a check that fails keeps its due time: do not spin on it
        if (n >= BATCH) return 0;
        Optional<Instant> next = store.read(tx -> tx.incidents().nextDue());
        return next.map(at -> Math.max(10, Duration.between(clock.instant(), at).toMillis())).orElse(1_000L);
    }

    @Override
    public void close() {
        worker.close();
    }
}

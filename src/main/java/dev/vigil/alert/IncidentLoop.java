package dev.vigil.alert;

import dev.vigil.domain.Flip;
import dev.vigil.domain.Job;
import dev.vigil.domain.ValidationException;
import dev.vigil.store.FlipStore;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
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
 * Decides incidents from flips, on one background thread, after the writer has committed them: the
 * writer's work ends at the flip, so a storm of incidents never delays a ping (lesson 2 of STYLE.md).
 *
 * <p>Each transaction takes the oldest waiting flips, claims each with a conditional update and
 * runs {@link Incidents#flipped} for it in the same transaction, until {@code batch} flips or
 * {@code budget} of time (10 ms on SQLite, where it shares the one write connection with the
 * writer, so that a ping never waits long behind it). A claim succeeds only for a flip still waiting
 * whose job has no earlier flip waiting: with the incident changes in the same commit, every flip
 * is decided exactly once, a job's flips in order, even across crashes and by several servers
 * sharing one PostgreSQL (the loser's claim changes 0 rows and it moves on).
 *
 * <p>A flip is decided as of its own time ({@link Flip#at()}), not of when the loop gets to it, so
 * the outcome is the one the writer reached when it decided incidents itself.
 *
 * <p>A transaction that fails is replayed one flip per transaction; a flip that fails on its own is
 * tried again after 1 s, 2 s, 4 s … (at most a minute), holding back only its own job's later flips,
 * and given up after {@code maxAttempts}: logged, counted, and kept with its error. Holding back
 * later flips of the job forever would silence the job; deciding them before it would open or
 * resolve incidents out of order.
 *
 * <p>The writer wakes it after committing flips; it also looks every second, so that flips left by
 * a crash, a retry coming due or another server's writer are never stranded. Tests call
 * {@link #runOnce()} with a settable clock.
 */
public final class IncidentLoop implements AutoCloseable {
    public static final int DEFAULT_BATCH = 500;
    /**
     * SQLite has one write connection, shared with the writer: a ping waits for the loop's
     * transaction to end, so it is kept short there.
     */
    public static final Duration DEFAULT_BUDGET_SQLITE = Duration.ofMillis(10);
    /** Elsewhere the writer has connections of its own; this only bounds how long incident rows stay locked. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_ATTEMPTS = 8;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(1);
    private static final long IDLE_MS = 1_000;
    private static final Logger log = LoggerFactory.getLogger(IncidentLoop.class);

    private final Transactor store;
    private final Incidents incidents;
    private final Clock clock;
    private final Runnable onHandled;
    private final int batch;
    private final long budgetNanos;
    private final int maxAttempts;
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Worker worker = new Worker("vigil-incidents", this::pass);
    private volatile boolean closed;

    /** @param onHandled called after each commit whose flips changed incidents (wakes delivery, dashboards) */
    public IncidentLoop(Transactor store, Incidents incidents, Clock clock, Runnable onHandled) {
        this(store, incidents, clock, onHandled, DEFAULT_BATCH,
                "sqlite".equals(store.databaseName()) ? DEFAULT_BUDGET_SQLITE : DEFAULT_BUDGET, DEFAULT_MAX_ATTEMPTS);
    }

    IncidentLoop(Transactor store, Incidents incidents, Clock clock, Runnable onHandled, int batch, Duration budget,
                 int maxAttempts) {
        if (batch < 1) throw new ValidationException("batch", "must be at least 1");
        if (budget.isNegative() || budget.isZero()) throw new ValidationException("budget", "must be positive");
        if (maxAttempts < 1) throw new ValidationException("maxAttempts", "must be at least 1");
        this.store = store;
        this.incidents = incidents;
        this.clock = clock;
        this.onHandled = onHandled;
        this.batch = batch;
        this.budgetNanos = budget.toNanos();
        this.maxAttempts = maxAttempts;
    }

    public void start() {
        worker.start();
    }

    /** Asks for a pass now, e.g. after the writer committed flips. Cheap; never blocks. */
    public void wake() {
        worker.wake();
    }

    /**
     * Decides every flip whose turn has come, in as many transactions as it takes. When it returns,
     * every flip that was waiting and due when it started is decided and committed, by this loop or
     * another one, or has failed and waits for its retry. @return how many flips this call decided
     */
    public int runOnce() {
        int total = 0;
        while (!closed) { // a storm's backlog is worked off in many transactions: stop between them
            Instant now = clock.instant();
            List<FlipStore.Waiting> due = store.read(tx -> tx.flips().waiting(now, batch));
            if (due.isEmpty()) return total;
            Decided d;
            try {
                d = store.write(tx -> decide(tx, due, now, true));
            } catch (RuntimeException e) {
                log.warn("Deciding {} flips in one transaction failed; deciding them one by one", due.size(), e);
                d = oneByOne(due, now);
            }
            int n = d.flips();
            total += n;
            handled.addAndGet(n);
            if (d.changed()) onHandled.run();
            // Nothing decided: another loop decided them (its claims held ours until it committed)
            // or they failed and wait for a retry. A full list may hide more behind it: read again.
            if (n == 0 && due.size() < batch) return total;
        }
        return total;
    }

    /** Flips decided since start. */
    public long handled() { return handled.get(); }

    /** Failed attempts that will be tried again. */
    public long retried() { return retried.get(); }

    /** Flips given up after {@code maxAttempts}: their incidents were never decided. */
    public long failed() { return failed.get(); }

    /** Passes that failed as a whole (e.g. the database unreachable). */
    public long errors() { return errors.get(); }

    /** How many flips wait, and the oldest one's time: read from the store, so it counts every server's. */
    public FlipStore.Backlog backlog() {
        return store.read(tx -> tx.flips().backlog());
    }

    /** How long the oldest waiting flip has waited (zero if none). */
    public Duration lag(FlipStore.Backlog backlog) {
        if (backlog.oldestAt() == null) return Duration.ZERO;
        Duration d = Duration.between(backlog.oldestAt(), clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** What one transaction did: flips decided, and whether any of them changed an incident. */
    private record Decided(int flips, boolean changed) {}

    private Decided decide(Tx tx, List<FlipStore.Waiting> due, Instant now, boolean budgeted) {
        long start = System.nanoTime();
        int n = 0;
        boolean changed = false;
        // Most flips are a job going about its work (up → running → up): with no incident open and
        // nothing to alert about, deciding them changes nothing, so they are only claimed. Which
        // jobs have an incident is read once; a job whose flip is decided here is looked at fully after.
        java.util.Set<Long> jobs = new java.util.HashSet<>();
        for (FlipStore.Waiting w : due) jobs.add(w.flip().jobId());
        java.util.Set<Long> full = new java.util.HashSet<>(tx.incidents().withActive(jobs));
        List<Flip> quiet = new java.util.ArrayList<>();
        for (FlipStore.Waiting w : due) {
            if (budgeted && n + quiet.size() > 0 && System.nanoTime() - start > budgetNanos) break;
            Flip flip = w.flip();
            if (!full.contains(flip.jobId()) && Incidents.severityOf(flip) == null) {
                quiet.add(flip); // claimed together with the others like it, before any claim after it
                continue;
            }
            n += claimAll(tx, quiet, now);
            full.add(flip.jobId());
            if (!tx.flips().claim(flip, now)) continue;
            // The job is there: deleting it deletes its flips, and the claim saw this one.
            Optional<Job> job = tx.jobs().byId(flip.jobId());
            if (job.isPresent()) {
                Incidents.Outcome outcome = incidents.flipped(tx, job.get(), flip, w.lastOutput(), flip.at());
                changed |= outcome != Incidents.Outcome.NOTHING;
            }
            n++;
        }
        n += claimAll(tx, quiet, now);
        return new Decided(n, changed);
    }

    /** Claims flips whose handling changes nothing, in one round trip; returns how many it got and empties the list. */
    private static int claimAll(Tx tx, List<Flip> quiet, Instant now) {
        if (quiet.isEmpty()) return 0;
        int got = 0;
        for (boolean claimed : tx.flips().claimAll(quiet, now)) if (claimed) got++;
        quiet.clear();
        return got;
    }

    private Decided oneByOne(List<FlipStore.Waiting> due, Instant now) {
        int n = 0;
        boolean changed = false;
        for (FlipStore.Waiting w : due) {
            try {
                Decided d = store.write(tx -> decide(tx, List.of(w), now, false));
                n += d.flips();
                changed |= d.changed();
            } catch (RuntimeException e) {
                failedAttempt(w, e, now);
            }
        }
        return new Decided(n, changed);
    }

    /** Records the failure; if that fails too (the database is gone), the pass fails and is tried again. */
    private void failedAttempt(FlipStore.Waiting w, RuntimeException e, Instant now) {
        Flip flip = w.flip();
        int attempts = w.attempts() + 1;
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (attempts >= maxAttempts) {
            store.write(tx -> {
                tx.flips().giveUp(flip.id(), attempts, error, now);
                return null;
            });
            failed.incrementAndGet();
            log.error("Gave up deciding flip {} of job {} ({} → {}) after {} attempts; its incident change is lost",
                    flip.id(), flip.jobId(), flip.fromStatus(), flip.toStatus(), attempts, e);
            return;
        }
        Instant retryAt = now.plus(retryDelay(attempts));
        store.write(tx -> {
            tx.flips().retryLater(flip.id(), attempts, error, retryAt);
            return null;
        });
        retried.incrementAndGet();
        log.warn("Deciding flip {} of job {} failed (attempt {} of {}); trying again at {}", flip.id(), flip.jobId(),
                attempts, maxAttempts, retryAt, e);
    }

    /** 1 s after the first failed attempt, doubling, at most {@link #MAX_RETRY}. */
    static Duration retryDelay(int attempts) {
        Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }

    private long pass() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            log.error("Incident pass failed; trying again in {} ms", IDLE_MS, e);
        }
        return IDLE_MS;
    }

    @Override
    public void close() {
        closed = true;
        worker.close();
    }
}

package dev.vigil.alert;

import dev.vigil.domain.Flip;
import dev.vigil.domain.Incident;
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
 * <p>Each transaction takes the oldest waiting flips, reads their jobs' incidents at once, claims
 * them a group at a time (up to {@value #CLAIM_GROUP}) with one conditional update and runs {@link Incidents#flipped}
 * for each that decides something, in the same transaction, until {@code batch} flips or
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
    /** At most this many flips are claimed together, then decided, before the budget is looked at again. */
    static final int CLAIM_GROUP = 256;
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

    /**
     * Decides the flips in one transaction. {@code batched}: a pass's transaction, bounded by the
     * budget, which reads what its decisions need for all the flips' jobs at once; otherwise one
     * flip replayed after its batch failed, which reads only once it holds the claim, so that a flip
     * that cannot be claimed yet is never blamed for a failure of the one before it.
     */
    private Decided decide(Tx tx, List<FlipStore.Waiting> due, Instant now, boolean batched) {
        long start = System.nanoTime();
        int n = 0;
        boolean changed = false;
        // Most flips are a job going about its work (up → running → up): with no incident open and
        // nothing to alert about, deciding them changes nothing, so they are only claimed. The jobs
        // whose flips do decide something are read at once, with their active incidents and recent
        // openings; a job's later flips in the same transaction read afresh what its first one changed.
        Read read = batched ? read(tx, due) : null;
        java.util.Set<Long> full = new java.util.HashSet<>(); // jobs whose flips are decided fully, not only claimed
        if (read != null) full.addAll(read.active().keySet());
        else for (FlipStore.Waiting w : due) full.add(w.flip().jobId());
        java.util.Set<Long> seen = new java.util.HashSet<>();
        // A few flips at a time: claimed in one statement, then those that decide something decided
        // in order; the budget is looked at between the groups, which start at one flip and double
        // while a group takes well under the budget (most flips only need their claim).
        int group = 1;
        long groupStart = start;
        for (int from = 0; from < due.size(); from += group) {
            long t = System.nanoTime();
            if (from > 0 && batched) {
                if (n > 0 && t - start > budgetNanos) break;
                if (t - groupStart < budgetNanos / 8) group = Math.min(CLAIM_GROUP, group * 2);
            }
            groupStart = t;
            List<FlipStore.Waiting> some = due.subList(from, Math.min(due.size(), from + group));
            List<Flip> flips = new java.util.ArrayList<>(some.size());
            boolean[] deciding = new boolean[some.size()];
            for (int i = 0; i < some.size(); i++) {
                Flip flip = some.get(i).flip();
                flips.add(flip);
                // Once a job's flip decides something, its later flips are decided fully too.
                deciding[i] = full.contains(flip.jobId()) || Incidents.severityOf(flip) != null;
                if (deciding[i]) full.add(flip.jobId());
            }
            boolean[] won = tx.flips().claimAll(flips, now);
            for (int i = 0; i < some.size(); i++) {
                if (!won[i]) continue;
                n++;
                if (!deciding[i]) continue;
                Flip flip = flips.get(i);
                long jobId = flip.jobId();
                // The job is there unless deleted meanwhile: deleting it deletes its flips.
                Optional<Job> job = read != null ? Optional.ofNullable(read.jobs().get(jobId)) : tx.jobs().byId(jobId);
                if (job.isEmpty()) continue;
                Incidents.Seen known = read != null && seen.add(jobId)
                        ? new Incidents.Seen(Optional.ofNullable(read.active().get(jobId)),
                                read.opened().getOrDefault(jobId, List.of()))
                        : null;
                Incidents.Outcome outcome = incidents.flipped(tx, job.get(), flip, some.get(i).lastOutput(), flip.at(), known);
                changed |= outcome != Incidents.Outcome.NOTHING;
            }
        }
        return new Decided(n, changed);
    }

    /** What a batch's decisions read at once: active incidents, and the jobs that decide something with their recent openings. */
    private record Read(java.util.Map<Long, Incident> active, java.util.Map<Long, Job> jobs,
                        java.util.Map<Long, List<Instant>> opened) {}

    private Read read(Tx tx, List<FlipStore.Waiting> due) {
        java.util.Set<Long> jobIds = new java.util.HashSet<>();
        for (FlipStore.Waiting w : due) jobIds.add(w.flip().jobId());
        java.util.Map<Long, Incident> active = tx.incidents().activeOf(jobIds);
        java.util.Set<Long> deciding = new java.util.HashSet<>();
        Instant earliest = null;
        for (FlipStore.Waiting w : due) {
            Flip flip = w.flip();
            if (!active.containsKey(flip.jobId()) && Incidents.severityOf(flip) == null) continue;
            deciding.add(flip.jobId());
            if (earliest == null || flip.at().isBefore(earliest)) earliest = flip.at();
        }
        if (deciding.isEmpty()) return new Read(active, java.util.Map.of(), java.util.Map.of());
        return new Read(active, tx.jobs().byIds(deciding),
                tx.incidents().openedAtSince(deciding, earliest.minus(incidents.flapWindow())));
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

package dev.vigil.ingest;

import dev.vigil.cluster.Ownership;
import dev.vigil.cluster.Partitions;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.domain.VigilException;
import dev.vigil.store.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer that owns every job's state. Commands queue here; one thread takes whatever is
 * queued, applies it in one transaction (group commit) and only then completes the callers'
 * futures: an acknowledged report is durable. Pings, deadlines, pause and redefinition of one job
 * therefore never race, and the order of the queue is the order of decisions.
 */
public final class Ingest implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ingest.class);
    public static final int DEFAULT_QUEUE_CAPACITY = 200_000;
    public static final int DEFAULT_MAX_BATCH = 2_000;

    private final Transactor store;
    private final Handler handler;
    private final SharedReads sharedReads;
    private final JobCache cache;
    private final DeadlineIndex index;
    private final Committed.Listener listener;
    private final Ownership ownership;
    private final BlockingQueue<Pending> queue;
    private final int maxBatch;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    /** Held while {@link #submitAll} queues and while the writer takes its batch from the queue. */
    private final Object together = new Object();
    private volatile Thread thread;
    private volatile boolean running;

    private record Pending(Command command, CompletableFuture<Result> future) {}

    /** @param listener told of what each commit produced, once it is durable ({@link Committed}) */
    public Ingest(Transactor store, Clock clock, DeadlineIndex index, Committed.Listener listener, Duration lagThreshold,
                  Duration recheckWindow, int cacheCapacity) {
        this(store, clock, index, listener, lagThreshold, recheckWindow, cacheCapacity, Ownership.SOLE);
    }

    /**
     * @param ownership which jobs this server decides deadlines and fire times for; when other
     *                  servers share the store, every batch reads its jobs' state afresh under row
     *                  locks, and its deadline and fire decisions commit only while this server
     *                  still holds their partitions at the epoch it knows (docs/cluster.md)
     */
    public Ingest(Transactor store, Clock clock, DeadlineIndex index, Committed.Listener listener, Duration lagThreshold,
                  Duration recheckWindow, int cacheCapacity, Ownership ownership) {
        this.ownership = ownership;
        this.store = store;
        this.index = index;
        this.listener = listener;
        this.cache = new JobCache(cacheCapacity);
        this.handler = new Handler(clock, cache, new Lag(lagThreshold, recheckWindow));
        this.sharedReads = new SharedReads(cache);
        this.queue = new LinkedBlockingQueue<>(DEFAULT_QUEUE_CAPACITY);
        this.maxBatch = DEFAULT_MAX_BATCH;
    }

    /** Queues a command; the future completes once its effects are committed. */
    public CompletableFuture<Result> submit(Command command) {
        CompletableFuture<Result> future = new CompletableFuture<>();
        if (!queue.offer(new Pending(command, future))) {
            future.completeExceptionally(new VigilException("overloaded", "ingest queue is full; retry shortly"));
        }
        return future;
    }

    /**
     * Queues commands so that the writer takes them together, in one commit if they fit in one
     * batch (none of them goes into a commit before the others are queued). @return one future per
     * command, in order
     */
    public List<CompletableFuture<Result>> submitAll(List<? extends Command> commands) {
        List<CompletableFuture<Result>> futures = new ArrayList<>(commands.size());
        synchronized (together) {
            for (Command c : commands) futures.add(submit(c));
        }
        return futures;
    }

    /** Submits and waits; for callers that need the outcome before answering (the API). */
    public Result execute(Command command) {
        CompletableFuture<Result> f = submit(command);
        if (thread == null) drain();
        return await(f);
    }

    /**
     * Submits together ({@link #submitAll}, one commit when they fit in one batch) and waits for all.
     *
     * @return one result per command, in order
     * @throws RuntimeException the first command's failure, after every command was decided
     */
    public List<Result> executeAll(List<? extends Command> commands) {
        List<CompletableFuture<Result>> futures = submitAll(commands);
        if (thread == null) drain();
        List<Result> results = new ArrayList<>(futures.size());
        RuntimeException failed = null;
        for (CompletableFuture<Result> f : futures) {
            try {
                results.add(await(f));
            } catch (RuntimeException e) {
                if (failed == null) failed = e;
            }
        }
        if (failed != null) throw failed;
        return results;
    }

    private static Result await(CompletableFuture<Result> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new VigilException("internal", "ingest failed", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new VigilException("overloaded", "ingest did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VigilException("interrupted", "interrupted while waiting for ingest");
        }
    }

    public synchronized void start() {
        if (thread != null) return;
        running = true;
        thread = Thread.ofPlatform().name("vigil-ingest").daemon(true).start(this::loop);
    }

    /** Processes everything queued now, in the calling thread; for tests that run no writer thread. */
    public void drain() {
        List<Pending> batch = new ArrayList<>();
        while (queue.drainTo(batch, maxBatch) > 0) {
            process(batch);
            batch = new ArrayList<>();
        }
    }

    public int queued() { return queue.size(); }

    public long committed() { return committed.get(); }

    public long batches() { return batches.get(); }

    /** Forgets cached jobs; the store stays the truth. */
    public void clearCache() {
        cache.clear();
    }

    private void loop() {
        while (running) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                List<Pending> batch = new ArrayList<>(64);
                batch.add(first);
                synchronized (together) {
                    queue.drainTo(batch, maxBatch - 1);
                }
                process(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("ingest loop iteration failed; continuing", e);
            }
        }
    }

    private void process(List<Pending> pendings) {
        List<Object> outcomes = new ArrayList<>(pendings.size());
        boolean shared = ownership.shared();
        // Another server may have changed any job since: read every job afresh, under its row lock.
        java.util.Map<Long, JobRuntime> before = shared ? cache.takeStates() : java.util.Map.of();
        java.util.Set<Integer> fencedOut = new java.util.HashSet<>();
        Batch batch;
        try {
            batch = store.writeFirst(tx -> { // ahead of background writers: pings wait for this commit
                Batch b = new Batch();
                outcomes.clear();
                fencedOut.clear();
                List<Command> commands = pendings.stream().map(Pending::command).toList();
                java.util.Set<Integer> held = null;
                if (shared) {
                    sharedReads.lock(tx, commands, before);
                    held = fence(tx, commands, fencedOut);
                }
                handler.prefetch(tx, b, commands);
                for (Pending p : pendings) {
                    if (held != null && !decidable(p.command(), held)) {
                        outcomes.add(Result.NOTHING); // another node owns the job's deadlines and fire times now
                        continue;
                    }
                    try {
                        outcomes.add(handler.handle(tx, b, p.command()));
                    } catch (VigilException e) {
                        if ("store".equals(e.code())) throw e;
                        outcomes.add(e); // a client error, raised before anything was written
                    }
                }
                b.writeStates(tx);
                if (shared) b.writeChanges(tx, ownership.node());
                return b;
            });
        } catch (RuntimeException e) {
            if (pendings.size() == 1) {
                log.warn("ingest command failed: {}", pendings.getFirst().command(), e);
                pendings.getFirst().future().completeExceptionally(e);
                return;
            }
            // One bad command must not sink the others: retry them one by one (slow: say so).
            log.warn("a batch of {} commands failed ({}); applying them one by one", pendings.size(), e.toString());
            for (Pending p : pendings) process(List.of(p));
            return;
        }
        fencedOut.forEach(ownership::fenceFailed);
        apply(batch);
        committed.addAndGet(pendings.size());
        batches.incrementAndGet();
        for (int i = 0; i < pendings.size(); i++) {
            Object o = outcomes.get(i);
            if (o instanceof Result r) pendings.get(i).future().complete(r);
            else pendings.get(i).future().completeExceptionally((Throwable) o);
        }
    }

    /** The job a deadline or fire-time decision is about; -1 for any other command. */
    private static long decisionJob(Command c) {
        return switch (c) {
            case Command.Tick t -> t.jobId();
            case Command.Fire f -> f.jobId();
            default -> -1;
        };
    }

    private static boolean decidable(Command c, java.util.Set<Integer> held) {
        long job = decisionJob(c);
        return job < 0 || held.contains(Partitions.of(job));
    }

    /**
     * Locks the lease rows of the partitions this batch decides deadlines or fire times for, and
     * returns those still held at the epoch this server knows; the others are added to
     * {@code fencedOut}. The shared locks last until the commit, so a takeover waits for it.
     */
    private java.util.Set<Integer> fence(dev.vigil.store.Tx tx, List<Command> commands, java.util.Set<Integer> fencedOut) {
        java.util.Map<Integer, Long> expected = new java.util.HashMap<>();
        for (Command c : commands) {
            long job = decisionJob(c);
            if (job < 0) continue;
            int p = Partitions.of(job);
            long epoch = ownership.epochOf(p);
            if (epoch >= 0) expected.put(p, epoch);
        }
        if (expected.isEmpty()) return java.util.Set.of();
        java.util.Set<Integer> held = tx.cluster().fence(ownership.node(), expected);
        for (int p : expected.keySet()) {
            if (!held.contains(p)) fencedOut.add(p);
        }
        return held;
    }

    private void apply(Batch batch) {
        for (long id : batch.deleted) {
            cache.evict(id);
            index.remove(id);
        }
        for (JobRuntime rt : batch.touched.values()) {
            cache.put(rt);
            var d = rt.state().nextDeadline();
            // Only the owner of the job's partition watches its deadlines; it learns of this one
            // from the store (cluster.ChangeFeed) when another server committed it.
            index.put(rt.job().id(), d == null || !ownership.owns(rt.job().id()) ? null : d.toEpochMilli());
        }
        List<Committed.Defined> defined = new java.util.ArrayList<>(batch.defined.size());
        for (dev.vigil.domain.Job job : batch.defined) {
            JobRuntime rt = batch.touched.get(job.id());
            defined.add(new Committed.Defined(job, rt != null && rt.state().paused()));
        }
        listener.committed(new Committed(defined, batch.deleted, batch.paused, batch.resumed, batch.flipsRecorded,
                batch.runsQueued, batch.finished));
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drain();
    }
}

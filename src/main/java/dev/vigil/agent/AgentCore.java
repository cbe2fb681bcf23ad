package dev.vigil.agent;

import dev.vigil.agent.wire.Assignment;
import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.PollReply;
import dev.vigil.agent.wire.RunEvent;
import dev.vigil.agent.process.OutputSink;
import dev.vigil.agent.process.OutputTail;
import dev.vigil.agent.process.ProcessOutcome;
import dev.vigil.agent.process.ProcessSpec;
import dev.vigil.agent.process.RunningProcess;
import dev.vigil.agent.process.Supervisor;
import dev.vigil.domain.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent (PRODUCT.md §5), the same for the one inside {@code vigil server} and for
 * {@code vigil agent}: polls the server through its {@link ServerLink} for runs that fit its labels
 * and free capacity, runs each as a supervised process (or an HTTP request), streams the output in
 * chunks, reports start and finish, and stops the runs the server says to stop.
 *
 * <p>With free capacity it holds a long poll open, so new work arrives at once; when full it polls
 * every {@link #FULL_POLL_INTERVAL} (its heartbeat) or as soon as a run ends. Draining stops taking
 * work; the loop ends once the last run has finished.
 *
 * <p>Given a directory ({@link #useDirectory}), its processes outlive it: each runs in a
 * {@link RunDir} that records its output and exit status, and the next agent process on the same
 * directory takes over the runs it finds there, so a crash of the agent never turns a run that
 * completed into a lost one.
 */
public final class AgentCore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentCore.class);
    public static final Duration FULL_POLL_INTERVAL = Duration.ofSeconds(2);
    public static final long LONG_POLL_MILLIS = 30_000;
    public static final int TAIL_BYTES = 10_000;
    private static final Duration FLUSH_INTERVAL = Duration.ofMillis(500);
    /** Runs due together are started by up to this many threads, each taking at least {@link #STARTS_PER_THREAD}. */
    private static final int STARTERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final int STARTS_PER_THREAD = 32;

    /** Who the agent is, as it tells the server on every poll. */
    public record Identity(String name, String instance, List<String> labels, int capacity, String version) {
        public Identity {
            labels = List.copyOf(labels);
        }
    }

    /** Starts an http target; null when this agent cannot make requests. */
    @FunctionalInterface
    public interface HttpStarter {
        Execution start(Assignment a, OutputSink sink);
    }

    /** A run in progress, however it is executed. */
    public interface Execution {
        void cancel();

        java.util.concurrent.CompletableFuture<Outcome> outcome();
    }

    /** How a run ended: one of {@link RunState#ENDS}, sent as its wire name. */
    public record Outcome(RunState end, Integer exitCode, String reason) {}

    private final ServerLink link;
    private final Supervisor supervisor;
    private final HttpStarter http;
    private final Clock clock;
    private final Identity id;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;
    private volatile boolean draining;
    private volatile boolean closed;
    private volatile long logLimit = Long.MAX_VALUE;
    /** The lease the server last announced; the agent never stays silent for a third of it. */
    private volatile long leaseMillis = Long.MAX_VALUE;
    private final Object wakeupLock = new Object();
    private long wakeupCount; // guarded by wakeupLock
    /** Where process runs keep their directories ({@link RunDir}); null: in memory only (pipes), for tests. */
    private volatile Path runs;
    /** The thread waiting in a held poll, if any: draining cuts the wait short. */
    private volatile Thread pollThread;
    private final AgentStats stats = new AgentStats();
    private final java.util.concurrent.locks.ReentrantLock polling = new java.util.concurrent.locks.ReentrantLock();

    private record Running(long runId, String job, RunLog log, Execution execution) {}

    /** Runs handed out ahead of their time, started when it comes. */
    private final RunsAhead ahead = new RunsAhead(this::startAll, this::wake);

    public AgentCore(ServerLink link, Supervisor supervisor, HttpStarter http, Clock clock, Identity id) {
        this.link = link;
        this.supervisor = supervisor;
        this.http = http;
        this.clock = clock;
        this.id = id;
        this.flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("vigil-agent-output").daemon(true).factory());
        flusher.scheduleWithFixedDelay(this::flushOutput, FLUSH_INTERVAL.toMillis(), FLUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        link.onDelivered(this::wake); // finishes applied: the capacity they held is free again
    }

    /**
     * Runs each process so that it survives this agent process, in a directory of its own under
     * {@code dir/runs} ({@link RunDir}), and takes over every run an earlier process of this agent
     * (same directory) left there: one still going is supervised on (output, timeout, cancel), one
     * that ended meanwhile is reported with its real outcome and the output it wrote, one that ended
     * without a recorded exit status is reported {@code lost}. Call before the first poll, which then
     * names the adopted runs as the agent's.
     */
    public void useDirectory(Path dir) throws IOException {
        Path runsDir = Files.createDirectories(dir.resolve("runs"));
        List<RunDir> left = RunDir.leftIn(runsDir);
        for (RunDir d : left) adopt(d);
        if (!left.isEmpty()) log.info("took over {} runs left by an earlier process of this agent: {}", left.size(),
                left.stream().map(RunDir::runId).toList());
        this.runs = runsDir;
    }

    public Identity identity() { return id; }

    public int runningCount() { return running.size(); }

    public boolean draining() { return draining; }

    /**
     * One poll and what follows from its answer; returns how many runs it started. Polls never
     * overlap: what a poll says the agent holds must include what the poll before it handed out.
     */
    public int pollOnce(long waitMillis) throws IOException, InterruptedException {
        polling.lockInterruptibly();
        return pollLocked(waitMillis);
    }

    /** A poll now without waiting, unless one is in progress (which will see the same work); returns runs started. */
    public int pollIfIdle() throws IOException, InterruptedException {
        if (!polling.tryLock()) return 0;
        return pollLocked(0);
    }

    private int pollLocked(long waitMillis) throws IOException, InterruptedException {
        try {
            int started = poll(waitMillis);
            stats.polled(true);
            return started;
        } catch (IOException | RuntimeException e) {
            stats.polled(false);
            throw e;
        } finally {
            polling.unlock();
        }
    }

    /** The lease the server last announced (20 s until it has said). */
    public Duration lease() {
        long l = leaseMillis;
        return l == Long.MAX_VALUE ? Duration.ofSeconds(20) : Duration.ofMillis(l);
    }

    /**
     * The runs this agent holds: waiting for their time, running, or ended with their finish not yet
     * delivered. A run moving from one to the next is in both for a moment, never in neither.
     */
    private Set<Long> held() {
        Set<Long> held = new LinkedHashSet<>(ahead.ids());
        held.addAll(running.keySet());
        held.addAll(link.undelivered());
        return held;
    }

    /** What this agent has done so far, for its metrics and readiness. */
    public AgentStats stats() { return stats; }

    private int poll(long waitMillis) throws IOException, InterruptedException {
        Set<Long> known = held();
        // Back-pressure: a run counts against the capacity until its finish is delivered, so an
        // agent never holds more work than its capacity however far behind the server is.
        int busy = known.size();
        PollReply reply;
        pollThread = Thread.currentThread();
        try {
            reply = link.poll(new Poll(id.name(), id.instance(), id.labels(), id.capacity(), new ArrayList<>(known),
                    busy, draining, id.version(), busy >= id.capacity() || draining ? 0 : waitMillis, true));
        } finally {
            pollThread = null;
        }
        logLimit = reply.logLimit();
        leaseMillis = reply.leaseMillis();
        for (long runId : reply.stop()) {
            if (ahead.takeBack(runId)) continue; // it never starts
            Running r = running.get(runId);
            // A run that has ended but is not yet let go of: its end is what the server answers (in
            // process, the end is recorded at once and wakes the held poll); there is nothing to stop.
            if (r != null && !r.execution().outcome().isDone()) {
                log.info("stopping run {} of {} as the server asks", runId, r.job());
                r.execution().cancel();
            }
        }
        List<Assignment> now = new ArrayList<>();
        List<Assignment> later = new ArrayList<>();
        for (Assignment a : reply.runs()) (a.startInMillis() <= 0 || draining ? now : later).add(a);
        startAll(now);
        ahead.hold(later);
        return reply.runs().size();
    }

    /**
     * Starts runs at once: every start on disk together (one fsync), before any process of them
     * starts; many are started by several threads, as a thousand runs due at one second are.
     */
    private void startAll(List<Assignment> runs) {
        if (runs.isEmpty()) return;
        link.sendAll(runs.stream().map(a -> RunEvent.started(a.runId(), clock.instant())).toList());
        int threads = Math.min(STARTERS, runs.size() / STARTS_PER_THREAD);
        if (threads <= 1) {
            for (Assignment a : runs) start(a);
            return;
        }
        List<Thread> started = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            List<Assignment> share = runs.subList(runs.size() * t / threads, runs.size() * (t + 1) / threads);
            // Platform threads: the virtual threads' carriers are busy with the answers of the runs started first.
            started.add(Thread.ofPlatform().name("vigil-agent-start").daemon(true).start(() -> share.forEach(this::start)));
        }
        for (Thread t : started) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the threads still start their share
                return;
            }
        }
    }

    /**
     * Polls until closed or, when draining, until the last run has ended. Network trouble is
     * retried with back-off; the runs go on meanwhile and their reports wait in the link.
     */
    public void run() {
        long backoff = 0;
        while (!closed && !(draining && running.isEmpty())) {
            long seen = wakeups();
            try {
                boolean full = held().size() >= id.capacity() || draining;
                pollOnce(LONG_POLL_MILLIS);
                backoff = 0;
                if (full) pause(seen, withinLease(FULL_POLL_INTERVAL.toMillis())); // a run's end, once delivered, wakes it
            } catch (InterruptedException e) {
                if (closed) break;
                Thread.interrupted();
            } catch (ServerLink.Refused e) {
                log.error("the server refused this agent: {}", e.getMessage());
                backoff = Math.min(Math.max(backoff * 2, 2_000), 30_000);
                pause(seen, backoff);
            } catch (IOException | RuntimeException e) {
                // Capped by the lease: a server that comes back judges leases one lease after its start,
                // and an agent still pausing then would lose the runs it kept going meanwhile.
                backoff = Math.min(Math.max(backoff * 2, 500), withinLease(10_000));
                log.warn("cannot reach the server ({}); {} runs go on; retrying in {} ms", e.toString(), running.size(), backoff);
                pause(seen, backoff);
            }
        }
    }

    /** A pause between polls, shortened to a third of the server's lease so that one slow poll never costs it. */
    private long withinLease(long millis) {
        return Math.max(100, Math.min(millis, leaseMillis / 3));
    }

    /** Stop taking work; {@link #run()} returns once the runs in progress have finished. */
    public void drain() {
        draining = true;
        ahead.giveBackAll(); // a draining agent starts nothing more
        Thread t = pollThread;
        if (t != null) t.interrupt(); // a held poll would keep the server believing we take work
        wake();
    }

    /**
     * Counts wake-ups (a finish delivered, a run started, draining, closing), so that one that comes
     * while the loop is still polling is not lost: the loop waits only while none came since it
     * looked. (It used to park and be unparked, and any park inside the poll — a lock, a pool, a
     * future — could swallow that unpark: a full agent then idled for its whole heartbeat interval,
     * and a drain on PostgreSQL now and then fell to a fifth of its rate.)
     */
    private void wake() {
        synchronized (wakeupLock) {
            wakeupCount++;
            wakeupLock.notifyAll();
        }
    }

    private long wakeups() {
        synchronized (wakeupLock) {
            return wakeupCount;
        }
    }

    /** Waits up to {@code millis}, or until a wake-up that came after {@code seen}; an interrupt ends it too. */
    private void pause(long seen, long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        synchronized (wakeupLock) {
            while (wakeupCount == seen) {
                long left = until - System.nanoTime();
                if (left <= 0) return;
                try {
                    wakeupLock.wait(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the next poll sees it, as after a held poll cut short
                    return;
                }
            }
        }
    }

    /** Starts a run whose start has been sent. */
    private void start(Assignment a) {
        stats.runStarted();
        Path runsDir = runs;
        if (a.argv() != null && runsDir != null) {
            startDurable(a, runsDir);
            return;
        }
        RunLog output = new RunLog(a.runId(), clock, logLimit, link::send);
        OutputTail tail = new OutputTail(TAIL_BYTES);
        OutputSink sink = OutputSink.tee(tail, output);
        Execution execution;
        try {
            execution = a.argv() != null ? execution(supervisor.start(spec(a), sink)) : httpCall(a, sink);
        } catch (RuntimeException e) {
            log.warn("cannot start run {} of {}: {}", a.runId(), a.job(), e.getMessage());
            finished(a.runId(), output, new Outcome(RunState.FAILED, null, "failed to start: " + e.getMessage()), tail.text(), null);
            return;
        }
        watch(a.runId(), a.job(), output, execution, tail::text, null, () -> { });
    }

    /** A process in its own {@link RunDir}, so that a later agent process can adopt it. */
    private void startDurable(Assignment a, Path runsDir) {
        RunDir dir;
        try {
            dir = RunDir.create(runsDir, a);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot start run {} of {}: {}", a.runId(), a.job(), e.toString());
            RunLog none = new RunLog(a.runId(), clock, logLimit, link::send);
            finished(a.runId(), none, new Outcome(RunState.FAILED, null, "failed to start: cannot write " + runsDir + ": " + e), "", null);
            return;
        }
        RunLog output = new RunLog(a.runId(), clock, logLimit, link::send, dir::reporting, 0, 0);
        Execution execution;
        try {
            execution = execution(supervisor.start(spec(a), output, dir.process()));
        } catch (RuntimeException e) {
            log.warn("cannot start run {} of {}: {}", a.runId(), a.job(), e.getMessage());
            finished(a.runId(), output, new Outcome(RunState.FAILED, null, "failed to start: " + e.getMessage()), "", null);
            dir.delete();
            return;
        }
        watch(a.runId(), a.job(), output, execution, () -> dir.process().tail(TAIL_BYTES), null, dir::delete);
    }

    /** Takes over a run an earlier agent process left in {@code dir}. */
    private void adopt(RunDir dir) {
        RunDir.Reported last = dir.reported();
        RunLog output = new RunLog(dir.runId(), clock, logLimit, link::send, dir::reporting, last.seq(), last.to());
        if (last.seq() > 0) {
            // Recorded before it was handed over: it may not have been. The same chunk again is harmless.
            link.send(RunEvent.output(dir.runId(), last.seq(), clock.instant(), dir.process().text(last.from(), last.to())));
        }
        // A run that ended while no agent watched it ended when it wrote its exit status, not now.
        Instant endedBefore = dir.process().endedAt().orElse(null);
        Execution execution = execution(supervisor.adopt(dir.process(), last.to(), output));
        watch(dir.runId(), dir.job(), output, execution, () -> dir.process().tail(TAIL_BYTES), endedBefore, dir::delete);
    }

    /** Keeps the run among the running until its outcome, then reports its finish and lets it go. */
    private void watch(long runId, String job, RunLog output, Execution execution, Supplier<String> tail,
                       Instant endedAt, Runnable afterFinish) {
        running.put(runId, new Running(runId, job, output, execution));
        execution.outcome().whenComplete((outcome, error) -> {
            Outcome o = outcome != null ? outcome : new Outcome(RunState.FAILED, null, "supervision failed: " + error);
            finished(runId, output, o, tail.get(), endedAt);
            afterFinish.run();
            running.remove(runId);
            wake();
        });
    }

    /** Sends the rest of the output, then the finish, in one write: once this returns, the link has them. */
    private void finished(long runId, RunLog output, Outcome o, String tail, Instant endedAt) {
        RunEvent rest = output.take(true);
        stats.ended(o.end());
        RunEvent finish = RunEvent.finished(runId, output.nextSeq(), endedAt != null ? endedAt : clock.instant(), o.end().wire(),
                o.exitCode(), o.reason(), tail);
        link.sendAll(rest == null ? List.of(finish) : List.of(rest, finish));
    }

    private static ProcessSpec spec(Assignment a) {
        Duration timeout = a.timeoutMillis() == null ? null : Duration.ofMillis(a.timeoutMillis());
        return new ProcessSpec(a.argv(), a.workdir() == null ? null : Path.of(a.workdir()), a.env(), timeout, null);
    }

    private static Execution execution(RunningProcess p) {
        var outcome = p.outcome().thenApply(AgentCore::outcome);
        return new Execution() {
            @Override public void cancel() { p.cancel(); }
            @Override public java.util.concurrent.CompletableFuture<Outcome> outcome() { return outcome; }
        };
    }

    private Execution httpCall(Assignment a, OutputSink sink) {
        if (http == null) throw new IllegalStateException("this agent cannot make http requests");
        return http.start(a, sink);
    }

    /** A process's end in the protocol's words. */
    static Outcome outcome(ProcessOutcome o) {
        Integer exit = o.exitCode() != null && o.exitCode() >= 0 && o.exitCode() <= 255 ? o.exitCode() : null;
        return switch (o.reason()) {
            case TIMED_OUT -> new Outcome(RunState.TIMED_OUT, exit, "timed out after " + dev.vigil.schedule.Durations.format(o.duration()));
            case CANCELLED -> new Outcome(RunState.CANCELLED, exit, "cancelled");
            case FAILED_TO_START -> new Outcome(RunState.FAILED, null, "failed to start: " + o.error());
            case LOST -> new Outcome(RunState.LOST, null, "lost: " + o.error());
            case EXITED -> new Outcome(o.succeeded() ? RunState.SUCCEEDED : RunState.FAILED, exit,
                    o.signal() != null ? "killed by signal " + o.signal() : null);
        };
    }

    private void flushOutput() {
        for (Running r : running.values()) {
            try {
                r.log().flush(false);
            } catch (RuntimeException e) {
                log.warn("cannot hand over output of run {}", r.runId(), e);
            }
        }
    }

    /** Stops polling at once; runs in progress are not touched (see {@link #drain()}). */
    @Override
    public void close() {
        closed = true;
        // Interrupt only a held poll: an interrupt while the loop writes the spool would close its file.
        Thread t = pollThread;
        if (t != null) t.interrupt();
        wake();
        flusher.shutdownNow();
        ahead.close();
    }

    /** Stops every run in progress (TERM, then KILL): for tests and for an agent told to quit hard. */
    public void cancelAll() {
        running.values().forEach(r -> r.execution().cancel());
    }
}

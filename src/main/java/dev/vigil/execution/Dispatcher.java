package dev.vigil.execution;

import dev.vigil.agent.wire.Assignment;
import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.PollReply;
import dev.vigil.domain.Agent;
import dev.vigil.domain.Execution;
import dev.vigil.domain.Job;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.ValidationException;
import dev.vigil.ingest.Command;
import dev.vigil.ingest.Ingest;
import dev.vigil.monitor.Observation;
import dev.vigil.store.RunStore;
import dev.vigil.store.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The server's side of an agent's poll (PRODUCT.md §5): registers the agent and renews its lease,
 * reconciles what the agent says it holds with what the store says, tells it which runs to stop,
 * and hands it queued runs that match its labels and free capacity.
 *
 * <p>A claim is one conditional update, so concurrent agents and servers never both get a run.
 * The assignment carries the job's definition as it is at dispatch: the run keeps it.
 *
 * <p>Every call comes with the {@link AgentKey} of its caller: a name belongs to the key that
 * registered it, and a key bound to a project takes and keeps only that project's runs
 * ({@link AgentAccess}).
 */
public final class Dispatcher {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9@._:-]{0,99}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/=-]{0,62}");
    public static final int MAX_CAPACITY = 10_000;
    /** Queued runs a claim round reads: twice what the agent wants, within these bounds. */
    private static final int SCAN = 200;
    private static final int MAX_SCAN = 5_000;
    /** Read-then-claim rounds per poll when other agents win some of the runs it looked at. */
    private static final int CLAIM_ROUNDS = 3;

    private final Transactor store;
    private final Ingest ingest;
    private final Clock clock;
    private final WorkSignal signal;
    private final Duration lease;
    private final long logLimit;
    /** How long before their time runs are handed to agents that start them on time. */
    private final Duration ahead;
    /** What each agent's row last said, to renew leases without writing on every poll. */
    private final Map<String, Agent> saved = new ConcurrentHashMap<>();

    /**
     * @param ahead how long before its time a run may be handed to an agent that starts it on time:
     *              the scheduler's lead, so that a run fired ahead is taken at once
     */
    public Dispatcher(Transactor store, Ingest ingest, Clock clock, WorkSignal signal, Duration lease, long logLimit,
                      Duration ahead) {
        this.store = store;
        this.ahead = ahead;
        this.ingest = ingest;
        this.clock = clock;
        this.signal = signal;
        this.lease = lease;
        this.logLimit = logLimit;
    }

    public Duration lease() { return lease; }

    /** Ends held polls early, so that they look again now. */
    public void wakePolls() {
        signal.signal();
    }

    /** The longest a poll is held open: a small part of the lease, so held polls renew it in time. */
    public long maxWaitMillis() {
        return Math.max(100, Math.min(lease.toMillis() / 4, 30_000));
    }

    /**
     * Answers a poll at once.
     * @param key what the agent polls with: the name must be its key's, and a key bound to a project
     *            takes (and keeps) only that project's runs
     * @throws dev.vigil.domain.ForbiddenException the name belongs to another key
     * @throws dev.vigil.domain.ConflictException another live process holds the name
     */
    public PollReply poll(Poll p, AgentKey key) {
        validate(p);
        Instant now = clock.instant();
        heartbeat(p, key, now);
        List<Long> stop = reconcile(p, key, now);
        return new PollReply(claim(p, key.projectId(), now), stop, lease.toMillis(), logLimit);
    }

    /**
     * Answers a poll, holding it open up to its {@code waitMillis} (at most {@link #maxWaitMillis})
     * while there is nothing to start or stop.
     */
    public PollReply longPoll(Poll p, AgentKey key) throws InterruptedException {
        long seen = signal.generation();
        PollReply reply = poll(p, key);
        long wait = Math.min(Math.max(0, p.waitMillis()), maxWaitMillis());
        if (reply.isEmpty() && wait > 0 && p.free() > 0) {
            // Nothing signals a retry's back-off running out: look again when it does.
            Instant now = clock.instant();
            Instant until = horizon(p, now);
            Instant next = store.read(tx -> tx.runs().nextNotBefore(until)).orElse(null);
            if (next != null) wait = Math.min(wait, Math.max(1, Duration.between(until, next).toMillis() + 1));
        }
        long deadline = System.nanoTime() + wait * 1_000_000;
        while (reply.isEmpty()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0 || !signal.await(seen, left)) break;
            seen = signal.generation();
            if (superseded(p)) break; // the agent has polled again since (draining, or a new process)
            Instant now = clock.instant();
            reply = new PollReply(claim(p, key.projectId(), now), stops(p, key), lease.toMillis(), logLimit);
        }
        return reply;
    }

    /**
     * Whether a later poll of the agent changed what this held poll may hand out: the agent began
     * draining, or another process took its name. Its client may have given up on this poll.
     */
    private boolean superseded(Poll p) {
        Agent latest = saved.get(p.name());
        return latest != null && (!latest.instance().equals(p.instance())
                || latest.state() == Agent.State.DRAINING && !p.draining() || latest.state() == Agent.State.LEFT);
    }

    /**
     * The agent says goodbye (after draining): it holds nothing any more, and its name is free for
     * another key.
     * @throws dev.vigil.domain.ForbiddenException the name is not the key's, or another instance holds it now
     */
    public void leave(String name, String instance, AgentKey key) {
        if (!key.embedded()) store.read(tx -> AgentAccess.identify(tx, name, instance, key));
        store.write(tx -> tx.agents().setState(name, instance, Agent.State.LEFT));
        saved.computeIfPresent(name, (k, a) -> a.instance().equals(instance) ? a.seen(a.lastSeenAt(), Agent.State.LEFT) : a);
        Instant now = clock.instant();
        boolean requeued = false;
        for (Run run : store.read(tx -> tx.runs().heldBy(name))) {
            if (run.state() == RunState.DISPATCHED) {
                // Handed out by a poll whose answer never reached it: nobody started it.
                requeued |= store.write(tx -> tx.runs().transition(run.id(), RunState.DISPATCHED, RunState.QUEUED, null));
            } else {
                lose(run, name, now, "lost: agent " + name + " left while holding it");
            }
        }
        if (requeued) signal.signal();
    }

    private static void validate(Poll p) {
        if (p.name() == null || !NAME.matcher(p.name()).matches()) {
            throw new ValidationException("name", "must be 1–100 letters, digits or @._:- starting with a letter or digit, got '" + p.name() + "'");
        }
        if (p.instance() == null || p.instance().isBlank() || p.instance().length() > 100) {
            throw new ValidationException("instance", "must be a non-empty id of at most 100 characters");
        }
        if (p.capacity() < 0 || p.capacity() > MAX_CAPACITY) {
            throw new ValidationException("capacity", "must be between 0 and " + MAX_CAPACITY + ", got " + p.capacity());
        }
        for (String label : p.labels()) {
            if (label == null || !LABEL.matcher(label).matches()) {
                throw new ValidationException("labels", "'" + label + "' is not a label: 1–63 letters, digits or ._/=-");
            }
        }
        if (p.version() != null && p.version().length() > 100) {
            throw new ValidationException("version", "must be at most 100 characters");
        }
    }

    /** Registers the agent under its key, or renews its lease. */
    private void heartbeat(Poll p, AgentKey key, Instant now) {
        Agent.State state = p.draining() ? Agent.State.DRAINING : Agent.State.CONNECTED;
        Agent.Kind kind = key.kind();
        Agent last = saved.get(p.name());
        if (last != null && last.instance().equals(p.instance()) && Objects.equals(last.keyId(), key.keyId())
                && last.state() == state && last.kind() == kind
                && last.labels().equals(p.labels()) && last.capacity() == p.capacity()
                && Duration.between(last.lastSeenAt(), now).compareTo(lease.dividedBy(4)) < 0) {
            return; // renewed recently enough: the lease holds without a write per poll
        }
        Agent agent = store.write(tx -> {
            Agent prev = tx.agents().byName(p.name()).orElse(null);
            AgentAccess.admit(prev, p.name(), p.instance(), key, now, lease);
            boolean same = prev != null && prev.instance().equals(p.instance());
            Agent a = new Agent(p.name(), p.instance(), kind, p.labels(), p.capacity(), state, p.version(),
                    same ? prev.registeredAt() : now, now, key.keyId());
            tx.agents().save(a);
            return a;
        });
        saved.put(p.name(), agent);
    }

    /**
     * Runs the store has on this agent that the agent does not know: a dispatch whose answer never
     * reached it goes back to the queue; a run it no longer runs (its process restarted) is lost.
     * @return the runs to stop: known to the agent but no longer its, or asked to stop
     */
    private List<Long> reconcile(Poll p, AgentKey key, Instant now) {
        Set<Long> known = new HashSet<>(p.known());
        Held held = held(p, key);
        boolean requeued = false;
        for (Run run : held.runs()) {
            boolean outside = held.outside().contains(run.id());
            if (known.contains(run.id()) && !outside) continue;
            if (run.state() == RunState.DISPATCHED) {
                requeued |= store.write(tx -> tx.runs().transition(run.id(), RunState.DISPATCHED, RunState.QUEUED, null));
            } else {
                lose(run, p.name(), now, outside
                        ? "lost: agent " + p.name() + " is now registered with a key that may not run this project's runs"
                        : "lost: agent " + p.name() + " no longer runs it (its process restarted)");
            }
        }
        if (requeued) signal.signal();
        return held.stops(p);
    }

    private List<Long> stops(Poll p, AgentKey key) {
        return p.known().isEmpty() ? List.of() : held(p, key).stops(p);
    }

    /**
     * The runs the store gives an agent, those of them it was asked to stop, and those of projects
     * its key does not cover (its name held them under a key before): one read.
     */
    private record Held(List<Run> runs, Set<Long> asked, Set<Long> outside) {
        /** The runs the agent knows that are no longer its (ended, lost, taken back), or that it was asked to stop. */
        List<Long> stops(Poll p) {
            Set<Long> ids = new HashSet<>();
            for (Run r : runs) ids.add(r.id());
            List<Long> stop = new ArrayList<>();
            for (long id : p.known()) {
                if (!ids.contains(id) || asked.contains(id) || outside.contains(id)) stop.add(id);
            }
            return stop;
        }
    }

    private Held held(Poll p, AgentKey key) {
        return store.read(tx -> {
            List<Run> runs = tx.runs().heldBy(p.name());
            Set<Long> outside = new HashSet<>();
            if (key.projectId() != null && !runs.isEmpty()) {
                for (RunStore.Holding h : tx.runs().holdings(runs.stream().map(Run::id).toList()).values()) {
                    if (!key.covers(h.projectId())) outside.add(h.runId());
                }
            }
            return new Held(runs, p.known().isEmpty() ? Set.of() : tx.runs().stopRequested(p.name()), outside);
        });
    }

    /** A queued run this agent may take, with its job's definition as read for this poll. */
    private record Candidate(RunStore.Queued queued, Job job) {}

    /**
     * Claims up to the agent's free capacity. Each round is one read transaction (the queued runs,
     * then their jobs in one query) and one write transaction for all its claims (sent as one batch,
     * then the won runs' parameters in one query), so a poll costs a few round trips however many
     * runs it takes, not two per run. A claim another agent won meanwhile is skipped; a round that
     * lost some looks again, up to {@link #CLAIM_ROUNDS} times.
     *
     * <p>An agent that starts runs on time ({@link Poll#startsLater}) also gets runs due within
     * {@link #ahead}, each with how long to wait before starting it.
     */
    private List<Assignment> claim(Poll p, Long projectId, Instant now) {
        int free = p.free();
        if (free <= 0) return List.of();
        Instant until = horizon(p, now);
        List<Assignment> out = new ArrayList<>();
        Map<Long, Job> jobs = new HashMap<>();
        Set<Long> tried = new HashSet<>();
        for (int round = 0; round < CLAIM_ROUNDS && out.size() < free; round++) {
            int want = free - out.size();
            int scan = Math.min(MAX_SCAN, Math.max(SCAN, want * 2));
            List<Candidate> candidates = store.read(tx -> {
                List<RunStore.Queued> queued = tx.runs().queued(until, scan);
                List<Long> unread = new ArrayList<>();
                for (RunStore.Queued q : queued) {
                    if (!jobs.containsKey(q.run().jobId())) unread.add(q.run().jobId());
                }
                if (!unread.isEmpty()) {
                    Map<Long, Job> read = tx.jobs().byIds(unread);
                    for (long id : unread) jobs.put(id, read.get(id)); // null: deleted meanwhile
                }
                List<Candidate> found = new ArrayList<>();
                for (RunStore.Queued q : queued) {
                    if (found.size() >= want) break;
                    if (tried.contains(q.run().id())) continue;
                    Job job = jobs.get(q.run().jobId());
                    if (job == null || !job.isManaged()) continue;
                    if (projectId != null && job.projectId() != projectId) continue;
                    if (!p.labels().containsAll(job.execution().labels())) continue;
                    found.add(new Candidate(q, job));
                }
                return found;
            });
            if (candidates.isEmpty()) break;
            List<Assignment> claimed = store.write(tx -> {
                List<RunStore.Claim> claims = new ArrayList<>(candidates.size());
                for (Candidate c : candidates) {
                    Run run = c.queued().run();
                    tried.add(run.id());
                    claims.add(new RunStore.Claim(run.id(), run.jobId(), c.job().execution().overlap() != Execution.Overlap.ALLOW));
                }
                boolean[] got = tx.runs().claimAll(claims, p.name());
                List<Long> wonIds = new ArrayList<>();
                for (int i = 0; i < got.length; i++) if (got[i]) wonIds.add(claims.get(i).runId());
                Map<Long, Map<String, String>> params = wonIds.isEmpty() ? Map.of() : tx.runs().paramsOf(wonIds);
                List<Assignment> won = new ArrayList<>();
                for (int i = 0; i < got.length; i++) {
                    if (!got[i]) continue;
                    Candidate c = candidates.get(i);
                    Run run = c.queued().run();
                    Instant notBefore = c.queued().notBefore();
                    // Counted from the end of the claim, close to when the agent gets it: the time the
                    // claim took would otherwise make every run that much late.
                    long startIn = notBefore == null ? 0 : Math.max(0, Duration.between(clock.instant(), notBefore).toMillis());
                    won.add(assignment(run, c.job(), params.getOrDefault(run.id(), Map.of()), startIn));
                }
                return won;
            });
            out.addAll(claimed);
            if (claimed.size() == candidates.size()) break; // got all it looked for: the queue holds no more that fit
        }
        return out;
    }

    /** Up to when an agent may be handed runs: now, or a little ahead for one that starts them on time. */
    private Instant horizon(Poll p, Instant now) {
        return p.startsLater() ? now.plus(ahead) : now;
    }

    /** The run as the agent executes it: the job's definition now, with the run's parameters. */
    static Assignment assignment(Run run, Job job, Map<String, String> runParams, long startInMillis) {
        Execution ex = job.execution();
        // The job's env, then its params, then this run's overrides: the most specific value wins.
        Map<String, String> env = new HashMap<>(ex.env());
        env.putAll(ex.params());
        env.putAll(runParams);
        env.put("VIGIL_RUN_ID", Long.toString(run.id()));
        env.put("VIGIL_JOB", job.key());
        env.put("VIGIL_ATTEMPT", Integer.toString(run.attempt()));
        if (run.scheduledFor() != null) env.put("VIGIL_SCHEDULED_FOR", run.scheduledFor().toString());
        List<String> argv = switch (ex.target()) {
            case Execution.Argv a -> a.argv();
            case Execution.Shell s -> List.of("/bin/sh", "-c", s.script());
            case Execution.Http h -> null;
        };
        Assignment.HttpTarget http = ex.target() instanceof Execution.Http h
                ? new Assignment.HttpTarget(h.method(), h.url(), h.headers(), h.body()) : null;
        return new Assignment(run.id(), job.key(), run.attempt(), run.scheduledFor(), argv, http, ex.workdir(), env,
                ex.timeout() == null ? null : ex.timeout().toMillis(), startInMillis);
    }

    /** Records the run lost; the writer retries it per the job's policy. */
    void lose(Run run, String agent, Instant at, String reason) {
        try {
            ingest.execute(new Command.RunReport(run.id(), agent, Observation.of(Observation.Kind.FAILURE, at), null,
                    RunState.LOST, reason));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Dispatcher.class).error("cannot record run {} lost", run.id(), e);
        }
        signal.signal(); // the job is free again, and a retry may be queued
    }
}

package dev.vigil.store;

import dev.vigil.domain.Run;
import java.util.List;
import java.util.Optional;

public interface RunStore {
    /** Inserts the run (its id is ignored) and returns it with the assigned id. */
    Run insert(Run run);

    /**
     * Inserts a scheduled run unless one exists for the same (job, scheduledFor, attempt); the
     * database's unique key decides, so concurrent schedulers create it exactly once.
     * @return the inserted run, or empty if it already existed
     */
    Optional<Run> insertScheduled(Run run);

    /** A queued run and the time before which it may not start (null: at once). */
    record Queued(Run run, java.time.Instant notBefore) {}

    /**
     * Queued runs of any job whose not-before time is at or before {@code until}, oldest first: what
     * an agent may claim ({@code until} is now, or a little later for an agent that starts runs on time).
     */
    List<Queued> queued(java.time.Instant until, int limit);

    /** The earliest not-before time after {@code now} among queued runs (a retry's back-off ending), if any. */
    Optional<java.time.Instant> nextNotBefore(java.time.Instant now);

    /** Sets the run's parameter values and the earliest time an agent may take it (null: at once). */
    void setDispatch(long runId, java.util.Map<String, String> params, java.time.Instant notBefore);

    /** The run's parameter values (empty if none were set). */
    java.util.Map<String, String> params(long runId);

    /** The parameter values of each of these runs that has any, with one query. */
    java.util.Map<Long, java.util.Map<String, String>> paramsOf(java.util.Collection<Long> runIds);

    /**
     * Moves the run from {@code from} to {@code to} (setting the agent) only if it is still in
     * {@code from}: a claim. False means someone else got it first.
     */
    boolean transition(long id, dev.vigil.domain.RunState from, dev.vigil.domain.RunState to, String agent);

    /**
     * Claims a queued run for {@code agent}: {@code queued → dispatched} only if still queued and,
     * when {@code exclusive}, only if no other run of its job is dispatched or running (overlap
     * other than {@code allow}). False means it is not to be had now.
     */
    boolean claim(long id, String agent, boolean exclusive);

    /** A run to claim, with its job and whether the job's overlap rule is exclusive (see {@link #claim}). */
    record Claim(long runId, long jobId, boolean exclusive) {}

    /**
     * {@link #claim} for many runs, in order, in a few set-wide statements (not one per run):
     * whether each was won. An exclusive claim sees the claims before it in the list, so at most one
     * run of an exclusive job is won.
     */
    boolean[] claimAll(java.util.List<Claim> claims, String agent);

    /** How many runs are queued, dispatched and running, across jobs (for metrics). */
    java.util.Map<dev.vigil.domain.RunState, Long> activeCounts();

    /** Runs the agent holds: dispatched to it or running on it, oldest first. */
    List<Run> heldBy(String agent);

    /** Which agent a run was dispatched to (null: none) and its job's project. */
    record Holding(long runId, String agent, long projectId) {}

    /** {@link Holding} of each of these runs that exists, with one query however many: run id → holding. */
    java.util.Map<Long, Holding> holdings(java.util.Collection<Long> runIds);

    /** Asks the agent holding the run to stop it; it learns so on its next poll. */
    void requestStop(long id, java.time.Instant at);

    /** Runs the agent holds that it was asked to stop. */
    java.util.Set<Long> stopRequested(String agent);

    /** Runs in {@code state} across jobs (of one project if given), oldest first. */
    List<Run> inState(dev.vigil.domain.RunState state, Long projectId, int limit);

    /** Runs of the job that are queued, dispatched or running, oldest first. */
    List<Run> active(long jobId);

    /** {@link #active} of many jobs with one query: job id → its active runs (jobs without any absent). */
    java.util.Map<Long, List<Run>> activeOf(java.util.Collection<Long> jobIds);

    /**
     * {@link #insertScheduled} when nobody needs the answer: the row goes out with the transaction's
     * next statement or its commit, batched with others; one whose (job, fire time, attempt) exists is skipped.
     */
    void insertScheduledLater(Run run, java.time.Instant notBefore);

    /** For every job with scheduled runs, the latest fire time recorded: one query for loading the scheduler. */
    java.util.Map<Long, java.time.Instant> lastScheduledForAll();

    /** The latest fire time a run (of any state, skipped included) was recorded for, if any. */
    Optional<java.time.Instant> lastScheduledFor(long jobId);

    /** Rewrites the run with {@code run.id()}; callers check state transitions before calling. */
    void update(Run run);

    Optional<Run> byId(long id);

    /** The open ({@code running}) run of the job with this client run id, if any. */
    Optional<Run> openByRid(long jobId, String rid);

    /** The open run that started last, if any. */
    Optional<Run> latestOpen(long jobId);

    /** Open runs of the job, oldest start first. */
    List<Run> open(long jobId);

    /** The runs with these ids that exist, in no particular order: one query however many. */
    List<Run> byIds(java.util.Collection<Long> ids);

    /** Newest first; {@code beforeId} pages backwards (null for the newest). */
    List<Run> byJob(long jobId, Long beforeId, int limit);

    /** The job of each of these runs (a run's job never changes); runs that do not exist are absent. */
    java.util.Map<Long, Long> jobIdsOf(java.util.Collection<Long> runIds);

    /** The running runs of each of these jobs, oldest start first (as {@link #open}); jobs with none are absent. */
    java.util.Map<Long, List<Run>> openOf(java.util.Collection<Long> jobIds);
}

package dev.vigil.ingest;

import dev.vigil.domain.Execution;
import dev.vigil.domain.Job;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import dev.vigil.scheduler.FirePlan;
import dev.vigil.scheduler.FirePlanner;
import dev.vigil.store.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place where the runs of managed jobs are created, inside the owner's transaction: fire
 * times, manual and upstream triggers and retries all pass through {@link FirePlanner}'s rules,
 * and what it decides is recorded here — queued and skipped runs, active runs cancelled.
 * (Runs reported from outside, by pings and {@code vigil run}, are opened by the reports themselves.)
 */
final class RunMaker {

    /**
     * Fire times of a scheduled job, given its active runs: each gets exactly one run, keyed by
     * (job, fire time) — one that exists already (fired before a restart, or by another server)
     * is left as it is. The rows go out batched with the transaction's other writes; returns the plan.
     */
    List<FirePlan> fire(Tx tx, Job job, List<Instant> due, List<Run> active, Instant now) {
        List<FirePlan> plans = FirePlanner.plan(job.execution(), due, active, now);
        for (FirePlan plan : plans) {
            switch (plan) {
                // Fired ahead of its time, a run waits for it: an agent may take it early but starts it then.
                case FirePlan.Queue q -> tx.runs().insertScheduledLater(new Run(0, job.id(), null, Trigger.SCHEDULE,
                        q.fireTime(), 1, RunState.QUEUED, null, null, null, null, null, null),
                        q.fireTime().isAfter(now) ? q.fireTime() : null);
                case FirePlan.Skip s -> tx.runs().insertScheduledLater(new Run(0, job.id(), null, Trigger.SCHEDULE,
                        s.fireTime(), 1, RunState.SKIPPED, null, now, null, s.reason(), null, null), null);
                case FirePlan.Cancel c -> cancel(tx, active, c, now);
            }
        }
        return plans;
    }

    /**
     * A manual or upstream run now, under the job's overlap rule: queued, or skipped with the
     * reason; {@code replace} cancels what is active. Unscheduled, so it has no fire time.
     */
    Run trigger(Tx tx, Job job, Map<String, String> params, Trigger trigger, String reason, Instant now) {
        List<Run> active = tx.runs().active(job.id());
        Run run = null;
        for (FirePlan plan : FirePlanner.plan(job.execution(), List.of(now), active, now)) {
            switch (plan) {
                case FirePlan.Queue q -> run = tx.runs().insert(new Run(0, job.id(), null, trigger, null, 1,
                        RunState.QUEUED, null, null, null, reason, null, null));
                case FirePlan.Skip s -> run = tx.runs().insert(new Run(0, job.id(), null, trigger, null, 1,
                        RunState.SKIPPED, null, now, null, s.reason(), null, null));
                case FirePlan.Cancel c -> cancel(tx, active, c, now);
            }
        }
        if (run == null) throw new IllegalStateException("no plan for the run of " + job.key() + " (indicates a bug)");
        if (!params.isEmpty()) tx.runs().setDispatch(run.id(), params, null);
        return run;
    }

    /**
     * The next attempt of a failed run, after the job's back-off, with the failed run's parameters;
     * empty when the run has no attempts left.
     */
    Optional<Run> retry(Tx tx, Job job, Run failed, Instant at) {
        Execution ex = job.execution();
        if (ex == null || failed.attempt() > ex.retries()) return Optional.empty();
        List<Run> active = tx.runs().active(job.id());
        FirePlan plan = FirePlanner.retry(ex, failed.scheduledFor(), active);
        String reason = plan instanceof FirePlan.Skip s ? s.reason()
                : "retry " + failed.attempt() + " of " + ex.retries() + " after run " + failed.id();
        RunState state = plan instanceof FirePlan.Skip ? RunState.SKIPPED : RunState.QUEUED;
        Run retry = new Run(0, job.id(), null, Trigger.RETRY, failed.scheduledFor(), failed.attempt() + 1, state, null,
                state == RunState.SKIPPED ? at : null, null, reason, null, null);
        Optional<Run> stored = failed.scheduledFor() != null ? tx.runs().insertScheduled(retry) : Optional.of(tx.runs().insert(retry));
        stored.ifPresent(r -> {
            if (state == RunState.QUEUED) {
                tx.runs().setDispatch(r.id(), tx.runs().params(failed.id()), at.plus(ex.retryDelay(failed.attempt())));
            }
        });
        return stored;
    }

    /** Overlap {@code replace}: the active run makes way. */
    private static void cancel(Tx tx, List<Run> active, FirePlan.Cancel c, Instant now) {
        active.stream().filter(r -> r.id() == c.runId()).findFirst().ifPresent(r -> {
            if (r.state() == RunState.RUNNING) {
                tx.runs().requestStop(r.id(), now); // its agent stops the process and reports it cancelled
            } else {
                // Not started: it ends here; an agent that took it meanwhile is told to stop it.
                tx.runs().transition(r.id(), r.state(), RunState.CANCELLED, r.agent());
            }
        });
    }
}

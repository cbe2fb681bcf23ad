package dev.vigil.scheduler;

import dev.vigil.domain.ConflictException;
import dev.vigil.domain.Job;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import dev.vigil.domain.ValidationException;
import dev.vigil.store.Transactor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * On-demand runs (PRODUCT.md §5): trigger a run with parameter overrides under the same overlap
 * rules as a fire time, cancel a queued or running run, and re-run a finished one with its
 * parameters.
 */
public final class RunControl {
    private final Transactor store;
    private final Clock clock;
    private final Runnable wakeAgents;

    /** @param wakeAgents tells agents' held polls that there is work to take or a run to stop */
    public RunControl(Transactor store, Clock clock, Runnable wakeAgents) {
        this.store = store;
        this.clock = clock;
        this.wakeAgents = wakeAgents;
    }

    /** Creates a run of {@code job} now; the result is queued, or skipped with the reason. */
    public Run trigger(Job job, Map<String, String> params, Trigger trigger) {
        if (!job.isManaged()) {
            throw new ConflictException("job '" + job.key() + "' is only watched: give it a command or an http target to run it");
        }
        for (String name : params.keySet()) {
            if (!job.execution().params().containsKey(name)) {
                throw new ValidationException("params." + name, "is not a parameter of this job; it has "
                        + job.execution().params().keySet());
            }
        }
        Instant now = clock.instant();
        List<Run> created = store.write(tx -> {
            List<Run> active = tx.runs().active(job.id());
            List<FirePlan> plans = FirePlanner.plan(job.execution(), List.of(now), active, now);
            return PlanWriter.apply(tx, job, plans, active, now, trigger, false, params);
        });
        wakeAgents.run();
        return created.getFirst();
    }

    /**
     * Creates the run of a downstream job inside the writer's transaction, under the job's overlap
     * rule like any other trigger: the writer's downstream hook.
     */
    public void upstreamSucceeded(dev.vigil.store.Tx tx, Job job, String reason, Instant at) {
        List<Run> active = tx.runs().active(job.id());
        List<FirePlan> plans = FirePlanner.plan(job.execution(), List.of(at), active, at);
        PlanWriter.apply(tx, job, plans, active, at, Trigger.UPSTREAM, false, Map.of(), reason);
    }

    /** Cancels a queued or running run; a finished run cannot be cancelled. */
    public Run cancel(long runId) {
        Run run = byId(runId);
        if (run.state().isTerminal()) {
            throw new ConflictException("run " + runId + " already ended " + run.state().wire());
        }
        if (run.state() == RunState.RUNNING) {
            // Its agent learns it on its next poll, stops the process and records the run cancelled.
            store.write(tx -> {
                tx.runs().requestStop(runId, clock.instant());
                return null;
            });
            wakeAgents.run();
            return byId(runId);
        }
        // Queued, or dispatched and not started: it ends here; an agent that took it is told to stop it.
        boolean done = store.write(tx -> tx.runs().transition(runId, run.state(), RunState.CANCELLED, run.agent()));
        if (!done) throw new ConflictException("run " + runId + " changed meanwhile; look again");
        return byId(runId);
    }

    /** A new manual run of the same job with the same parameters. */
    public Run rerun(long runId) {
        Run run = byId(runId);
        Job job = store.read(tx -> tx.jobs().byId(run.jobId())).orElseThrow(() -> new NotFoundException("no run " + runId));
        Map<String, String> params = store.read(tx -> tx.runs().params(runId));
        return trigger(job, params, Trigger.MANUAL);
    }

    private Run byId(long runId) {
        return store.read(tx -> tx.runs().byId(runId)).orElseThrow(() -> new NotFoundException("no run " + runId));
    }
}

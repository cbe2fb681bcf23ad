package dev.vigil.scheduler;

import dev.vigil.domain.Job;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import dev.vigil.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Records what {@link FirePlanner} decided: queued and skipped runs, cancelled active ones. */
final class PlanWriter {
    private PlanWriter() {}

    /**
     * @param scheduled   true for schedule fires: the run is keyed by its fire time and inserted at
     *                    most once; false for manual and upstream runs, which have no fire time
     * @return the runs created, queued and skipped, in plan order
     */
    static List<Run> apply(Tx tx, Job job, List<FirePlan> plans, List<Run> active, Instant now, Trigger trigger,
                           boolean scheduled, Map<String, String> params) {
        return apply(tx, job, plans, active, now, trigger, scheduled, params, null);
    }

    /** @param reason recorded on queued runs (why they were created), or null */
    static List<Run> apply(Tx tx, Job job, List<FirePlan> plans, List<Run> active, Instant now, Trigger trigger,
                           boolean scheduled, Map<String, String> params, String reason) {
        List<Run> created = new ArrayList<>();
        for (FirePlan plan : plans) {
            switch (plan) {
                case FirePlan.Queue q -> insert(tx, job, q.fireTime(), RunState.QUEUED, reason, trigger, scheduled, params, now)
                        .ifPresent(created::add);
                case FirePlan.Skip s -> insert(tx, job, s.fireTime(), RunState.SKIPPED, s.reason(), trigger, scheduled, params, now)
                        .ifPresent(created::add);
                case FirePlan.Cancel c -> active.stream().filter(r -> r.id() == c.runId()).findFirst().ifPresent(r -> {
                    if (r.state() == RunState.RUNNING) {
                        tx.runs().requestStop(r.id(), now); // its agent stops the process and reports it cancelled
                    } else {
                        // Not started: it ends here; an agent that took it meanwhile is told to stop it.
                        tx.runs().transition(r.id(), r.state(), RunState.CANCELLED, r.agent());
                    }
                });
            }
        }
        return created;
    }

    private static java.util.Optional<Run> insert(Tx tx, Job job, Instant fireTime, RunState state, String reason,
                                                  Trigger trigger, boolean scheduled, Map<String, String> params, Instant now) {
        Run run = new Run(0, job.id(), null, trigger, scheduled ? fireTime : null, 1, state, null,
                state == RunState.SKIPPED ? now : null, null, reason, null, null);
        java.util.Optional<Run> stored = scheduled ? tx.runs().insertScheduled(run) : java.util.Optional.of(tx.runs().insert(run));
        stored.ifPresent(r -> {
            if (params != null && !params.isEmpty()) tx.runs().setDispatch(r.id(), params, null);
        });
        return stored;
    }
}

package dev.vigil.ingest;

import dev.vigil.domain.Job;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import dev.vigil.store.Tx;
import java.time.Instant;

/**
 * Creates the run of a job whose upstream (a job it lists in {@code after}) succeeded, inside the
 * writer's transaction. The scheduler supplies one that applies the job's overlap rule.
 */
@FunctionalInterface
public interface Downstream {
    void trigger(Tx tx, Job job, String reason, Instant at);

    /** Queues a run whatever else is going: for a writer without a scheduler. */
    Downstream QUEUE = (tx, job, reason, at) -> tx.runs().insert(new Run(0, job.id(), null, Trigger.UPSTREAM, null, 1,
            RunState.QUEUED, null, null, null, reason, null, null));
}

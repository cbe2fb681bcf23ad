package dev.vigil.ingest;

import dev.vigil.domain.ConflictException;
import dev.vigil.domain.Job;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Run;
import dev.vigil.domain.Trigger;
import dev.vigil.domain.ValidationException;
import dev.vigil.store.Transactor;
import java.util.Map;

/**
 * On-demand runs (PRODUCT.md §5): trigger a run with parameter overrides under the same overlap
 * rules as a fire time, cancel a queued or running run, and re-run a finished one with its
 * parameters. Each is a command to the owner of the job's runs ({@link Ingest}), so that runs are
 * created and changed in one place; this class only checks the request and reads the answer. With
 * an {@link Audit}, each is recorded in the audit log in the transaction of the change.
 */
public final class RunControl {
    private final Transactor store;
    private final Ingest owner;

    public RunControl(Transactor store, Ingest owner) {
        this.store = store;
        this.owner = owner;
    }

    /** Creates a run of {@code job} now; the result is queued, or skipped with the reason. */
    public Run trigger(Job job, Map<String, String> params, Trigger trigger, Audit audit) {
        if (!job.isManaged()) {
            throw new ConflictException("job '" + job.key() + "' is only watched: give it a command or an http target to run it");
        }
        for (String name : params.keySet()) {
            if (!job.execution().params().containsKey(name)) {
                throw new ValidationException("params." + name, "is not a parameter of this job; it has "
                        + job.execution().params().keySet());
            }
        }
        return owner.execute(Audit.of(audit, new Command.Trigger(job.id(), Map.copyOf(params), trigger))).runs().getFirst();
    }

    /** Cancels a queued or running run; a finished run cannot be cancelled. */
    public Run cancel(long runId, String by, Audit audit) {
        owner.execute(Audit.of(audit, new Command.Cancel(runId, by)));
        return byId(runId);
    }

    /** A new manual run of the same job with the same parameters. */
    public Run rerun(long runId, Audit audit) {
        Run run = byId(runId);
        Job job = store.read(tx -> tx.jobs().byId(run.jobId())).orElseThrow(() -> new NotFoundException("no run " + runId));
        Map<String, String> params = store.read(tx -> tx.runs().params(runId));
        return trigger(job, params, Trigger.MANUAL, audit);
    }

    private Run byId(long runId) {
        return store.read(tx -> tx.runs().byId(runId)).orElseThrow(() -> new NotFoundException("no run " + runId));
    }
}

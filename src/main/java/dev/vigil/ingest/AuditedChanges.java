package dev.vigil.ingest;

import dev.vigil.domain.Job;
import dev.vigil.store.Tx;
import java.time.Clock;
import java.util.Objects;

/**
 * Changes someone asked for through the writer ({@link Command.Audited}): the change, by the
 * {@link Handler}, and its audit-log entry with the target before and after, in the same
 * transaction.
 */
final class AuditedChanges {
    private final Handler handler;
    private final Clock clock;

    AuditedChanges(Handler handler, Clock clock) {
        this.handler = handler;
        this.clock = clock;
    }

    /**
     * A change someone asked for, and its audit entry in the same transaction: none when the change
     * fails, none for a pause of a paused job or a resume of a running one.
     */
    Result handle(Tx tx, Batch batch, Command.Audited a) {
        Audit.Snapshots views = a.audit().snapshots();
        String before = switch (a.change()) {
            case Command.Define d -> tx.jobs().bySlug(d.job().projectId(), d.job().slug())
                    .map(j -> handler.loadOrNull(tx, batch, j.id())).map(rt -> views.job(rt.job(), rt.state())).orElse(null);
            case Command.Pause p -> jobView(tx, batch, p.jobId(), views);
            case Command.Resume r -> jobView(tx, batch, r.jobId(), views);
            case Command.Delete d -> jobView(tx, batch, d.jobId(), views);
            case Command.Cancel c -> tx.runs().byId(c.runId())
                    .flatMap(run -> tx.jobs().byId(run.jobId()).map(job -> views.run(run, job))).orElse(null);
            case Command.Trigger t -> null;
            default -> throw new IllegalArgumentException("not a change to audit: " + a.change() + "; indicates a bug");
        };
        Result r = handler.handle(tx, batch, a.change());
        Job job = r.job();
        String action;
        String target = job.key();
        String after;
        switch (a.change()) {
            case Command.Define d -> { action = r.created() ? "job.create" : "job.update"; after = views.job(job, r.state()); }
            case Command.Pause p -> { action = "job.pause"; after = views.job(job, r.state()); }
            case Command.Resume x -> { action = "job.resume"; after = views.job(job, r.state()); }
            case Command.Delete d -> { action = "job.delete"; after = null; }
            case Command.Trigger t -> {
                action = "run.trigger";
                target = Long.toString(r.runs().getFirst().id());
                after = views.run(r.runs().getFirst(), job);
            }
            case Command.Cancel c -> {
                action = "run.cancel";
                target = Long.toString(c.runId());
                after = tx.runs().byId(c.runId()).map(run -> views.run(run, job)).orElse(null);
            }
            default -> throw new IllegalArgumentException("not a change to audit: " + a.change() + "; indicates a bug");
        }
        boolean lifecycle = a.change() instanceof Command.Pause || a.change() instanceof Command.Resume;
        if (!lifecycle || !Objects.equals(before, after)) {
            tx.audit().append(dev.vigil.domain.AuditEntry.of(clock.instant(), a.audit().actor(), action, job.projectId(), target,
                    before, after));
        }
        return r;
    }

    private String jobView(Tx tx, Batch batch, long jobId, Audit.Snapshots views) {
        JobRuntime rt = handler.loadOrNull(tx, batch, jobId);
        return rt == null ? null : views.job(rt.job(), rt.state());
    }
}

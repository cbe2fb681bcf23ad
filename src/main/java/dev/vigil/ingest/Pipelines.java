package dev.vigil.ingest;

import dev.vigil.domain.Job;
import dev.vigil.store.JobStore;
import dev.vigil.store.Tx;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which jobs run after which (the {@code after} field): when a job succeeds, the managed jobs of its
 * project that list it are queued (trigger {@code upstream}). Kept in memory by the writer, loaded
 * once and updated on every definition, so a success costs a map lookup, not a scan of all jobs.
 */
final class Pipelines {
    /** project id → upstream slug → downstream job ids */
    private final Map<Long, Map<String, Set<Long>>> downstream = new HashMap<>();
    private final RunMaker runs;
    private boolean loaded;

    Pipelines(RunMaker runs) {
        this.runs = runs;
    }

    void defined(Tx tx, Job job) {
        load(tx);
        forget(job.id());
        if (job.execution() == null) return;
        for (String upstream : job.execution().after()) {
            downstream.computeIfAbsent(job.projectId(), p -> new HashMap<>())
                    .computeIfAbsent(upstream, u -> new HashSet<>()).add(job.id());
        }
    }

    void forget(long jobId) {
        downstream.values().forEach(byUpstream -> byUpstream.values().forEach(ids -> ids.remove(jobId)));
    }

    /**
     * Triggers a run (trigger {@code upstream}) of every managed job that runs after {@code upstream}.
     * What the batch read ahead about runs no longer holds for those jobs (a run was queued, or under
     * {@code replace} another one cancelled), so it is forgotten.
     */
    void succeeded(Tx tx, Batch batch, Job upstream, Instant at) {
        load(tx);
        Set<Long> ids = downstream.getOrDefault(upstream.projectId(), Map.of()).getOrDefault(upstream.slug(), Set.of());
        boolean triggered = false;
        for (long id : List.copyOf(ids)) {
            Job job = tx.jobs().byId(id).filter(Job::isManaged).orElse(null);
            if (job == null) continue;
            runs.trigger(tx, job, Map.of(), dev.vigil.domain.Trigger.UPSTREAM, "after " + upstream.key() + " succeeded at " + at, at);
            triggered = true;
        }
        if (triggered) batch.forgetPrefetched();
    }

    private void load(Tx tx) {
        if (loaded) return;
        loaded = true;
        String after = null;
        while (true) {
            var filter = new JobStore.Filter(null, null, null, null, after, 10_000);
            List<JobStore.JobWithState> page = tx.jobs().list(filter);
            for (var j : page) {
                if (j.job().execution() != null && !j.job().execution().after().isEmpty()) defined(tx, j.job());
            }
            if (page.size() < filter.limit()) return;
            after = page.getLast().job().key();
        }
    }
}

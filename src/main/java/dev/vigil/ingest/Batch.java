package dev.vigil.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one transaction of the writer changed, applied to the cache and the deadline index only
 * after the commit, so that a rolled-back batch leaves memory as it was.
 */
final class Batch {
    final Map<Long, JobRuntime> touched = new HashMap<>();
    private final Set<Long> changedStates = new java.util.LinkedHashSet<>();
    final Set<Long> deleted = new HashSet<>();
    final List<dev.vigil.domain.Job> defined = new ArrayList<>();
    final List<Long> paused = new ArrayList<>();
    final List<dev.vigil.domain.Job> resumed = new ArrayList<>();
    boolean flipsRecorded;
    /**
     * The runs this batch's agent reports are about, read at once before the first command and kept
     * current as the batch changes them; other commands make it forget ({@link #forgetPrefetched}).
     */
    final Map<Long, dev.vigil.domain.Run> runs = new HashMap<>();
    /** The active runs of the jobs this batch fires, read at once; a report on a job drops its entry. */
    final Map<Long, List<dev.vigil.domain.Run>> active = new HashMap<>();
    /** Runs were queued, cancelled or asked to stop: agents' held polls should look again. */
    boolean runsQueued;
    /** Runs this batch ended, for the metrics once it commits. */
    final List<Committed.Finished> finished = new ArrayList<>();

    /** Notes that this batch ended {@code run}, a run of {@code job}. */
    void finished(dev.vigil.domain.Job job, dev.vigil.domain.Run run) {
        finished.add(new Committed.Finished(job.projectId(), job.project(), job.id(), run.state(), run.duration()));
    }

    JobRuntime get(long jobId, JobCache cache) {
        if (deleted.contains(jobId)) return null;
        JobRuntime rt = touched.get(jobId);
        return rt != null ? rt : cache.get(jobId);
    }

    void put(JobRuntime rt) {
        touched.put(rt.job().id(), rt);
        deleted.remove(rt.job().id());
    }

    /** Drops what was read ahead (runs, active runs): a command changed runs in a way the batch does not track. */
    void forgetPrefetched() {
        runs.clear();
        active.clear();
    }

    /**
     * The job's state changed: it is written once, as it stands at the end of the batch. (One
     * upsert per job and batch: a multi-row upsert may not touch one row twice.)
     */
    void stateChanged(long jobId) {
        changedStates.add(jobId);
    }

    /** Writes the state of every job whose state this batch changed, once each. */
    void writeStates(dev.vigil.store.Tx tx) {
        for (long jobId : changedStates) {
            JobRuntime rt = touched.get(jobId);
            if (rt != null && !deleted.contains(jobId)) tx.states().put(rt.state());
        }
    }

    /**
     * Records the definition changes of this batch for the owners of the jobs' partitions
     * ({@code job_changes}, read by cluster.ChangeFeed), stamped with the machine's clock, as the
     * feed reads them.
     */
    void writeChanges(dev.vigil.store.Tx tx, String node) {
        java.time.Instant at = java.time.Instant.now();
        for (dev.vigil.domain.Job job : defined) tx.cluster().appendChange(job.id(), "defined", at, node);
        for (long id : paused) tx.cluster().appendChange(id, "paused", at, node);
        for (dev.vigil.domain.Job job : resumed) tx.cluster().appendChange(job.id(), "resumed", at, node);
        for (long id : deleted) tx.cluster().appendChange(id, "deleted", at, node);
    }

    void delete(long jobId) {
        touched.remove(jobId);
        deleted.add(jobId);
    }
}

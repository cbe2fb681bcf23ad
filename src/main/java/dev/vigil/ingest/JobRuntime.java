package dev.vigil.ingest;

import dev.vigil.monitor.Expectations;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Run;
import dev.vigil.store.Tx;
import java.util.List;

/**
 * A job as the writer holds it: definition, its evaluated schedule, current state, and its runs in
 * state {@code running} — read once, then kept here, because only the writer starts and ends runs
 * (null: not read yet).
 */
record JobRuntime(Job job, Expectations expectations, JobState state, List<Run> running) {
    JobRuntime(Job job, Expectations expectations, JobState state) {
        this(job, expectations, state, null);
    }

    JobRuntime with(JobState next) {
        return new JobRuntime(job, expectations, next, running);
    }

    JobRuntime withRunning(List<Run> next) {
        return new JobRuntime(job, expectations, state, List.copyOf(next));
    }

    /** The job's running runs, oldest start first: from memory, or read now if not known yet. */
    List<Run> running(Tx tx) {
        return running != null ? running : tx.runs().open(job.id());
    }
}

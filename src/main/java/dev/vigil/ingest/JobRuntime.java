package dev.vigil.ingest;

import dev.vigil.monitor.Expectations;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;

/** A job as the writer holds it: definition, its evaluated schedule, and current state. */
record JobRuntime(Job job, Expectations expectations, JobState state) {
    JobRuntime with(JobState next) {
        return new JobRuntime(job, expectations, next);
    }
}

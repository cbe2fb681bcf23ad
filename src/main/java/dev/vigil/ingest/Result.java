package dev.vigil.ingest;

import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;

/**
 * What the writer did with a command, once durable: the job concerned (null for a tick of a job
 * deleted meanwhile), its state afterwards, and whether the command created the job.
 */
public record Result(Job job, JobState state, boolean created) {
    static final Result NOTHING = new Result(null, null, false);
}

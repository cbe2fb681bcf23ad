package dev.vigil.ingest;

import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;

/**
 * What the writer did with a command, once durable: the job concerned (null for a tick of a job
 * deleted meanwhile), its state afterwards, whether the command created the job, and the runs it
 * created or changed (a triggered or cancelled run), and for a fire, the first fire time it left
 * undecided until that time comes (null: it decided every one; see {@link Command.Fire}).
 */
public record Result(Job job, JobState state, boolean created, java.util.List<dev.vigil.domain.Run> runs,
                     java.time.Instant deferred) {
    static final Result NOTHING = new Result(null, null, false);

    public Result {
        runs = java.util.List.copyOf(runs);
    }

    public Result(Job job, JobState state, boolean created) {
        this(job, state, created, java.util.List.of());
    }

    public Result(Job job, JobState state, boolean created, java.util.List<dev.vigil.domain.Run> runs) {
        this(job, state, created, runs, null);
    }
}

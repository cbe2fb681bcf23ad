package dev.vigil.ingest;

import dev.vigil.domain.Actor;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Run;

/**
 * Who asks for a change through the writer, and how the audit log shows what changed: the writer
 * records the entry in the transaction of the change ({@link Command.Audited}).
 */
public record Audit(Actor actor, Snapshots snapshots) {

    /** The audit log's JSON of a job and of a run, secrets left out; given by the caller (the API). */
    public interface Snapshots {
        String job(Job job, JobState state);

        String run(Run run, Job job);
    }

    /** The command, recorded in the audit log when it commits; as is when there is nobody to record. */
    public static Command of(Audit audit, Command change) {
        return audit == null ? change : new Command.Audited(change, audit);
    }
}

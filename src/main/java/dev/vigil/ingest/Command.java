package dev.vigil.ingest;

import dev.vigil.monitor.Observation;
import dev.vigil.domain.Job;
import java.time.Instant;
import java.util.UUID;

/** Work for the single writer that owns every job's state. */
public sealed interface Command {

    /** Which job a report is for: by uuid, or by project ping key and slug. */
    sealed interface JobRef {}

    /** Printed (in logs) by the job's unique key: the uuid can ping. */
    record ByUuid(UUID uuid) implements JobRef {
        @Override
        public String toString() {
            return "ByUuid[job " + Job.uniqueKey(uuid) + "]";
        }
    }

    /** @param create create the job if missing ({@code ?create=1}); printed (in logs) without the ping key */
    record BySlug(String pingKey, String slug, boolean create) implements JobRef {
        @Override
        public String toString() {
            return "BySlug[slug=" + slug + ", create=" + create + "]";
        }
    }

    record ById(long jobId) implements JobRef {}

    /**
     * A report from a job. {@code body} is the captured output (already size-limited), {@code data}
     * a JSON object of structured details or null, {@code source} who sent it.
     */
    record Report(JobRef job, Observation observation, String body, String data, String source) implements Command {}

    /**
     * A report about a run Vigil itself dispatched (an agent's start or finish). {@code endState}
     * overrides how a finish ends when the exit code does not say it ({@code timed_out},
     * {@code cancelled}, {@code lost}); null lets the status rules decide. A report from an agent
     * that no longer holds the run, or one the run's state has moved past (a redelivery, a result
     * after the run was declared lost), changes nothing.
     */
    record RunReport(long runId, String agent, Observation observation, String output, dev.vigil.domain.RunState endState,
                     String reason) implements Command {}

    /** A deadline of the index was reached. */
    record Tick(long jobId, Instant due) implements Command {}

    /** Create or replace a job definition (validated already). */
    record Define(Job job) implements Command {}

    record Pause(long jobId, String by) implements Command {}

    record Resume(long jobId, String by) implements Command {}

    record Delete(long jobId) implements Command {}

    /**
     * Fire times of a scheduled managed job that came due, in order, as the scheduler's clock found
     * them — up to a moment before their time, so that their runs can start on time. The owner
     * decides what runs: nothing while the job is paused, otherwise the job's overlap and catch-up
     * rules. A fire time still ahead whose decision depends on a run still active (any overlap rule
     * but {@code allow}) is left until its time: the result names it, and the scheduler asks again then.
     */
    record Fire(long jobId, java.util.List<Instant> fireTimes) implements Command {}

    /** An on-demand run (manual, or a re-run) with parameter overrides already validated. */
    record Trigger(long jobId, java.util.Map<String, String> params, dev.vigil.domain.Trigger trigger) implements Command {}

    /** An operator cancels a run: it ends as {@code cancelled}, which counts neither as success nor failure. */
    record Cancel(long runId, String by) implements Command {}

    /**
     * A change someone asked for (a definition, pause, resume, delete, trigger or cancel), recorded
     * in the audit log in the same transaction with its before and after.
     */
    record Audited(Command change, Audit audit) implements Command {}
}

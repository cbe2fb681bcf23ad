package dev.vigil.monitor;

import dev.vigil.domain.EventKind;
import dev.vigil.domain.Health;
import dev.vigil.domain.JobState;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Status;
import java.util.List;

/**
 * What the status rules decided: the job's new state, the events the decision itself produced
 * (late, missed, overdue …), the flip if status, health or the incident changed, and for a finish
 * how the run ended.
 */
public record Decision(JobState before, JobState after, List<Derived> events, FlipDraft flip, RunOutcome runOutcome) {

    /** An event the rules produced, to append to the job's log. {@code data} is a JSON object or null. */
    public record Derived(EventKind kind, String message, String data) {}

    /** A change of status, health or incident, before it has an id. */
    public record FlipDraft(Status fromStatus, Status toStatus, Health fromHealth, Health toHealth,
                            boolean alerting, boolean alertingChanged, String reason) {}

    /** How a finished run ended; {@code reason} is set when the exit code alone does not say it. */
    public record RunOutcome(RunState state, String reason) {}

    public boolean changed() {
        return !before.equals(after) || !events.isEmpty();
    }
}

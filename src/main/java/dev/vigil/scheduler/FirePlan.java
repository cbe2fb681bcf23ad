package dev.vigil.scheduler;

import java.time.Instant;

/** What the scheduler does about one fire time or one active run. */
public sealed interface FirePlan {

    /** Create a queued run for this fire time. */
    record Queue(Instant fireTime) implements FirePlan {}

    /** Record this fire time as a skipped run, never silently: the reason says why. */
    record Skip(Instant fireTime, String reason) implements FirePlan {}

    /** Cancel this active run (overlap {@code replace}). */
    record Cancel(long runId, String reason) implements FirePlan {}
}

package dev.vigil.store;

import dev.vigil.domain.Incident;
import dev.vigil.domain.IncidentEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Incidents and their histories. */
public interface IncidentStore {
    /** Inserts an incident (id ignored, version 0) and returns it with its id. */
    Incident insert(Incident incident);

    Optional<Incident> byId(long id);

    /** The job's open or acknowledged incident, if any (there is at most one). */
    Optional<Incident> activeFor(long jobId);

    /** {@link #activeFor} for many jobs at once, by job id (jobs without one are absent): one query per few hundred. */
    java.util.Map<Long, Incident> activeOf(java.util.Collection<Long> jobIds);

    /**
     * Writes every field of {@code next} if the stored row still has {@code next.version()}, and
     * bumps the version. @return the stored incident, or empty if someone else changed it first
     */
    Optional<Incident> update(Incident next);

    /** How many incidents of the job opened at or after {@code since}. */
    int openedSince(long jobId, Instant since);

    /** When incidents of these jobs opened, at or after {@code since}, by job id (jobs without any are absent). */
    java.util.Map<Long, List<Instant>> openedAtSince(java.util.Collection<Long> jobIds, Instant since);

    /** Active incidents whose next check is due at {@code now}, earliest first. */
    List<Incident> due(Instant now, int limit);

    /**
     * Makes the project's held incidents (open, never notified, held by a silence, window or
     * upstream) due at {@code at}, after a silence or window ended early. @return how many
     */
    int recheckHeld(long projectId, Instant at);

    /** The earliest next check of any active incident. */
    Optional<Instant> nextDue();

    /**
     * Newest first, of one project, in the given states (all if empty); {@code beforeId} pages
     * backwards (null for the newest).
     */
    List<Incident> byProject(long projectId, Set<Incident.State> states, Long beforeId, int limit);

    /** Newest first. */
    List<Incident> byJob(long jobId, int limit);

    /** Adds to the incident's history; sent before the transaction next reads the history, or at commit. */
    void addEvent(IncidentEvent event);

    /** Oldest first. */
    List<IncidentEvent> events(long incidentId);

    /** Channels that were sent (or are being sent) a notification about the incident: not suppressed ones. */
    List<Long> notifiedChannels(long incidentId);
}

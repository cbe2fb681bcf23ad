package dev.vigil.alert;

import dev.vigil.domain.Incident;
import dev.vigil.domain.Job;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Silence;
import dev.vigil.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether an incident's notifications are held right now, and why (PRODUCT.md §6): a recurring
 * maintenance window or a silence covering the job, or an upstream job (one it {@code dependsOn})
 * with a critical incident of its own, whose page already covers this one. Held notifications are
 * recorded as suppressed, never dropped silently; the escalation loop looks again when the hold
 * ends and notifies an incident that is still open.
 */
final class Holds {
    /** How often an inhibited incident looks at its upstream again. */
    static final Duration INHIBIT_RECHECK = Duration.ofSeconds(30);

    /**
     * @param reason why, in words, e.g. "silence 3 by alice until …: db migration"
     * @param until  when to look again
     */
    record Hold(String reason, Instant until) {}

    private Holds() {}

    static Optional<Hold> check(Tx tx, ProjectRules rules, Job job, Instant now) {
        for (MaintenanceWindow w : rules.windows()) {
            if (!w.matches(job)) continue;
            Optional<Instant> until = MaintenanceSchedule.activeUntil(w, now);
            if (until.isPresent()) {
                return Optional.of(new Hold("maintenance window '" + w.name() + "' until " + until.get()
                        + (w.comment() == null || w.comment().isBlank() ? "" : ": " + w.comment()), until.get()));
            }
        }
        for (Silence s : rules.silences()) {
            if (s.activeAt(now) && s.matches(job)) {
                return Optional.of(new Hold("silence " + s.id() + (s.createdBy() == null ? "" : " by " + s.createdBy())
                        + " until " + s.endsAt() + ": " + s.comment(), s.endsAt()));
            }
        }
        for (String upstream : job.dependsOn()) {
            Optional<Incident> down = tx.jobs().bySlug(job.projectId(), upstream)
                    .flatMap(u -> tx.incidents().activeFor(u.id()))
                    .filter(i -> i.severity() == Incident.Severity.CRITICAL);
            if (down.isPresent()) {
                return Optional.of(new Hold("inhibited: upstream " + job.project() + "/" + upstream + " has incident "
                        + down.get().id() + " open", now.plus(INHIBIT_RECHECK)));
            }
        }
        return Optional.empty();
    }
}

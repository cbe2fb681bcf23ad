package dev.vigil.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A period during which a job needs someone's attention (PRODUCT.md §6): it opens when the job
 * becomes unhealthy, missed or overdue (severity {@code critical}) or, when a route asks for
 * warnings, late or failed within its tolerance ({@code warning}); it resolves when the job
 * recovers or someone resolves it by hand. Every notification about it carries the same key, so
 * receivers that deduplicate see one incident.
 *
 * @param openFlipId     the flip that opened it; null if none
 * @param reason         why it opened, in words
 * @param flapping       the job flipped too often: this incident stands for all its flips until it
 *                       has stayed calm for the flap window
 * @param jobDown        whether the job is, as of its last flip, still in the state that opened this
 * @param lastFlipAt     when the job last flipped while this was open
 * @param notifiedAt     when the first trigger went out; null while held (silenced, inhibited …)
 * @param suppressed     why notifications are held right now, in words; null when not held
 * @param targets        where it goes, fixed when it opens: the matched route's steps as JSON
 * @param step           the escalation step reached (0 = the route's first notification)
 * @param repeats        how often the last step was repeated
 * @param nextCheckAt    when the escalation loop looks at it next (a step due, a silence ending);
 *                       null when nothing is pending
 * @param version        bumped by every update; updates are conditional on it, so that the writer,
 *                       the escalation loop and people acknowledging never overwrite each other
 */
public record Incident(
        long id,
        long jobId,
        long projectId,
        Severity severity,
        State state,
        Instant openedAt,
        Long openFlipId,
        String reason,
        Instant acknowledgedAt,
        String acknowledgedBy,
        Instant resolvedAt,
        String resolvedBy,
        boolean flapping,
        boolean jobDown,
        Instant lastFlipAt,
        Instant notifiedAt,
        String suppressed,
        String targets,
        int step,
        int repeats,
        Instant nextCheckAt,
        int version) {

    public Incident {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(openedAt, "openedAt");
    }

    public enum Severity {
        CRITICAL, WARNING;

        public String wire() { return name().toLowerCase(Locale.ROOT); }

        /** @throws ValidationException naming {@code field} */
        public static Severity parse(String field, String wire) {
            for (Severity s : values()) if (s.wire().equals(wire)) return s;
            throw new ValidationException(field, "'" + wire + "' is not one of: critical, warning");
        }
    }

    public enum State {
        OPEN, ACKNOWLEDGED, RESOLVED;

        public String wire() { return name().toLowerCase(Locale.ROOT); }

        /** @throws ValidationException naming {@code field} */
        public static State parse(String field, String wire) {
            for (State s : values()) if (s.wire().equals(wire)) return s;
            throw new ValidationException(field, "'" + wire + "' is not one of: open, acknowledged, resolved");
        }
    }

    /** A new open incident (id and version are assigned when it is stored). */
    public static Incident opened(long jobId, long projectId, Severity severity, Instant at, Long flipId, String reason,
                                  boolean flapping, String targets) {
        return new Incident(0, jobId, projectId, severity, State.OPEN, at, flipId, reason, null, null, null, null,
                flapping, true, at, null, null, targets, 0, 0, null, 0);
    }

    /** Held for {@code suppressed} (null: not held), first notified at {@code notifiedAt} (null: not yet). */
    public Incident withHold(String suppressed, Instant notifiedAt) {
        return new Incident(id, jobId, projectId, severity, state, openedAt, openFlipId, reason, acknowledgedAt,
                acknowledgedBy, resolvedAt, resolvedBy, flapping, jobDown, lastFlipAt, notifiedAt, suppressed, targets,
                step, repeats, nextCheckAt, version);
    }

    public Incident withNextCheck(Instant at) {
        return new Incident(id, jobId, projectId, severity, state, openedAt, openFlipId, reason, acknowledgedAt,
                acknowledgedBy, resolvedAt, resolvedBy, flapping, jobDown, lastFlipAt, notifiedAt, suppressed, targets,
                step, repeats, at, version);
    }

    /** The job flipped at {@code at} while this was open; {@code down}: still in a state that needs attention. */
    public Incident withFlip(boolean down, Instant at) {
        return new Incident(id, jobId, projectId, severity, state, openedAt, openFlipId, reason, acknowledgedAt,
                acknowledgedBy, resolvedAt, resolvedBy, flapping, down, at, notifiedAt, suppressed, targets, step,
                repeats, nextCheckAt, version);
    }

    public Incident withEscalation(int step, int repeats) {
        return new Incident(id, jobId, projectId, severity, state, openedAt, openFlipId, reason, acknowledgedAt,
                acknowledgedBy, resolvedAt, resolvedBy, flapping, jobDown, lastFlipAt, notifiedAt, suppressed, targets,
                step, repeats, nextCheckAt, version);
    }

    /** No longer flapping; the job is still down. */
    public Incident calmed() {
        return new Incident(id, jobId, projectId, severity, state, openedAt, openFlipId, reason, acknowledgedAt,
                acknowledgedBy, resolvedAt, resolvedBy, false, true, lastFlipAt, notifiedAt, suppressed, targets, step,
                repeats, nextCheckAt, version);
    }

    /**
     * A warning that became critical at {@code at}: open again (whoever took the warning may not be
     * on call), routed afresh to {@code targets}, not yet notified, escalation from the start.
     */
    public Incident worsened(String reason, String suppressed, String targets, Instant at) {
        return new Incident(id, jobId, projectId, Severity.CRITICAL, State.OPEN, openedAt, openFlipId, reason, null,
                null, null, null, flapping, true, at, null, suppressed, targets, 0, 0, null, version);
    }

    public Incident acknowledged(Instant at, String by) {
        return new Incident(id, jobId, projectId, severity, State.ACKNOWLEDGED, openedAt, openFlipId, reason, at, by,
                null, null, flapping, jobDown, lastFlipAt, notifiedAt, suppressed, targets, step, repeats, nextCheckAt,
                version);
    }

    /**
     * Resolved at {@code at} by {@code by} (null: the job recovered). Nothing is due any more; a
     * hold reason is kept only if nothing was ever sent, so that the history says why.
     */
    public Incident resolved(Instant at, String by, boolean down, Instant lastFlip) {
        return new Incident(id, jobId, projectId, severity, State.RESOLVED, openedAt, openFlipId, reason,
                acknowledgedAt, acknowledgedBy, at, by, flapping, down, lastFlip, notifiedAt,
                notifiedAt == null ? suppressed : null, targets, step, repeats, null, version);
    }

    public boolean isResolved() {
        return state == State.RESOLVED;
    }

    /** Open or acknowledged. */
    public boolean isActive() {
        return state != State.RESOLVED;
    }
}

package dev.vigil.alert;

import dev.vigil.domain.ConflictException;
import dev.vigil.domain.Flip;
import dev.vigil.domain.Health;
import dev.vigil.domain.Incident;
import dev.vigil.domain.Incident.Severity;
import dev.vigil.domain.Incident.State;
import dev.vigil.domain.IncidentEvent;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Status;
import dev.vigil.domain.ValidationException;
import dev.vigil.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident engine (PRODUCT.md §6): turns a job's flips into incidents and incidents into
 * notifications. The {@link IncidentLoop} calls it for each flip, in the transaction that claims the
 * flip, so that a flip's incident changes and notifications are made exactly once; it decides as of
 * the flip's own time and from the flip itself, never from the job's current state, which may have
 * moved on since.
 *
 * <ul>
 *   <li>A job becoming unhealthy, missed or overdue opens a {@code critical} incident; late or a
 *       tolerated failure opens a {@code warning}, but only where a route asks for warnings. A
 *       warning that worsens becomes critical in place.</li>
 *   <li>The job recovering resolves it; so does a person, who can also acknowledge it.</li>
 *   <li>{@link Routing} decides where it goes, once, when it opens; {@link Holds} holds its
 *       notifications during silences, maintenance windows and upstream incidents.</li>
 *   <li>A job that opened more than {@code flapThreshold} incidents within {@code flapWindow} is
 *       flapping: its next incident is notified once and then stands for all further flips, until
 *       the job has stayed calm for a whole window.</li>
 * </ul>
 *
 * Every step is written to the incident's history. Changes are conditional on the incident's
 * version, so the {@link IncidentLoop}, the {@link EscalationLoop} and people acknowledging never
 * overwrite each other; the loser re-reads and decides again.
 */
public final class Incidents {
    public static final int DEFAULT_FLAP_THRESHOLD = 4;
    public static final Duration DEFAULT_FLAP_WINDOW = Duration.ofHours(1);
    /** A held incident looks again at least this often, so that a silence ended early is noticed. */
    static final Duration HOLD_RECHECK = Duration.ofMinutes(1);
    static final String NO_ROUTE = "no route matches it";
    private static final int MAX_TRIES = 5;
    private static final Logger log = LoggerFactory.getLogger(Incidents.class);

    private final Notifier notifier;
    private final int flapThreshold;
    private final Duration flapWindow;
    private final Object rulesLock = new Object();
    private final Map<Long, ProjectRules> rulesByProject = new HashMap<>();
    private final Map<Long, Instant> rulesAsOf = new HashMap<>();
    private Tx rulesTx;

    /**
     * @param baseUrl       the dashboard's external URL, for links in alerts
     * @param flapThreshold a job that opened more incidents than this within {@code flapWindow} is flapping
     */
    public Incidents(String baseUrl, int flapThreshold, Duration flapWindow) {
        if (flapThreshold < 1) throw new ValidationException("flapThreshold", "must be at least 1");
        if (flapWindow == null || flapWindow.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ValidationException("flapWindow", "must be at least 1 minute");
        }
        this.notifier = new Notifier(baseUrl);
        this.flapThreshold = flapThreshold;
        this.flapWindow = flapWindow;
    }

    public Incidents(String baseUrl) {
        this(baseUrl, DEFAULT_FLAP_THRESHOLD, DEFAULT_FLAP_WINDOW);
    }

    public Duration flapWindow() {
        return flapWindow;
    }

    // ---- flips (the incident loop's transaction) ----

    /**
     * Decides what one flip does to the job's incident, in the transaction that claimed the flip.
     * Flips of one job must come in the order they were recorded.
     *
     * @param now the moment of the decision: the flip's own time, so that the outcome does not
     *            depend on how long the flip waited
     * @return what it did, so that the delivery loop and dashboards are told only when needed
     */
    Outcome flipped(Tx tx, Job job, Flip flip, String lastOutput, Instant now, Seen seen) {
        for (int i = 0; i < MAX_TRIES; i++) {
            boolean known = i == 0 && seen != null; // a retry means the incident changed: read it again
            Optional<Incident> active = known ? seen.active() : tx.incidents().activeFor(job.id());
            Optional<Outcome> done = active.isPresent()
                    ? whileActive(tx, job, active.get(), flip, lastOutput, now)
                    : Optional.of(whileQuiet(tx, job, flip, lastOutput, now, known ? seen.openedAt() : null));
            if (done.isPresent()) return done.get();
        }
        log.error("Incident of job {} kept changing under flip {}; the flip is recorded without incident change",
                job.key(), flip.id());
        return Outcome.NOTHING;
    }

    /**
     * What the incident loop read for many jobs at once, before deciding the first flip of each in
     * its transaction: the job's active incident, and when its incidents opened within a flap window
     * of the earliest flip read.
     */
    record Seen(Optional<Incident> active, List<Instant> openedAt) {}

    /** What a flip did: nothing, changed an incident, or also enqueued notifications. */
    enum Outcome {
        NOTHING, CHANGED, NOTIFIED;

        static Outcome of(boolean notified) {
            return notified ? NOTIFIED : CHANGED;
        }
    }

    /** Critical for unhealthy, missed, overdue; warning for late or a failure the health policy tolerates. */
    static Severity severityOf(Flip flip) {
        if (flip.alerting()) return Severity.CRITICAL;
        if (flip.toStatus() == Status.LATE) return Severity.WARNING;
        if (flip.toStatus() == Status.FAILED && flip.toHealth() == Health.HEALTHY) return Severity.WARNING;
        return null;
    }

    private Outcome whileQuiet(Tx tx, Job job, Flip flip, String lastOutput, Instant now, List<Instant> openedAt) {
        Severity severity = severityOf(flip);
        // Resolved by hand while the job is still down: no new incident until it has recovered.
        if (severity == Severity.CRITICAL && !flip.alertingChanged()) return Outcome.NOTHING;
        if (severity == null) return Outcome.NOTHING;
        Optional<Targets> targets = Routing.targets(rules(tx, job.projectId(), now), job, severity);
        if (severity == Severity.WARNING && targets.isEmpty()) return Outcome.NOTHING; // only where a route asks
        Instant since = now.minus(flapWindow);
        int recent = openedAt == null ? tx.incidents().openedSince(job.id(), since)
                : (int) openedAt.stream().filter(at -> !at.isBefore(since)).count();
        boolean flapping = recent >= flapThreshold;
        String reason = flapping ? "flapping: " + (recent + 1) + " incidents within " + AlertText.human(flapWindow)
                + "; now " + flip.reason() : flip.reason();
        Incident opened = Incident.opened(job.id(), job.projectId(), severity, now, flip.id(), reason, flapping,
                targets.map(Targets::toJson).orElse(null));
        String route = targets.map(t -> "; route " + t.route() + (t.policy() == null ? "" : ", policy " + t.policy())).orElse("");
        if (targets.isEmpty()) {
            Incident incident = tx.incidents().insert(opened.withHold(NO_ROUTE, null));
            event(tx, incident, now, "opened", null, severity.wire() + ": " + reason + route);
            if (flapping) event(tx, incident, now, "flapping", null, reason);
            event(tx, incident, now, "suppressed", null, NO_ROUTE);
            return Outcome.CHANGED;
        }
        // Opened already notified (or held): one insert, not an insert and an update.
        First first = planFirst(tx, job, opened, now);
        Incident incident = tx.incidents().insert(first.next());
        event(tx, incident, now, "opened", null, severity.wire() + ": " + reason + route);
        if (flapping) event(tx, incident, now, "flapping", null, reason);
        return Outcome.of(sendFirst(tx, job, opened, incident, first, trigger(flip, lastOutput, severity), now));
    }

    /** @return empty if the incident changed under us (try again), else what it did */
    private Optional<Outcome> whileActive(Tx tx, Job job, Incident incident, Flip flip, String lastOutput, Instant now) {
        Severity severity = severityOf(flip);
        boolean recovered = severity == null || (incident.severity() == Severity.CRITICAL && !flip.alerting());
        if (recovered) {
            if (incident.flapping()) {
                Incident next = flipped(incident, false, now);
                if (save(tx, next).isEmpty()) return Optional.empty();
                event(tx, incident, now, "flipped", null, describe(flip) + "; held open while the job flaps");
                return Optional.of(Outcome.CHANGED);
            }
            return resolve(tx, job, incident, null, flip.reason(), flip, now).map(sent -> Outcome.of(sent.pending() > 0));
        }
        if (severity == Severity.CRITICAL && incident.severity() == Severity.WARNING) {
            return Optional.ofNullable(worsen(tx, job, incident, flip, lastOutput, now)).map(Outcome::of);
        }
        if (save(tx, flipped(incident, true, now)).isEmpty()) return Optional.empty();
        event(tx, incident, now, "flipped", null, describe(flip));
        return Optional.of(Outcome.CHANGED);
    }

    /** A warning becomes critical: routed afresh for critical, and notified as a new trigger. */
    private Boolean worsen(Tx tx, Job job, Incident incident, Flip flip, String lastOutput, Instant now) {
        Optional<Targets> targets = Routing.targets(rules(tx, job.projectId(), now), job, Severity.CRITICAL);
        Incident critical = incident.worsened(flip.reason(), targets.isEmpty() ? NO_ROUTE : null,
                targets.map(Targets::toJson).orElse(null), now);
        Optional<Incident> saved = save(tx, critical);
        if (saved.isEmpty()) return null;
        event(tx, incident, now, "severity", null, "warning → critical: " + flip.reason());
        if (targets.isEmpty()) {
            event(tx, incident, now, "suppressed", null, NO_ROUTE);
            return false;
        }
        Notifier.Transition t = trigger(flip, lastOutput, Severity.CRITICAL);
        Notifier.Transition worse = new Notifier.Transition(t.action(), t.key(), 0, 0, t.status(), t.health(), t.reason(),
                t.since(), t.flipId(), t.lastOutput(), null, null, Severity.WARNING.wire());
        return firstNotification(tx, job, saved.get(), worse, now).orElse(false);
    }

    private static Notifier.Transition trigger(Flip flip, String lastOutput, Severity severity) {
        return new Notifier.Transition(AlertMessage.TRIGGER, "trigger-" + severity.wire(), 0, 0, wire(flip.toStatus()),
                wire(flip.toHealth()), flip.reason(), flip.at(), flip.id(), lastOutput, null, null);
    }

    /**
     * Sends (or holds) the first step. @return whether notifications were added; empty if the
     * incident changed under us
     */
    private Optional<Boolean> firstNotification(Tx tx, Job job, Incident incident, Notifier.Transition t, Instant now) {
        First first = planFirst(tx, job, incident, now);
        Optional<Incident> saved = save(tx, first.next());
        if (saved.isEmpty()) return Optional.empty();
        return Optional.of(sendFirst(tx, job, incident, incident, first, t, now));
    }

    /**
     * What the first step does to an incident, decided before it is stored: its channels, any hold,
     * and the incident as it is to be stored ({@code next}).
     */
    private record First(Incident next, List<Long> channels, List<String> ownerNotes, Optional<Holds.Hold> hold) {}

    private First planFirst(Tx tx, Job job, Incident incident, Instant now) {
        Targets targets = Targets.fromJson(incident.targets());
        List<String> notes = new java.util.ArrayList<>();
        List<Long> channels = Routing.stepChannels(rules(tx, job.projectId(), now), job, targets.steps().getFirst(), notes::add);
        Optional<Holds.Hold> hold = Holds.check(tx, rules(tx, job.projectId(), now), job, now);
        Incident next;
        if (hold.isPresent()) {
            next = incident.withHold(hold.get().reason(), null);
            next = next.withNextCheck(nextCheck(next, targets, hold.get().until(), now));
        } else {
            next = incident.withHold(null, now);
            next = next.withNextCheck(nextCheck(next, targets, null, now));
        }
        return new First(next, channels, notes, hold);
    }

    /**
     * Enqueues the first step planned for {@code before}, now stored as {@code stored}, and writes
     * its history. @return whether notifications were added
     */
    private boolean sendFirst(Tx tx, Job job, Incident before, Incident stored, First first, Notifier.Transition t,
                              Instant now) {
        for (String why : first.ownerNotes()) event(tx, stored, now, "owner", null, why);
        ProjectRules rules = rules(tx, job.projectId(), now);
        if (first.hold().isPresent()) {
            String reason = first.hold().get().reason();
            notifier.send(tx, rules, job, stored, t, first.channels(), reason, now);
            if (!reason.equals(before.suppressed())) event(tx, stored, now, "suppressed", null, t.action() + " held: " + reason);
            return false;
        }
        Notifier.Sent sent = notifier.send(tx, rules, job, stored, t, first.channels(), null, now);
        event(tx, stored, now, before.suppressed() != null ? "released" : "notified", null,
                t.action() + " to " + sent.describe()
                        + (before.suppressed() != null && !NO_ROUTE.equals(before.suppressed())
                        ? " (was held: " + before.suppressed() + ")" : ""));
        return sent.pending() > 0;
    }

    // ---- people ----

    /**
     * Someone takes the incident: escalation stops, and channels already told hear of it.
     *
     * @throws NotFoundException if there is no such incident
     * @throws ConflictException if it is resolved or already acknowledged
     */
    public Incident acknowledge(Tx tx, long id, String actor, String comment, Instant now) {
        for (int i = 0; i < MAX_TRIES; i++) {
            Incident incident = tx.incidents().byId(id).orElseThrow(() -> new NotFoundException("no incident " + id));
            if (incident.isResolved()) throw new ConflictException("incident " + id + " is resolved");
            if (incident.state() == State.ACKNOWLEDGED) {
                throw new ConflictException("incident " + id + " was already acknowledged by "
                        + incident.acknowledgedBy() + " at " + incident.acknowledgedAt());
            }
            Incident acked = incident.acknowledged(now, actor);
            acked = acked.withNextCheck(nextCheck(acked, targetsOf(acked), null, now));
            Optional<Incident> saved = save(tx, acked);
            if (saved.isEmpty()) continue;
            Job job = job(tx, incident);
            String told = tellNotified(tx, job, saved.get(), new Notifier.Transition(AlertMessage.ACKNOWLEDGE, "ack",
                    incident.step(), 0, null, null, incident.reason(), now, 0, null, actor, comment), now);
            event(tx, incident, now, "acknowledged", actor, (comment == null ? "" : comment + "; ") + told);
            return saved.get();
        }
        throw new ConflictException("incident " + id + " keeps changing; try again");
    }

    /**
     * Someone resolves the incident by hand; channels already told hear of it. If the job is still
     * down, no new incident opens until it has recovered and failed again.
     *
     * @throws NotFoundException if there is no such incident
     * @throws ConflictException if it is already resolved
     */
    public Incident resolve(Tx tx, long id, String actor, String comment, Instant now) {
        for (int i = 0; i < MAX_TRIES; i++) {
            Incident incident = tx.incidents().byId(id).orElseThrow(() -> new NotFoundException("no incident " + id));
            if (incident.isResolved()) {
                throw new ConflictException("incident " + id + " was already resolved"
                        + (incident.resolvedBy() == null ? " (the job recovered)" : " by " + incident.resolvedBy())
                        + " at " + incident.resolvedAt());
            }
            if (resolve(tx, job(tx, incident), incident, actor, comment, null, now).isPresent()) {
                return tx.incidents().byId(id).orElseThrow();
            }
        }
        throw new ConflictException("incident " + id + " keeps changing; try again");
    }

    /** Resolves by recovery ({@code actor} null, {@code flip} set) or by hand. Empty if it changed under us. */
    private Optional<Notifier.Sent> resolve(Tx tx, Job job, Incident incident, String actor, String comment, Flip flip,
                                            Instant now) {
        Incident resolved = incident.resolved(now, actor, actor != null && incident.jobDown(),
                flip != null ? now : incident.lastFlipAt());
        Optional<Incident> saved = save(tx, resolved);
        if (saved.isEmpty()) return Optional.empty();
        Notifier.Transition t = flip != null
                ? new Notifier.Transition(AlertMessage.RESOLVE, "resolve", incident.step(), 0, wire(flip.toStatus()),
                        wire(flip.toHealth()), flip.reason(), flip.at(), flip.id(), null, null, null)
                : new Notifier.Transition(AlertMessage.RESOLVE, "resolve", incident.step(), 0, null, null,
                        comment == null ? "resolved by " + actor : comment, now, 0, null, actor, comment);
        List<Long> told = tx.incidents().notifiedChannels(incident.id());
        Notifier.Sent sent = notifier.send(tx, rules(tx, job.projectId(), now), job, saved.get(), t, told, null, now);
        String outcome = told.isEmpty() ? "nothing had been sent, so nothing to resolve" : "resolve to " + sent.describe();
        String detail = comment == null ? outcome : comment + "; " + outcome;
        event(tx, incident, now, actor == null ? "recovered" : "resolved", actor, detail);
        return Optional.of(sent);
    }

    private String tellNotified(Tx tx, Job job, Incident incident, Notifier.Transition t, Instant now) {
        List<Long> told = tx.incidents().notifiedChannels(incident.id());
        if (told.isEmpty()) return "nothing had been sent";
        return t.action() + " to " + notifier.send(tx, rules(tx, job.projectId(), now), job, incident, t, told, null, now).describe();
    }

    // ---- the escalation loop ----

    /**
     * Looks at an incident whose check is due: releases a hold that ended, escalates or repeats an
     * unacknowledged one, ends flapping after a calm window. @return whether notifications were added
     */
    boolean check(Tx tx, long id, Instant now) {
        for (int i = 0; i < MAX_TRIES; i++) {
            Optional<Incident> current = tx.incidents().byId(id);
            if (current.isEmpty() || current.get().isResolved()) return false;
            Optional<Boolean> done = checkOnce(tx, current.get(), now);
            if (done.isPresent()) return done.get();
        }
        log.warn("Incident {} kept changing while checked; it is checked again on the next pass", id);
        return false;
    }

    private Optional<Boolean> checkOnce(Tx tx, Incident incident, Instant now) {
        if (incident.nextCheckAt() == null || incident.nextCheckAt().isAfter(now)) return Optional.of(false);
        Job job = job(tx, incident);
        Targets targets = targetsOf(incident);
        if (incident.flapping() && !incident.lastFlipAt().plus(flapWindow).isAfter(now)) {
            return calm(tx, job, incident, targets, now);
        }
        if (targets == null) {
            return save(tx, incident.withNextCheck(null)).map(x -> false);
        }
        if (incident.notifiedAt() == null && incident.state() == State.OPEN) {
            JobState state = tx.states().get(job.id()).orElse(null);
            Notifier.Transition t = new Notifier.Transition(AlertMessage.TRIGGER, "trigger-" + incident.severity().wire(),
                    0, 0, state == null ? null : state.status().wire(), state == null ? null : state.health().wire(),
                    incident.reason(), incident.openedAt(), incident.openFlipId() == null ? 0 : incident.openFlipId(),
                    null, null, null);
            return firstNotification(tx, job, incident, t, now);
        }
        Instant due = incident.state() == State.OPEN ? targets.nextEscalation(incident.notifiedAt(), incident.step(),
                incident.repeats()) : null;
        if (due == null || due.isAfter(now)) {
            return save(tx, incident.withNextCheck(nextCheck(incident, targets, null, now))).map(x -> false);
        }
        return escalate(tx, job, incident, targets, now);
    }

    private Optional<Boolean> escalate(Tx tx, Job job, Incident incident, Targets targets, Instant now) {
        int step = incident.step();
        int repeats = incident.repeats();
        if (step + 1 < targets.steps().size()) {
            step++;
            repeats = 0;
        } else {
            // After downtime several reminders may be due: send one, for the latest.
            long base = incident.notifiedAt().toEpochMilli() + targets.steps().getLast().after();
            long dueCount = (now.toEpochMilli() - base) / targets.repeatEvery();
            repeats = (int) Math.max(repeats + 1, targets.repeatTimes() == null ? dueCount
                    : Math.min(dueCount, targets.repeatTimes()));
        }
        Incident next = incident.withEscalation(step, repeats);
        next = next.withNextCheck(nextCheck(next, targets, null, now));
        if (save(tx, next).isEmpty()) return Optional.empty();
        List<Long> channels = Routing.stepChannels(rules(tx, job.projectId(), now), job, targets.steps().get(step),
                why -> event(tx, incident, now, "owner", null, why));
        JobState state = tx.states().get(job.id()).orElse(null);
        String key = "s" + step + (repeats == 0 ? "" : "r" + repeats);
        Notifier.Transition t = new Notifier.Transition(AlertMessage.TRIGGER, key, step, repeats,
                state == null ? null : state.status().wire(), state == null ? null : state.health().wire(),
                incident.reason(), now, 0, null, null, null);
        Optional<Holds.Hold> hold = Holds.check(tx, rules(tx, job.projectId(), now), job, now);
        String action = repeats == 0 ? "escalated" : "repeated";
        if (hold.isPresent()) {
            notifier.send(tx, rules(tx, job.projectId(), now), job, next, t, channels, hold.get().reason(), now);
            event(tx, incident, now, "suppressed", null, action + " (step " + (step + 1) + ") held: " + hold.get().reason());
            return Optional.of(false);
        }
        Notifier.Sent sent = notifier.send(tx, rules(tx, job.projectId(), now), job, next, t, channels, null, now);
        event(tx, incident, now, action, null, "step " + (step + 1) + (repeats == 0 ? "" : ", reminder " + repeats)
                + ": trigger to " + sent.describe());
        return Optional.of(sent.pending() > 0);
    }

    /** No flip for a whole flap window: resolve if the job is up, else carry on as a normal incident. */
    private Optional<Boolean> calm(Tx tx, Job job, Incident incident, Targets targets, Instant now) {
        String why = "no flip for " + AlertText.human(flapWindow);
        if (!incident.jobDown()) {
            return resolve(tx, job, incident, null, why + " and the job is up", null, now)
                    .map(sent -> sent.pending() > 0);
        }
        Incident steady = incident.calmed();
        steady = steady.withNextCheck(nextCheck(steady, targets, null, now));
        if (save(tx, steady).isEmpty()) return Optional.empty();
        event(tx, incident, now, "calm", null, why + "; the job is still down, so the incident stays open");
        return Optional.of(false);
    }

    // ---- helpers ----

    /**
     * The project's alert setup as {@code tx} sees it, read once per transaction: the incident loop
     * decides a batch of flips in one transaction, and they all share it. Read again for a moment
     * earlier than the one it was read for, whose silences it may lack.
     */
    private ProjectRules rules(Tx tx, long projectId, Instant now) {
        synchronized (rulesLock) {
            if (rulesTx != tx) {
                rulesTx = tx;
                rulesByProject.clear();
                rulesAsOf.clear();
            }
            ProjectRules rules = rulesByProject.get(projectId);
            if (rules == null || now.isBefore(rulesAsOf.get(projectId))) {
                rules = ProjectRules.load(tx, projectId, now);
                rulesByProject.put(projectId, rules);
                rulesAsOf.put(projectId, now);
            }
            return rules;
        }
    }

    /**
     * When the loop should look next: the hold's end (at most {@link #HOLD_RECHECK} away) while
     * held, the next escalation while open and notified, the end of the calm window while flapping.
     */
    private Instant nextCheck(Incident i, Targets targets, Instant holdUntil, Instant now) {
        if (i.isResolved() || targets == null) return null;
        Instant next = null;
        if (i.notifiedAt() == null) {
            // Acknowledged while held: someone has it, so the end of the hold sends nothing.
            if (i.state() != State.OPEN) return i.flapping() && i.lastFlipAt() != null ? i.lastFlipAt().plus(flapWindow) : null;
            Instant cap = now.plus(HOLD_RECHECK);
            next = holdUntil == null || holdUntil.isAfter(cap) ? cap : holdUntil;
        } else if (i.state() == State.OPEN) {
            next = targets.nextEscalation(i.notifiedAt(), i.step(), i.repeats());
        }
        if (i.flapping() && i.lastFlipAt() != null) next = earliest(next, i.lastFlipAt().plus(flapWindow));
        return next;
    }

    private static Instant earliest(Instant a, Instant b) {
        return Stream.of(a, b).filter(x -> x != null).min(Instant::compareTo).orElse(null);
    }

    private Incident flipped(Incident i, boolean down, Instant now) {
        Incident next = i.withFlip(down, now);
        return i.flapping() ? next.withNextCheck(nextCheck(next, targetsOf(next), i.nextCheckAt(), now)) : next;
    }

    private static Targets targetsOf(Incident i) {
        return i.targets() == null ? null : Targets.fromJson(i.targets());
    }

    private static Optional<Incident> save(Tx tx, Incident next) {
        return tx.incidents().update(next);
    }

    private static Job job(Tx tx, Incident incident) {
        return tx.jobs().byId(incident.jobId())
                .orElseThrow(() -> new NotFoundException("incident " + incident.id() + "'s job no longer exists"));
    }

    private static void event(Tx tx, Incident incident, Instant at, String action, String actor, String detail) {
        tx.incidents().addEvent(new IncidentEvent(0, incident.id(), at, action, actor, detail));
    }

    private static String describe(Flip flip) {
        return wire(flip.fromStatus()) + " → " + wire(flip.toStatus())
                + (flip.toHealth() == flip.fromHealth() ? "" : ", " + wire(flip.toHealth()))
                + (flip.reason() == null ? "" : ": " + flip.reason());
    }

    private static String wire(Status s) {
        return s == null ? null : s.wire();
    }

    private static String wire(Health h) {
        return h == null ? null : h.wire();
    }
}

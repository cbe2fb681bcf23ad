package dev.vigil.alert;

import dev.vigil.domain.Channel;
import dev.vigil.domain.Incident;
import dev.vigil.domain.Job;
import dev.vigil.domain.Notification;
import dev.vigil.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts one transition of an incident (trigger, escalation step, reminder, acknowledge, resolve) into
 * the durable outbox, one notification per channel, in the caller's transaction. A held transition
 * is recorded as suppressed notifications with the reason, so that what was not sent stays visible.
 */
final class Notifier {
    private final String baseUrl;

    Notifier(String baseUrl) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /**
     * What one transition says.
     *
     * @param key    names the transition within the incident, e.g. {@code trigger-critical},
     *               {@code s1}, {@code s1r2}, {@code ack}, {@code resolve}: with the incident and
     *               channel it makes the idempotency key, so enqueuing a transition twice adds nothing
     * @param flipId the flip behind it, 0 for transitions made by people or the escalation loop
     */
    record Transition(String action, String key, int step, int repeat, String status, String health, String reason,
                      Instant since, long flipId, String lastOutput, String actor, String comment,
                      String previousSeverity) {

        Transition(String action, String key, int step, int repeat, String status, String health, String reason,
                   Instant since, long flipId, String lastOutput, String actor, String comment) {
            this(action, key, step, repeat, status, health, reason, since, flipId, lastOutput, actor, comment, null);
        }
    }

    /** What was enqueued: names of the channels, for the incident's history. */
    record Sent(int pending, List<String> channels) {
        String describe() {
            return channels.isEmpty() ? "no channel" : String.join(", ", channels);
        }
    }

    /**
     * Enqueues the transition to each channel that still exists; {@code heldBecause} non-null
     * records them as suppressed instead.
     */
    Sent send(Tx tx, ProjectRules rules, Job job, Incident incident, Transition t, List<Long> channelIds,
              String heldBecause, Instant now) {
        AlertMessage message = message(job, incident, t);
        String payload = message.toJson();
        int pending = 0;
        List<String> names = new ArrayList<>();
        for (long channelId : channelIds) {
            Optional<Channel> channel = rules.channel(channelId);
            if (channel.isEmpty()) continue;
            names.add(channel.get().name());
            String key = idempotencyKey(job, incident, t.key(), channelId) + (heldBecause == null ? "" : "-held");
            Notification n = new Notification(0, channelId, job.id(), t.flipId(), key, payload,
                    heldBecause == null ? Notification.State.PENDING : Notification.State.SUPPRESSED, 0, now, now, null,
                    heldBecause, incident.id());
            tx.outbox().enqueueLater(n); // an idempotency key enqueued before adds nothing
            if (heldBecause == null) pending++;
        }
        return new Sent(pending, names);
    }

    AlertMessage message(Job job, Incident incident, Transition t) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new AlertMessage(t.action(), incident.severity().wire(), incident.id(),
                AlertMessage.incidentKey(job.uniqueKey(), incident.id()), incident.openedAt(), job.uniqueKey(), job.project(),
                job.slug(), job.name(), job.owner(), job.tags(), null, t.status(), t.health(), t.reason(), t.since(),
                t.flipId(), AlertMessage.jobUrl(base, job.project(), job.slug()),
                base + "/ui/p/" + job.project() + "/incidents/" + incident.id(), t.lastOutput(), t.repeat(), t.step(),
                t.actor(), t.comment(), incident.flapping(), t.previousSeverity());
    }

    /**
     * {@code vigil-<jobUniqueKey>-<incidentId>-<transition>-<channelId>}: the same for every retry of one
     * notification (it is stored with it), different for every transition and channel; free of the
     * job's uuid, since viewers and receivers read it.
     */
    static String idempotencyKey(Job job, Incident incident, String transition, long channelId) {
        return AlertMessage.incidentKey(job.uniqueKey(), incident.id()) + "-" + transition + "-" + channelId;
    }
}

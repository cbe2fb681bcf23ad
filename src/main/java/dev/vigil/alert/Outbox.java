package dev.vigil.alert;

import dev.vigil.domain.Channel;
import dev.vigil.domain.Flip;
import dev.vigil.domain.Job;
import dev.vigil.domain.Notification;
import dev.vigil.store.Tx;
import java.time.Instant;
import java.util.Objects;

/**
 * Turns a flip into notifications in the durable outbox. Called by ingest inside the transaction
 * that records the flip, so an alert exists if and only if its flip does; delivery happens later,
 * in {@link DeliveryLoop}, and never holds up ingest.
 */
public final class Outbox {
    private final String baseUrl;

    /** @param baseUrl the dashboard's external URL, used for links in alerts */
    public Outbox(String baseUrl) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /**
     * Enqueues one notification per channel of the job's project for a flip that opens or resolves
     * an incident; any other flip enqueues nothing. Enqueuing the same flip again adds nothing
     * (the idempotency key is unique).
     *
     * @return how many notifications were added
     */
    public int enqueueFor(Tx tx, Job job, Flip flip, String lastOutput, Instant now) {
        if (!flip.alertingChanged()) return 0;
        String payload = AlertMessage.of(job, flip, baseUrl, lastOutput).toJson();
        int added = 0;
        for (Channel channel : tx.channels().byProject(job.projectId())) {
            Notification n = new Notification(0, channel.id(), job.id(), flip.id(),
                    idempotencyKey(job, flip, channel), payload, Notification.State.PENDING, 0,
                    now, now, null, null);
            if (tx.outbox().enqueue(n)) added++;
        }
        return added;
    }

    /**
     * One key per (incident transition, channel): retries of one notification reuse it, so a
     * receiver that deduplicates sees the transition once; the next incident gets a new flip id.
     */
    public static String idempotencyKey(Job job, Flip flip, Channel channel) {
        return "vigil-" + job.uuid() + "-" + flip.id() + "-" + channel.id();
    }
}

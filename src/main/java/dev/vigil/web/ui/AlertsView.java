package dev.vigil.web.ui;

import dev.vigil.alert.DeliveryException;
import dev.vigil.domain.DeliveryAttempt;
import dev.vigil.domain.Flip;
import dev.vigil.domain.Notification;
import dev.vigil.domain.Project;
import dev.vigil.security.Sight;
import java.util.List;

/** A project's recent alert deliveries, newest first, each with the flip it came from and every attempt. */
public record AlertsView(Project project, List<Row> rows) {

    public record Page(Chrome chrome, AlertsView view) {}

    public String liveUrl() {
        return Dashboard.ROOT + "/p/" + project.slug() + "/alerts?fragment=1";
    }

    /**
     * One notification to one channel.
     *
     * @param flip    the status change it tells of; null if it was deleted with its job's history
     * @param channel the channel's name, or null if the channel was deleted since
     */
    public record Row(Notification n, String jobSlug, String jobName, Flip flip, String channel, String channelKind,
                      List<DeliveryAttempt> history) {

        /**
         * The row as a reader with {@code sight} may see it: errors without the receiver's answer
         * unless it may see those (editors and admins; {@link Sight}).
         */
        Row seenBy(Sight sight) {
            if (sight.receiverAnswers()) return this;
            Notification shown = new Notification(n.id(), n.channelId(), n.jobId(), n.flipId(), n.idempotencyKey(),
                    n.payload(), n.state(), n.attempts(), n.nextAttemptAt(), n.createdAt(), n.deliveredAt(),
                    DeliveryException.withoutAnswer(n.lastError()), n.incidentId());
            List<DeliveryAttempt> attempts = history.stream().map(a -> new DeliveryAttempt(a.id(), a.notificationId(),
                    a.at(), a.ok(), a.statusCode(), DeliveryException.withoutAnswer(a.error()), a.durationMs())).toList();
            return new Row(shown, jobSlug, jobName, flip, channel, channelKind, attempts);
        }

        public String colour() {
            return switch (n.state()) {
                case DELIVERED -> "green";
                case PENDING -> "yellow";
                case FAILED -> "red";
                case SUPPRESSED -> "grey";
            };
        }

        public String icon() {
            return Icons.svg(switch (n.state()) {
                case DELIVERED -> "check";
                case PENDING -> "clock";
                case FAILED -> "cross";
                case SUPPRESSED -> "pause";
            });
        }

        public String label() {
            return switch (n.state()) {
                case DELIVERED -> "Delivered";
                case PENDING -> n.attempts() == 0 ? "Pending" : "Retrying";
                case FAILED -> "Failed";
                case SUPPRESSED -> "Suppressed";
            };
        }

        /** Whether the flip changed the status (else only the health changed). */
        public boolean statusChanged() {
            return flip != null && flip.fromStatus() != null && flip.fromStatus() != flip.toStatus();
        }
    }
}

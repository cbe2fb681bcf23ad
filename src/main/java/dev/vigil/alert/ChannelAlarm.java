package dev.vigil.alert;

import dev.vigil.domain.Channel;
import dev.vigil.domain.Notification;
import dev.vigil.store.Tx;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel that stops working must not fail silently: when a notification to it fails for good (a
 * permanent error, or retries exhausted) the channel is marked failing and the project's fallback
 * channels are told, once per failing spell; the next delivery that gets through clears the mark
 * and tells them it works again. Runs inside the delivery loop's transaction that records the
 * outcome.
 */
final class ChannelAlarm {
    private static final Logger log = LoggerFactory.getLogger(ChannelAlarm.class);

    private ChannelAlarm() {}

    /** After a failed notification. @return how many fallback notifications were added */
    static int failed(Tx tx, Channel channel, Notification n, AlertMessage undelivered, String error, Instant now) {
        if (!tx.channels().markFailing(channel.id(), now, error)) return 0;
        List<Channel> fallbacks = fallbacks(tx, channel);
        String reason = "deliveries to alert channel '" + channel.name() + "' (" + channel.kind() + ") fail: " + error
                + (undelivered == null ? "" : ". Not delivered: " + AlertText.title(undelivered));
        if (fallbacks.isEmpty()) {
            log.error("Alert channel '{}' of project {} is failing and the project has no fallback channel: {}",
                    channel.name(), channel.projectId(), reason);
            return 0;
        }
        return enqueue(tx, channel, now, n, undelivered, fallbacks, AlertMessage.TRIGGER, "failing", reason, now);
    }

    /** After a delivered notification. @return how many fallback notifications were added */
    static int delivered(Tx tx, Channel channel, Notification n, AlertMessage message, Instant now) {
        if (!channel.failing() || !tx.channels().clearFailing(channel.id())) return 0;
        List<Channel> fallbacks = fallbacks(tx, channel);
        if (fallbacks.isEmpty()) return 0;
        return enqueue(tx, channel, channel.failingSince(), n, message, fallbacks, AlertMessage.RESOLVE, "working",
                "alert channel '" + channel.name() + "' delivers again", now);
    }

    private static List<Channel> fallbacks(Tx tx, Channel channel) {
        return tx.channels().fallbacks(channel.projectId()).stream().filter(c -> c.id() != channel.id()).toList();
    }

    private static int enqueue(Tx tx, Channel channel, Instant since, Notification n, AlertMessage about,
                               List<Channel> fallbacks, String action, String status, String reason, Instant now) {
        String key = "vigil-channel-" + channel.id() + "-" + since.toEpochMilli();
        AlertMessage alarm = new AlertMessage(action, AlertMessage.CRITICAL, 0, key, since, null,
                about == null ? null : about.project(), null, "Alert channel '" + channel.name() + "'", null, List.of(),
                null, status, null, reason, now, 0, about == null ? null : about.jobUrl(),
                about == null ? null : about.incidentUrl(), null, 0, 0, null, null, false);
        String payload = alarm.toJson();
        int added = 0;
        for (Channel fallback : fallbacks) {
            Notification alarmFor = new Notification(0, fallback.id(), n.jobId(), 0, key + "-" + action + "-" + fallback.id(),
                    payload, Notification.State.PENDING, 0, now, now, null, null, null);
            if (tx.outbox().enqueue(alarmFor)) added++;
        }
        return added;
    }
}

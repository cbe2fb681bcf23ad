package dev.vigil.alert;

import dev.vigil.domain.Channel;
import java.time.Instant;
import java.util.List;

/**
 * The message of a test a person sends through a channel: a warning that says it is a test, about
 * no job and no incident, with a key of its own so that a receiver that deduplicates shows each test.
 */
public final class TestMessage {
    public static final String STATUS = "test";

    private TestMessage() {}

    /**
     * @param project the channel's project slug
     * @param by      who sent it (a key's name), named in the message
     * @param pageUrl where the receiver's links point: the channel's page in the dashboard
     */
    public static AlertMessage of(Channel channel, String project, String by, String pageUrl, Instant now) {
        String key = idempotencyKey(channel, now);
        String reason = "a test of alert channel '" + channel.name() + "' sent by " + (by == null ? "an admin" : by)
                + "; nothing is wrong";
        return new AlertMessage(AlertMessage.TRIGGER, AlertMessage.WARNING, 0, key, now, null, project, null,
                "Test notification from Vigil", null, List.of(), null, STATUS, null, reason, now, 0, pageUrl, pageUrl,
                null, 0, 0, by, null, false);
    }

    public static String idempotencyKey(Channel channel, Instant now) {
        return "vigil-test-" + channel.id() + "-" + now.toEpochMilli();
    }
}

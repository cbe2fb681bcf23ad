package dev.vigil.alert;

import dev.vigil.domain.Channel;

/**
 * A kind of place alerts go (webhook, log, Slack …): the extension point for new integrations.
 * One implementation serves every {@link Channel} of its {@link #kind()}; per-channel settings
 * arrive in {@link Channel#config()} as JSON. Implementations live in
 * {@code dev.vigil.alert.channel.<kind>} with their config record, and are registered in
 * {@link ChannelRegistry}.
 *
 * <p>Delivery is at least once: {@link DeliveryLoop} retries failed sends and may repeat a send
 * that succeeded just before a crash. Implementations pass {@code idempotencyKey} on to receivers
 * that can deduplicate (an {@code Idempotency-Key} header, PagerDuty's {@code dedup_key} …).
 *
 * <p>Implementations must be thread-safe and must not retry themselves: retrying, back-off and
 * recording attempts are the loop's job, done once for all channels.
 */
public interface AlertChannel {

    /** The channel type this sends for, as in {@link Channel#kind()}, e.g. {@code webhook}. */
    String kind();

    /**
     * Delivers one alert to one channel, returning normally only when the receiver accepted it.
     *
     * @param channel        the channel, with its JSON config
     * @param message        what to say
     * @param idempotencyKey the same for every attempt of this notification; unique per incident
     *                       transition and channel
     * @throws DeliveryException when the receiver did not accept it, saying whether to retry
     */
    void send(Channel channel, AlertMessage message, String idempotencyKey) throws DeliveryException;

    /**
     * Checks a channel's JSON config (already known to be a JSON object) when the channel is
     * created, so that mistakes are rejected at the API edge instead of failing every alert later.
     * The default accepts anything.
     *
     * @throws dev.vigil.domain.ValidationException naming the field, e.g. {@code config.url}
     */
    default void validateConfig(String configJson) {}

    /**
     * The config fields that hold secrets, as dot paths ({@code basicAuth.password}); a field covers
     * what is below it ({@code headers}). Jobs as code never print their values and export them by
     * reference only (docs/jobs-as-code.md). The default: none.
     */
    default java.util.Set<String> secretFields() {
        return java.util.Set.of();
    }

    /**
     * Sends as {@link #send} does and says what the receiver answered: for a test a person sends
     * (docs/alerting.md#test-a-channel), who wants to see the answer, not only that it was accepted.
     * The default knows no more than that the receiver accepted it.
     *
     * @throws DeliveryException when the receiver did not accept it, as {@link #send}
     */
    default Answer sendAnswered(Channel channel, AlertMessage message, String idempotencyKey) {
        send(channel, message, idempotencyKey);
        return new Answer(null, null);
    }

    /**
     * What a receiver answered a message it accepted.
     *
     * @param status its status code (HTTP), or null when the channel has none to show
     * @param body   the start of its answer, at most {@code HttpChannelSupport.MAX_ERROR_BODY_CHARS}
     *               characters, with the channel's secrets masked; null when there is none
     */
    record Answer(Integer status, String body) {}
}

package dev.vigil.alert;

import dev.vigil.domain.Channel;
import dev.vigil.domain.ValidationException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The alert channels this server knows, by kind. The web layer asks it to {@link #validate} a
 * channel's config before storing it; the delivery loop asks it to {@link #send}.
 */
public final class ChannelRegistry {
    private final Map<String, AlertChannel> byKind = new TreeMap<>();

    /** @throws IllegalArgumentException if two channels claim the same kind (indicates a bug in wiring) */
    public ChannelRegistry(Collection<? extends AlertChannel> channels) {
        for (AlertChannel channel : channels) {
            AlertChannel previous = byKind.putIfAbsent(channel.kind(), channel);
            if (previous != null) {
                throw new IllegalArgumentException("two alert channels for kind '" + channel.kind()
                        + "': " + previous.getClass().getName() + " and " + channel.getClass().getName());
            }
        }
    }

    public static ChannelRegistry of(AlertChannel... channels) {
        return new ChannelRegistry(List.of(channels));
    }

    /** The known kinds, sorted. */
    public SortedSet<String> kinds() {
        return new TreeSet<>(byKind.keySet());
    }

    public Optional<AlertChannel> find(String kind) {
        return Optional.ofNullable(kind == null ? null : byKind.get(kind));
    }

    /**
     * Checks a channel definition before it is stored.
     *
     * @throws ValidationException naming {@code kind} or the offending {@code config.*} field
     */
    public void validate(String kind, String configJson) {
        AlertChannel channel = find(kind).orElseThrow(() -> new ValidationException("kind",
                "'" + kind + "' is not one of: " + String.join(", ", byKind.keySet())));
        ConfigJson.parseObject(configJson);
        channel.validateConfig(configJson);
    }

    /** The secret config fields of the kind ({@link AlertChannel#secretFields()}); none for an unknown kind. */
    public java.util.Set<String> secretFields(String kind) {
        return find(kind).map(AlertChannel::secretFields).orElse(java.util.Set.of());
    }

    /**
     * Sends through the channel's kind.
     *
     * @throws DeliveryException as the channel does; permanent if this server has no such kind
     *                           (a channel stored by a newer version, or a plugin removed)
     */
    public void send(Channel channel, AlertMessage message, String idempotencyKey) {
        AlertChannel sender = find(channel.kind()).orElseThrow(() -> DeliveryException.permanent(
                "no alert channel of kind '" + channel.kind() + "' on this server", null, null));
        sender.send(channel, message, idempotencyKey);
    }

    /**
     * Sends a message now, outside the outbox and its retries, and says how it went: for a test a
     * person sends. Nothing is recorded and the channel's failing mark is left as it is.
     */
    public TestResult test(Channel channel, AlertMessage message, String idempotencyKey) {
        try {
            AlertChannel sender = find(channel.kind()).orElseThrow(() -> DeliveryException.permanent(
                    "no alert channel of kind '" + channel.kind() + "' on this server", null, null));
            AlertChannel.Answer answer = sender.sendAnswered(channel, message, idempotencyKey);
            return new TestResult(true, answer.status(), answer.body(), null);
        } catch (DeliveryException e) {
            return new TestResult(false, e.statusCode(), null, e.getMessage());
        }
    }

    /**
     * How a test send went.
     *
     * @param delivered whether the receiver accepted it
     * @param status    the receiver's status code; null without an answer, or for a channel that has none
     * @param answer    the start of an accepting receiver's answer; null if there was none
     * @param error     why it was not delivered, in the delivery loop's words (with the start of the
     *                  receiver's answer, if any); null when delivered
     */
    public record TestResult(boolean delivered, Integer status, String answer, String error) {}
}

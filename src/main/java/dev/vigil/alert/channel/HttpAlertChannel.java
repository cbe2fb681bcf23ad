package dev.vigil.alert.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.AlertChannel;
import dev.vigil.alert.AlertJson;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.ConfigJson;
import dev.vigil.alert.DeliveryException;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ValidationException;
import dev.vigil.domain.VigilException;
import dev.vigil.util.HttpClients;
import dev.vigil.util.OutboundPolicy;
import java.net.URI;
import org.eclipse.jetty.client.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A channel that sends each alert as one HTTP request, configured by a record {@code C}. A
 * subclass says how to parse its config and what request to send; the rest is written once here:
 * the stored config is parsed with the same function that validated it, a request the HTTP client
 * refuses to build is a permanent failure, and {@link HttpChannelSupport} decides what the answer
 * means, with the config's secrets masked in the error.
 *
 * @param <C> the channel's config record
 */
public abstract class HttpAlertChannel<C> implements AlertChannel {
    // A configured ObjectMapper is immutable in use and thread-safe: a constant, not shared state.
    private static final ObjectMapper JSON = AlertJson.newMapper();

    private final String kind;
    private final Function<String, C> parse;
    private final String urlField;
    private final Function<C, String> url;
    private final HttpChannelSupport http;
    private final OutboundPolicy policy;

    /**
     * @param parse    reads a channel's JSON config, throwing {@link ValidationException} naming the field
     * @param urlField the config field holding the receiver's URL, named when the outbound policy denies it
     * @param url      the receiver's URL in a parsed config
     * @param client   shared by all channels, enforcing the outbound policy; see
     *                 {@link HttpChannelSupport#sharedClient(OutboundPolicy)}
     */
    protected HttpAlertChannel(String kind, Function<String, C> parse, String urlField, Function<C, String> url,
                               HttpClient client) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.parse = Objects.requireNonNull(parse, "parse");
        this.urlField = Objects.requireNonNull(urlField, "urlField");
        this.url = Objects.requireNonNull(url, "url");
        this.http = new HttpChannelSupport(client);
        this.policy = HttpClients.policy(client);
    }

    @Override
    public final String kind() {
        return kind;
    }

    /**
     * Parses the config, and refuses a receiver the outbound policy denies by name or literal
     * address ({@code http://127.0.0.1:9000/…}, {@code http://localhost/…}); a name that resolves to
     * a denied address is refused when sending.
     */
    @Override
    public final void validateConfig(String configJson) {
        C config = parse.apply(configJson);
        String refused = policy.refusalOfHost(URI.create(url.apply(config)).getHost());
        if (refused != null) throw new ValidationException(ConfigJson.field(urlField), refused);
    }

    @Override
    public final void send(Channel channel, AlertMessage message, String idempotencyKey) {
        sendAnswered(channel, message, idempotencyKey);
    }

    @Override
    public final Answer sendAnswered(Channel channel, AlertMessage message, String idempotencyKey) {
        C config = parseForSend(channel.config());
        AlertRequest request;
        try {
            request = request(config, message, idempotencyKey);
        } catch (IllegalArgumentException e) {
            // A header or URL the HTTP client refuses: sending again cannot help.
            throw DeliveryException.permanent("cannot build the " + kind + " request: " + e.getMessage(), null, e);
        }
        Answer answer;
        try {
            answer = http.exchange(request);
        } catch (DeliveryException e) {
            throw masked(e, secrets(config));
        }
        return new Answer(answer.status(), answer.body() == null ? null : mask(answer.body(), secrets(config)));
    }

    /** The request that delivers {@code message}; {@code idempotencyKey} as in {@link AlertChannel#send}. */
    protected abstract AlertRequest request(C config, AlertMessage message, String idempotencyKey);

    /**
     * What to mask in error messages: the credentials this config sends. {@link HttpChannelSupport}
     * names only the host, but a receiver (or a proxy in front of it) may echo the request in its
     * error body. None by default.
     */
    protected List<String> secrets(C config) {
        return List.of();
    }

    /** A JSON POST to {@code uri}. */
    protected static AlertRequest.Builder jsonPost(URI uri, Duration timeout, JsonNode body) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new VigilException("internal", "cannot write a request body; indicates a bug", e);
        }
        return post(uri, timeout, "application/json", text);
    }

    /** A POST of {@code body} to {@code uri}, as {@code contentType}. */
    protected static AlertRequest.Builder post(URI uri, Duration timeout, String contentType, String body) {
        return AlertRequest.post(uri, timeout, body)
                .header("Content-Type", contentType)
                .header("User-Agent", "Vigil");
    }

    /**
     * Configs are validated when a channel is created, so only a hand-edited row fails here: a
     * permanent failure, since retrying cannot fix it.
     */
    private C parseForSend(String json) {
        try {
            return parse.apply(json);
        } catch (ValidationException e) {
            throw DeliveryException.permanent("invalid " + kind + " config: " + e.getMessage(), null, e);
        }
    }

    private static DeliveryException masked(DeliveryException e, List<String> secrets) {
        String message = mask(e.getMessage(), secrets);
        if (message.equals(e.getMessage())) return e;
        return new DeliveryException(message, e.permanent(), e.statusCode(), e.getCause());
    }

    private static String mask(String text, List<String> secrets) {
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) text = text.replace(secret, "***");
        }
        return text;
    }
}

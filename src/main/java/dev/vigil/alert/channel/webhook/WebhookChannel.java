package dev.vigil.alert.channel.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.alert.AlertJson;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.AlertText;
import dev.vigil.alert.channel.HttpAlertChannel;
import dev.vigil.alert.channel.HttpChannelSupport;
import dev.vigil.domain.VigilException;
import java.net.URI;
import org.eclipse.jetty.client.HttpClient;
import dev.vigil.alert.channel.AlertRequest;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Generic webhook (kind {@code webhook}): POSTs the alert as JSON, with the fields of
 * {@link AlertMessage} plus {@code "event": "vigil.alert"} and {@code "idempotencyKey"}.
 *
 * <p>Headers: {@code Content-Type: application/json}, {@code Idempotency-Key},
 * {@code X-Vigil-Timestamp} (epoch seconds) and, when the channel has a secret,
 * {@code X-Vigil-Signature} as described in {@link WebhookSignature}; then the configured
 * extra headers. Settings: {@link WebhookConfig}; a configured template reshapes the body
 * ({@link WebhookTemplate}), and the signature covers the body as sent.
 */
public final class WebhookChannel extends HttpAlertChannel<WebhookConfig> {
    public static final String KIND = "webhook";

    @Override
    public java.util.Set<String> secretFields() {
        return java.util.Set.of("secret", "headers");
    }
    public static final String EVENT = "vigil.alert";

    private final Clock clock;
    private final ObjectMapper json = AlertJson.newMapper();

    /** @param client shared by all webhook channels; see {@link HttpChannelSupport#sharedClient} */
    public WebhookChannel(HttpClient client, Clock clock) {
        super(KIND, WebhookConfig::parse, "url", WebhookConfig::url, client);
        this.clock = Objects.requireNonNull(clock, "clock");
    }


    @Override
    protected AlertRequest request(WebhookConfig config, AlertMessage message, String idempotencyKey) {
        String body = body(message, idempotencyKey, config.template());
        long timestamp = clock.instant().getEpochSecond();
        AlertRequest.Builder request = AlertRequest.post(URI.create(config.url()), config.timeout(), body)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Vigil-Webhook")
                .header("Idempotency-Key", idempotencyKey)
                .header("X-Vigil-Timestamp", Long.toString(timestamp));
        if (config.secret() != null) {
            request.header("X-Vigil-Signature", WebhookSignature.sign(config.secret(), timestamp, body));
        }
        // Set, not added: a configured User-Agent replaces ours.
        config.headers().forEach(request::setHeader);
        return request.build();
    }

    /** The standard request body: event and key first, so a receiver logging the start of it sees what it is. */
    String body(AlertMessage message, String idempotencyKey) {
        return write(fields(message, idempotencyKey));
    }

    /** The body shaped by {@code template}, or the standard one if it is null. */
    String body(AlertMessage message, String idempotencyKey, JsonNode template) {
        ObjectNode fields = fields(message, idempotencyKey);
        if (template == null) return write(fields);
        Map<String, JsonNode> values = new HashMap<>();
        fields.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
        values.put("title", TextNode.valueOf(AlertText.title(message)));
        values.put("summary", TextNode.valueOf(AlertText.summary(message)));
        values.put("text", TextNode.valueOf(AlertText.plain(message)));
        String output = AlertText.output(message);
        values.put("output", output == null ? NullNode.getInstance() : TextNode.valueOf(output));
        return write(WebhookTemplate.render(template, values));
    }

    private ObjectNode fields(AlertMessage message, String idempotencyKey) {
        ObjectNode body = json.createObjectNode();
        body.put("event", EVENT);
        body.put("idempotencyKey", idempotencyKey);
        body.setAll((ObjectNode) json.valueToTree(message));
        return body;
    }

    private String write(JsonNode body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new VigilException("internal", "cannot write webhook body; indicates a bug", e);
        }
    }
}

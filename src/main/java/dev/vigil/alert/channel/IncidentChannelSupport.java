package dev.vigil.alert.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.AlertJson;
import dev.vigil.alert.ConfigJson;
import dev.vigil.alert.DeliveryException;
import dev.vigil.alert.channel.webhook.WebhookConfig;
import dev.vigil.domain.ValidationException;
import dev.vigil.domain.VigilException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/**
 * What the incident-management channels (PagerDuty, Opsgenie, Alertmanager) share: config fields
 * read as the webhook reads them, JSON request bodies, and sending with secrets kept out of errors.
 */
public final class IncidentChannelSupport {
    // A configured ObjectMapper is immutable in use and thread-safe: a constant, not shared state.
    private static final ObjectMapper JSON = AlertJson.newMapper();

    private IncidentChannelSupport() {}

    /**
     * The http(s) URL in field {@code name}, without a trailing slash; {@code defaultUrl} when absent.
     * User info ({@code https://user:pass@host}) is refused: the HTTP client would not send it, and
     * it would show up wherever the URL is printed.
     */
    public static String httpUrl(ObjectNode config, String name, String defaultUrl) {
        String url = ConfigJson.optionalText(config, name);
        if (url == null) return defaultUrl;
        String field = ConfigJson.field(name);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ValidationException(field, "must be an http(s) URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new ValidationException(field, "must be an http(s) URL");
        }
        if (uri.getRawUserInfo() != null) throw new ValidationException(field, "must not contain a user or password");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** {@code timeout} as for the webhook: ISO-8601 or seconds, default 10 s, at most 20 s. */
    public static Duration timeout(ObjectNode config) {
        return UrlTimeoutConfig.checkTimeout(UrlTimeoutConfig.timeout(config.get("timeout")));
    }

    /** An ISO-8601 duration such as {@code PT10S} or {@code P7D}. */
    public static Duration duration(String field, String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "'" + text + "' is not an ISO-8601 duration such as PT10S");
        }
    }

    /** Rejects a credential that is blank or would break the header it goes into. */
    public static String credential(ObjectNode config, String name) {
        String value = ConfigJson.requiredText(config, name);
        if (value.chars().anyMatch(Character::isWhitespace)) {
            throw new ValidationException(ConfigJson.field(name), "must not contain whitespace");
        }
        return value;
    }

    /** Optional text that, when given, is not blank. */
    public static String optionalNonBlank(ObjectNode config, String name) {
        String value = ConfigJson.optionalText(config, name);
        if (value != null && value.isBlank()) {
            throw new ValidationException(ConfigJson.field(name), "must not be blank; leave it out instead");
        }
        return value;
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Puts {@code value} unless it is null: receivers read a missing field better than a null one. */
    public static ObjectNode putIfPresent(ObjectNode node, String name, Object value) {
        if (value != null) node.set(name, JSON.valueToTree(value));
        return node;
    }

    /** At most {@code max} characters, ending in "…" when cut. */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) return text;
        return text.substring(0, max - 1) + "…";
    }

    /** A JSON POST to {@code uri}. */
    public static HttpRequest.Builder jsonPost(URI uri, Duration timeout, JsonNode body) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new VigilException("internal", "cannot write a request body; indicates a bug", e);
        }
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Vigil")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
    }

    /**
     * Sends through {@code http}. HttpChannelSupport already names only the host, but a receiver (or
     * a proxy in front of it) may echo the request in its error body, so the secrets are masked too.
     */
    public static void send(HttpChannelSupport http, HttpRequest request, String... secrets) {
        try {
            http.send(request);
        } catch (DeliveryException e) {
            String message = e.getMessage();
            for (String secret : secrets) {
                if (secret != null && !secret.isEmpty()) message = message.replace(secret, "***");
            }
            if (message.equals(e.getMessage())) throw e;
            throw new DeliveryException(message, e.permanent(), e.statusCode(), e.getCause());
        }
    }
}

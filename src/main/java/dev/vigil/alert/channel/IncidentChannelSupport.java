package dev.vigil.alert.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.AlertJson;
import dev.vigil.alert.ConfigJson;
import dev.vigil.domain.ValidationException;
import java.net.URI;
import java.time.Duration;

/**
 * What the incident-management channels (PagerDuty, Opsgenie, Alertmanager) share beyond
 * {@link HttpAlertChannel}: config fields read as the webhook reads them, and JSON request bodies.
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
        URI uri = UrlTimeoutConfig.httpUri(field, url);
        if (uri.getRawUserInfo() != null) throw new ValidationException(field, "must not contain a user or password");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** {@code timeout} as for the webhook: ISO-8601 or seconds, default 10 s, at most 20 s. */
    public static Duration timeout(ObjectNode config) {
        return UrlTimeoutConfig.checkTimeout(UrlTimeoutConfig.timeout(config.get("timeout")));
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
}

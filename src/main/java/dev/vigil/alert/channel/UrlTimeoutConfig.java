package dev.vigil.alert.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alert.ConfigJson;
import dev.vigil.domain.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The two settings every HTTP channel has, read and checked the same way: {@code url}, where alerts
 * are POSTed, and {@code timeout}, how long to wait for the answer. Errors never repeat the URL:
 * Slack and Teams URLs are secrets.
 */
public final class UrlTimeoutConfig {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * At most 20 s, so that connect (at most 10 s) plus answer fit in half the default delivery
     * lease (see {@link dev.vigil.alert.DeliveryLoopBuilder#lease}).
     */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(20);

    private UrlTimeoutConfig() {}

    /** @throws ValidationException on {@code config.url} unless {@code url} is an http(s) URL with a host */
    public static void checkUrl(String url) {
        String field = ConfigJson.field("url");
        if (url == null || url.isBlank()) throw new ValidationException(field, "is required");
        httpUri(field, url);
    }

    /** @throws ValidationException on {@code field} unless {@code url} is an http(s) URL with a host */
    static URI httpUri(String field, String url) {
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
        return uri;
    }

    /** The timeout, or the default if null; @throws ValidationException on {@code config.timeout} if out of range */
    public static Duration checkTimeout(Duration timeout) {
        if (timeout == null) return DEFAULT_TIMEOUT;
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new ValidationException(ConfigJson.field("timeout"), "must be more than 0 and at most " + MAX_TIMEOUT);
        }
        return timeout;
    }

    /** Reads {@code timeout}: an ISO-8601 duration or a number of seconds; null if absent. */
    public static Duration timeout(JsonNode node) {
        String field = ConfigJson.field("timeout");
        if (node == null || node.isNull()) return null;
        if (node.isNumber()) return Duration.ofMillis(Math.round(node.doubleValue() * 1000));
        if (!node.isTextual()) throw new ValidationException(field, "must be an ISO-8601 duration or seconds");
        return duration(field, node.textValue());
    }

    /** An ISO-8601 duration such as {@code PT10S} or {@code P7D}. */
    public static Duration duration(String field, String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "'" + text + "' is not an ISO-8601 duration such as PT10S");
        }
    }

    /** The URL without path and query, e.g. {@code https://hooks.slack.com/…}, for printing a config. */
    public static String redact(String url) {
        try {
            URI uri = new URI(url);
            // Host and port only: the authority may hold user:password.
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…";
        } catch (URISyntaxException | RuntimeException e) {
            return "…";
        }
    }
}

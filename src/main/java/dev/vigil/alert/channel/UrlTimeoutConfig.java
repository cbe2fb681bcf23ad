package dev.vigil.alert.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alert.ConfigJson;
import dev.vigil.alert.DeliveryException;
import dev.vigil.domain.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

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
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new ValidationException(field, "must be an http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw new ValidationException(field, "must be an http(s) URL");
        }
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
        try {
            return Duration.parse(node.textValue());
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "'" + node.textValue() + "' is not an ISO-8601 duration such as PT10S");
        }
    }

    /**
     * Parses a stored config for sending. Configs are validated when a channel is created, so only
     * a hand-edited row fails here: a permanent failure, since retrying cannot fix it.
     */
    public static <T> T forSend(String kind, String json, Function<String, T> parse) {
        try {
            return parse.apply(json);
        } catch (ValidationException e) {
            throw DeliveryException.permanent("invalid " + kind + " config: " + e.getMessage(), null, e);
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

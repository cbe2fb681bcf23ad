package dev.vigil.alert.channel.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.ConfigJson;
import dev.vigil.alert.channel.UrlTimeoutConfig;
import dev.vigil.domain.ValidationException;
import dev.vigil.util.HttpHeaders;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A webhook channel's settings, e.g.
 * {@code {"url": "https://hooks.example.com/vigil", "secret": "s3cr3t", "headers": {"X-Team": "ops"}, "timeout": "PT5S"}}.
 *
 * @param url      where alerts are POSTed; http or https
 * @param secret   optional; when set, each request is signed with it ({@code X-Vigil-Signature})
 * @param headers  optional extra request headers, e.g. an {@code Authorization} for the receiver
 * @param timeout  how long to wait for an answer: an ISO-8601 duration or a number of seconds;
 *                 default 10 s, at most 20 s (see {@link UrlTimeoutConfig})
 * @param template optional shape of the body, see {@link WebhookTemplate}; null sends the standard body
 */
public record WebhookConfig(String url, String secret, Map<String, String> headers, Duration timeout, JsonNode template) {
    public static final Duration DEFAULT_TIMEOUT = UrlTimeoutConfig.DEFAULT_TIMEOUT;
    public static final Duration MAX_TIMEOUT = UrlTimeoutConfig.MAX_TIMEOUT;

    private static final Set<String> FIELDS = Set.of("url", "secret", "headers", "timeout", "template");
    // Set by Vigil: overriding them would break signatures or deduplication. (And those the HTTP client sets.)
    private static final Set<String> RESERVED = Set.of("content-type", "idempotency-key",
            "x-vigil-timestamp", "x-vigil-signature");

    public WebhookConfig {
        UrlTimeoutConfig.checkUrl(url);
        if (secret != null && secret.isBlank()) {
            throw new ValidationException(ConfigJson.field("secret"), "must not be blank; leave it out to send unsigned");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        headers.forEach(WebhookConfig::checkHeader);
        timeout = UrlTimeoutConfig.checkTimeout(timeout);
        template = template == null || template.isNull() ? null : WebhookTemplate.check(template).deepCopy();
    }

    /** @throws ValidationException naming the {@code config.*} field that is wrong */
    public static WebhookConfig parse(String json) {
        ObjectNode config = ConfigJson.parseObject(json);
        ConfigJson.rejectUnknown(config, FIELDS);
        return new WebhookConfig(ConfigJson.requiredText(config, "url"), ConfigJson.optionalText(config, "secret"),
                headers(config.get("headers")), UrlTimeoutConfig.timeout(config.get("timeout")), config.get("template"));
    }

    // Records print every component; the secret and headers (often an Authorization) must not reach logs.
    @Override
    public String toString() {
        return "WebhookConfig[url=" + url + ", secret=" + (secret == null ? "none" : "***")
                + ", headers=" + headers.keySet() + ", timeout=" + timeout
                + ", template=" + (template == null ? "none" : "custom") + "]";
    }

    private static void checkHeader(String name, String value) {
        String field = ConfigJson.field("headers." + name);
        if (!HttpHeaders.isToken(name)) throw new ValidationException(field, "is not a valid header name");
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT)) || HttpHeaders.SET_BY_CLIENT.contains(name)) {
            throw new ValidationException(field, "is set by Vigil and cannot be configured");
        }
        if (value == null || HttpHeaders.badValueChar(value) >= 0) {
            throw new ValidationException(field, "must be a single-line string");
        }
    }

    private static Map<String, String> headers(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) throw new ValidationException(ConfigJson.field("headers"), "must be an object of name: value");
        Map<String, String> headers = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw new ValidationException(ConfigJson.field("headers." + e.getKey()), "must be a string");
            }
            headers.put(e.getKey(), e.getValue().textValue());
        });
        return headers;
    }
}

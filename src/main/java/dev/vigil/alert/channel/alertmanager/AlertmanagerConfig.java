package dev.vigil.alert.channel.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.ConfigJson;
import dev.vigil.alert.channel.IncidentChannelSupport;
import dev.vigil.alert.channel.UrlTimeoutConfig;
import dev.vigil.domain.ValidationException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An Alertmanager channel's settings, e.g.
 * {@code {"url": "http://alertmanager:9093", "labels": {"team": "dba"}, "bearerToken": "…"}}.
 *
 * @param url         Alertmanager's base URL; alerts are POSTed to {@code {url}/api/v2/alerts}
 * @param timeout     how long to wait for an answer, as for the webhook (default 10 s, at most 20 s)
 * @param labels      static labels added to every alert, e.g. for routing in Alertmanager
 * @param basicAuth   optional user and password; not together with a bearer token
 * @param bearerToken optional token sent as {@code Authorization: Bearer …}
 * @param firingTtl   how long a firing alert stays firing without another message (its {@code endsAt}); default P7D
 */
public record AlertmanagerConfig(String url, Duration timeout, Map<String, String> labels, BasicAuth basicAuth,
                                 String bearerToken, Duration firingTtl) {
    public static final Duration DEFAULT_FIRING_TTL = Duration.ofDays(7);
    public static final Duration MIN_FIRING_TTL = Duration.ofMinutes(1);
    /** The labels Vigil sets itself; configured labels cannot replace them. */
    public static final Set<String> VIGIL_LABELS = Set.of("alertname", "severity", "project", "slug", "vigil_incident", "owner");

    private static final Set<String> FIELDS = Set.of("url", "timeout", "labels", "basicAuth", "bearerToken", "firingTtl");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public record BasicAuth(String username, String password) {
        @Override
        public String toString() {
            return "BasicAuth[username=" + username + ", password=***]";
        }
    }

    /** @throws ValidationException naming the {@code config.*} field that is wrong */
    public static AlertmanagerConfig parse(String json) {
        ObjectNode config = ConfigJson.parseObject(json);
        ConfigJson.rejectUnknown(config, FIELDS);
        String url = IncidentChannelSupport.httpUrl(config, "url", null);
        if (url == null) throw new ValidationException(ConfigJson.field("url"), "is required");
        if (url.matches(".*/api/v[12]/alerts")) {
            throw new ValidationException(ConfigJson.field("url"),
                    "must be Alertmanager's base URL, e.g. http://alertmanager:9093, without /api/v2/alerts");
        }
        BasicAuth basicAuth = basicAuth(config.get("basicAuth"));
        String bearerToken = config.hasNonNull("bearerToken") ? IncidentChannelSupport.credential(config, "bearerToken") : null;
        if (basicAuth != null && bearerToken != null) {
            throw new ValidationException(ConfigJson.field("bearerToken"), "cannot be used together with basicAuth");
        }
        return new AlertmanagerConfig(url, IncidentChannelSupport.timeout(config), labels(config.get("labels")),
                basicAuth, bearerToken, firingTtl(ConfigJson.optionalText(config, "firingTtl")));
    }

    // Records print every component; the password and token must not reach logs.
    @Override
    public String toString() {
        return "AlertmanagerConfig[url=" + url + ", timeout=" + timeout + ", labels=" + labels + ", basicAuth="
                + basicAuth + ", bearerToken=" + (bearerToken == null ? "none" : "***") + ", firingTtl=" + firingTtl + "]";
    }

    private static Map<String, String> labels(JsonNode node) {
        if (node == null || node.isNull()) return Map.of();
        if (!node.isObject()) throw new ValidationException(ConfigJson.field("labels"), "must be an object of name: value");
        Map<String, String> labels = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            String field = ConfigJson.field("labels." + e.getKey());
            if (!LABEL_NAME.matcher(e.getKey()).matches()) {
                throw new ValidationException(field, "is not a label name: use letters, digits and _, not starting with a digit");
            }
            if (e.getKey().startsWith("__")) throw new ValidationException(field, "names starting with __ are reserved");
            if (VIGIL_LABELS.contains(e.getKey())) throw new ValidationException(field, "is set by Vigil and cannot be configured");
            if (!e.getValue().isTextual() || e.getValue().textValue().isEmpty()) {
                throw new ValidationException(field, "must be a non-empty string");
            }
            labels.put(e.getKey(), e.getValue().textValue());
        });
        return Collections.unmodifiableMap(labels);
    }

    private static BasicAuth basicAuth(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!(node instanceof ObjectNode auth)) {
            throw new ValidationException(ConfigJson.field("basicAuth"), "must be an object {\"username\": …, \"password\": …}");
        }
        for (var names = auth.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("username") && !name.equals("password")) {
                throw new ValidationException(ConfigJson.field("basicAuth." + name), "unknown field; expected one of [password, username]");
            }
        }
        String username = text(auth, "username");
        if (username.contains(":")) throw new ValidationException(ConfigJson.field("basicAuth.username"), "must not contain ':'");
        return new BasicAuth(username, text(auth, "password"));
    }

    private static String text(ObjectNode auth, String name) {
        JsonNode value = auth.get(name);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw new ValidationException(ConfigJson.field("basicAuth." + name), "is required");
        }
        return value.textValue();
    }

    private static Duration firingTtl(String text) {
        if (text == null) return DEFAULT_FIRING_TTL;
        Duration ttl = UrlTimeoutConfig.duration(ConfigJson.field("firingTtl"), text);
        if (ttl.compareTo(MIN_FIRING_TTL) < 0) {
            throw new ValidationException(ConfigJson.field("firingTtl"), "must be at least " + MIN_FIRING_TTL);
        }
        return ttl;
    }
}

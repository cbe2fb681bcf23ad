package dev.vigil.web.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.ValidationException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The settings of each channel kind as form fields (docs/alerting.md names them all), and how a
 * form becomes the config JSON the kind itself validates. Secret fields are never filled in from
 * the stored config: left empty on an edit, they keep what is stored.
 */
public final class ChannelFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Type {
        /** A string. */
        TEXT,
        /** A string never shown again. */
        SECRET,
        /** Strings, comma-separated in the form. */
        LIST,
        /** A whole number. */
        NUMBER,
        /** Any JSON value, in a textarea. */
        JSON,
        /** A JSON value never shown again (headers often carry an Authorization). */
        JSON_SECRET;

        boolean secret() {
            return this == SECRET || this == JSON_SECRET;
        }

        boolean multiline() {
            return this == JSON || this == JSON_SECRET;
        }
    }

    /**
     * @param name        the config field
     * @param required    whether the kind needs it (for the label; the kind's own check decides)
     * @param placeholder an example value
     */
    public record Field(String name, String label, Type type, boolean required, String placeholder, String hint) {
        /** The form input's name: {@code config.url}, as the kind's errors name it. */
        public String input() {
            return name.isEmpty() ? "config" : "config." + name;
        }

        public boolean secret() {
            return type.secret();
        }

        public boolean multiline() {
            return type.multiline();
        }

        /**
         * Whether what was typed is shown again after an error. Not for passwords, keys and tokens; a
         * URL kept like a secret is, since it is what the user just typed and retyping it is error-prone.
         * A stored value never is.
         */
        public boolean echoed() {
            return !secret() || name.equals("url");
        }

        /** The input's type: password for secrets typed blind, text otherwise. */
        public String inputType() {
            return echoed() ? "text" : "password";
        }
    }

    private static final Field TIMEOUT = new Field("timeout", "Timeout", Type.TEXT, false, "PT10S", "ISO-8601 duration; default 10 s, at most 20 s");

    private static final Map<String, List<Field>> BY_KIND = Map.of(
            "webhook", List.of(
                    new Field("url", "URL", Type.SECRET, true, "https://hooks.example.com/vigil",
                            "alerts are POSTed here as JSON; its path often holds a token, so it is kept like a secret"),
                    new Field("secret", "Signing secret", Type.SECRET, false, "", "signs each request (X-Vigil-Signature)"),
                    new Field("headers", "Extra headers", Type.JSON_SECRET, false, "{\"Authorization\": \"Bearer …\"}", "a JSON object of name: value"),
                    TIMEOUT,
                    new Field("template", "Body template", Type.JSON, false, "{\"text\": \"{{title}}\"}", "JSON with {{placeholders}}; empty sends the standard body")),
            "slack", List.of(
                    new Field("url", "Incoming webhook URL", Type.SECRET, true, "https://hooks.slack.com/services/…", "whoever has it can post, so it is a secret"),
                    new Field("mentions", "Mentions", Type.LIST, false, "<!here>", "comma-separated, when a critical incident opens"),
                    new Field("username", "Sender name", Type.TEXT, false, "Vigil", "legacy webhooks only"),
                    new Field("iconEmoji", "Icon", Type.TEXT, false, ":rotating_light:", "legacy webhooks only"),
                    TIMEOUT),
            "teams", List.of(
                    new Field("url", "Workflow webhook URL", Type.SECRET, true, "https://…", "whoever has it can post, so it is a secret"),
                    TIMEOUT),
            "pagerduty", List.of(
                    new Field("routingKey", "Routing key", Type.SECRET, true, "", "the integration key of an Events API v2 integration"),
                    new Field("component", "Component", Type.TEXT, false, "postgres", ""),
                    new Field("group", "Group", Type.TEXT, false, "prod-datapipe", ""),
                    new Field("class", "Class", Type.TEXT, false, "backup", ""),
                    new Field("url", "Events URL", Type.TEXT, false, "https://events.pagerduty.com/v2/enqueue", "default PagerDuty's"),
                    TIMEOUT),
            "opsgenie", List.of(
                    new Field("apiKey", "API key", Type.SECRET, true, "", "of an API integration"),
                    new Field("apiUrl", "API URL", Type.TEXT, false, "https://api.opsgenie.com", "https://api.eu.opsgenie.com for the EU instance"),
                    new Field("responders", "Responders", Type.JSON, false, "[{\"type\": \"team\", \"name\": \"DBA\"}]", "a JSON list"),
                    new Field("priorityCritical", "Priority of critical alerts", Type.TEXT, false, "P1", "P1 … P5"),
                    new Field("priorityWarning", "Priority of warnings", Type.TEXT, false, "P3", "P1 … P5"),
                    new Field("tags", "Tags", Type.LIST, false, "vigil, cron", "comma-separated"),
                    TIMEOUT),
            "alertmanager", List.of(
                    new Field("url", "Alertmanager URL", Type.TEXT, true, "http://alertmanager:9093", "alerts are POSTed to {url}/api/v2/alerts"),
                    new Field("labels", "Labels", Type.JSON, false, "{\"team\": \"dba\"}", "a JSON object added to every alert"),
                    new Field("bearerToken", "Bearer token", Type.SECRET, false, "", "not together with basic auth"),
                    new Field("basicAuth", "Basic auth", Type.JSON_SECRET, false, "{\"username\": \"vigil\", \"password\": \"…\"}", "a JSON object"),
                    new Field("firingTtl", "Firing TTL", Type.TEXT, false, "P7D", "how long an alert stays firing without news"),
                    TIMEOUT),
            "email", List.of(
                    new Field("host", "SMTP host", Type.TEXT, true, "smtp.example.com", ""),
                    new Field("port", "Port", Type.NUMBER, false, "587", "default 587 (starttls), 465 (tls), 25 (none)"),
                    new Field("security", "Security", Type.TEXT, false, "starttls", "starttls, tls or none"),
                    new Field("username", "Username", Type.TEXT, false, "vigil", "with a password, or neither"),
                    new Field("password", "Password", Type.SECRET, false, "", ""),
                    new Field("from", "From", Type.TEXT, true, "Vigil <vigil@example.com>", ""),
                    new Field("to", "To", Type.LIST, true, "ops@example.com", "comma-separated"),
                    new Field("cc", "Cc", Type.LIST, false, "", "comma-separated"),
                    new Field("subjectPrefix", "Subject prefix", Type.TEXT, false, "[Vigil]", ""),
                    TIMEOUT),
            "log", List.of());

    /** A kind this page has no fields for (one added later): its whole config as JSON, kept when left empty. */
    private static final List<Field> GENERIC = List.of(new Field("", "Config", Type.JSON_SECRET, false, "{}", "a JSON object"));

    private ChannelFields() {}

    static List<Field> of(String kind) {
        return BY_KIND.getOrDefault(kind, GENERIC);
    }

    /**
     * The config of a form: each field of the kind from {@code form} ({@code config.<name>}); a secret
     * left empty keeps its value in {@code stored} (null when creating).
     *
     * @throws ValidationException naming the {@code config.*} field whose text is not what its type needs
     */
    static ObjectNode config(String kind, Map<String, String> form, JsonNode stored) {
        ObjectNode config = JSON.createObjectNode();
        for (Field f : of(kind)) {
            String text = form.getOrDefault(f.input(), "").strip();
            String field = f.input();
            if (text.isEmpty()) {
                if (f.secret() && stored != null) {
                    if (f.name().isEmpty()) return stored.isObject() ? ((ObjectNode) stored).deepCopy() : config;
                    if (stored.has(f.name())) config.set(f.name(), stored.get(f.name()).deepCopy());
                }
                continue;
            }
            switch (f.type()) {
                case TEXT, SECRET -> config.put(f.name(), text);
                case LIST -> {
                    var array = config.putArray(f.name());
                    Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(array::add);
                }
                case NUMBER -> {
                    try {
                        config.put(f.name(), Long.parseLong(text));
                    } catch (NumberFormatException e) {
                        throw new ValidationException(field, "must be a whole number");
                    }
                }
                case JSON, JSON_SECRET -> {
                    JsonNode value;
                    try {
                        value = JSON.readTree(text);
                    } catch (JsonProcessingException e) {
                        throw new ValidationException(field, "is not valid JSON: " + e.getOriginalMessage());
                    }
                    if (f.name().isEmpty()) {
                        if (!value.isObject()) throw new ValidationException("config", "must be a JSON object");
                        return (ObjectNode) value;
                    }
                    config.set(f.name(), value);
                }
            }
        }
        return config;
    }

    /** What an edit form shows of a stored config: every field that is not a secret, as it would be typed. */
    static Map<String, String> values(String kind, JsonNode stored) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (Field f : of(kind)) {
            JsonNode v = f.name().isEmpty() ? null : stored.get(f.name());
            if (f.secret() || v == null || v.isNull()) continue;
            values.put(f.input(), switch (f.type()) {
                case LIST -> v.isArray() ? String.join(", ", java.util.stream.StreamSupport.stream(v.spliterator(), false)
                        .map(JsonNode::asText).toList()) : v.asText();
                case JSON -> v.toPrettyString();
                default -> v.isTextual() ? v.textValue() : v.toString();
            });
        }
        return values;
    }

    /**
     * What the form may say of a stored secret: the scheme, host and port of a URL (its path and query
     * are often the credential), else nothing.
     */
    static String hint(Field f, JsonNode stored) {
        JsonNode v = stored == null || f.name().isEmpty() ? null : stored.get(f.name());
        if (v == null || !v.isTextual()) return "";
        try {
            java.net.URI uri = new java.net.URI(v.textValue());
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) return "";
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…";
        } catch (java.net.URISyntaxException e) {
            return "";
        }
    }

    /** Whether a secret field has a stored value (the form says "set; leave empty to keep it"). */
    static boolean isSet(Field f, JsonNode stored) {
        if (stored == null) return false;
        if (f.name().isEmpty()) return stored.isObject() && !stored.isEmpty();
        JsonNode v = stored.get(f.name());
        return v != null && !v.isNull();
    }
}

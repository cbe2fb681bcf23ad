package dev.vigil.alert.channel.opsgenie;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.ConfigJson;
import dev.vigil.alert.channel.IncidentChannelSupport;
import dev.vigil.domain.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An Opsgenie channel's settings, e.g.
 * {@code {"apiKey": "…", "responders": [{"type": "team", "name": "DBA"}], "priorityWarning": "P4"}}.
 *
 * @param apiKey           the key of an API integration, sent as {@code Authorization: GenieKey <apiKey>}
 * @param apiUrl           default {@value #DEFAULT_API_URL}; {@value #EU_API_URL} for the EU instance
 * @param timeout          how long to wait for an answer, as for the webhook (default 10 s, at most 20 s)
 * @param responders       who the alert is assigned to; empty leaves it to the integration's team
 * @param priorityCritical P1 … P5 for critical alerts, default P1
 * @param priorityWarning  P1 … P5 for warnings, default P3
 * @param tags             added to every alert's tags
 */
public record OpsgenieConfig(String apiKey, String apiUrl, Duration timeout, List<Responder> responders,
                             String priorityCritical, String priorityWarning, List<String> tags) {
    public static final String DEFAULT_API_URL = "https://api.opsgenie.com";
    public static final String EU_API_URL = "https://api.eu.opsgenie.com";
    /** Opsgenie's limit for one tag. */
    public static final int MAX_TAG = 50;

    private static final Set<String> FIELDS = Set.of("apiKey", "apiUrl", "timeout", "responders",
            "priorityCritical", "priorityWarning", "tags");
    private static final Set<String> PRIORITIES = Set.of("P1", "P2", "P3", "P4", "P5");

    /**
     * Someone Opsgenie notifies, by name or by id (exactly one).
     *
     * @param type team, user, escalation or schedule
     * @param name the team's, escalation's or schedule's name; for a user, the username (email)
     */
    public record Responder(String type, String name, String id) {
        static final Set<String> TYPES = Set.of("team", "user", "escalation", "schedule");
    }

    /** @throws ValidationException naming the {@code config.*} field that is wrong */
    public static OpsgenieConfig parse(String json) {
        ObjectNode config = ConfigJson.parseObject(json);
        ConfigJson.rejectUnknown(config, FIELDS);
        return new OpsgenieConfig(IncidentChannelSupport.credential(config, "apiKey"),
                IncidentChannelSupport.httpUrl(config, "apiUrl", DEFAULT_API_URL), IncidentChannelSupport.timeout(config),
                responders(config.get("responders")), priority(config, "priorityCritical", "P1"),
                priority(config, "priorityWarning", "P3"), tags(config.get("tags")));
    }

    // Records print every component; the API key lets anyone create and close alerts.
    @Override
    public String toString() {
        return "OpsgenieConfig[apiKey=***, apiUrl=" + apiUrl + ", timeout=" + timeout + ", responders=" + responders
                + ", priorityCritical=" + priorityCritical + ", priorityWarning=" + priorityWarning + ", tags=" + tags + "]";
    }

    private static String priority(ObjectNode config, String name, String defaultPriority) {
        String priority = ConfigJson.optionalText(config, name);
        if (priority == null) return defaultPriority;
        if (!PRIORITIES.contains(priority)) throw new ValidationException(ConfigJson.field(name), "must be one of P1, P2, P3, P4, P5");
        return priority;
    }

    private static List<Responder> responders(JsonNode node) {
        if (node == null || node.isNull()) return List.of();
        if (!node.isArray()) throw new ValidationException(ConfigJson.field("responders"), "must be a list");
        List<Responder> responders = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String name = "responders[" + i + "]";
            if (!(node.get(i) instanceof ObjectNode r)) {
                throw new ValidationException(ConfigJson.field(name), "must be an object such as {\"type\": \"team\", \"name\": \"ops\"}");
            }
            for (var fields = r.fieldNames(); fields.hasNext(); ) {
                String f = fields.next();
                if (!Set.of("type", "name", "id").contains(f)) {
                    throw new ValidationException(ConfigJson.field(name + "." + f), "unknown field; expected one of [id, name, type]");
                }
            }
            String type = text(r, name, "type");
            if (type == null || !Responder.TYPES.contains(type)) {
                throw new ValidationException(ConfigJson.field(name + ".type"), "must be one of team, user, escalation, schedule");
            }
            String byName = text(r, name, "name");
            String id = text(r, name, "id");
            if ((byName == null) == (id == null)) throw new ValidationException(ConfigJson.field(name), "needs either name or id");
            responders.add(new Responder(type, byName, id));
        }
        return List.copyOf(responders);
    }

    private static String text(ObjectNode node, String parent, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) return null;
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new ValidationException(ConfigJson.field(parent + "." + name), "must be a non-blank string");
        }
        return value.textValue();
    }

    private static List<String> tags(JsonNode node) {
        if (node == null || node.isNull()) return List.of();
        if (!node.isArray()) throw new ValidationException(ConfigJson.field("tags"), "must be a list of strings");
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode tag = node.get(i);
            String field = ConfigJson.field("tags[" + i + "]");
            if (!tag.isTextual() || tag.textValue().isBlank()) throw new ValidationException(field, "must be a non-blank string");
            if (tag.textValue().length() > MAX_TAG) throw new ValidationException(field, "must be at most " + MAX_TAG + " characters");
            tags.add(tag.textValue());
        }
        return List.copyOf(tags);
    }
}

package dev.vigil.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.EscalationPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes and escalation steps as the JSON text kept in one column each: read and written whole,
 * never queried by their parts. Durations are milliseconds.
 */
final class AlertRuleJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertRuleJson() {}

    static String writeRoutes(List<AlertRoute> routes) {
        ArrayNode array = MAPPER.createArrayNode();
        for (AlertRoute r : routes) {
            ObjectNode n = array.addObject();
            if (r.name() != null) n.put("name", r.name());
            r.tags().forEach(n.putArray("tags")::add);
            r.owners().forEach(n.putArray("owners")::add);
            r.severities().forEach(n.putArray("severities")::add);
            r.channels().forEach(n.putArray("channels")::add);
            if (r.escalation() != null) n.put("escalation", r.escalation());
            n.put("continue", r.continueMatching());
        }
        return array.toString();
    }

    static List<AlertRoute> readRoutes(String json) {
        List<AlertRoute> routes = new ArrayList<>();
        for (JsonNode n : parse(json, "routes")) {
            routes.add(new AlertRoute(text(n, "name"), strings(n.get("tags")), strings(n.get("owners")),
                    strings(n.get("severities")), strings(n.get("channels")), text(n, "escalation"),
                    n.path("continue").asBoolean()));
        }
        return routes;
    }

    static String writeSteps(List<EscalationPolicy.Step> steps) {
        ArrayNode array = MAPPER.createArrayNode();
        for (EscalationPolicy.Step s : steps) {
            ObjectNode n = array.addObject();
            n.put("afterMs", s.after().toMillis());
            s.channels().forEach(n.putArray("channels")::add);
            n.put("owner", s.owner());
        }
        return array.toString();
    }

    static List<EscalationPolicy.Step> readSteps(String json) {
        List<EscalationPolicy.Step> steps = new ArrayList<>();
        for (JsonNode n : parse(json, "escalation steps")) {
            steps.add(new EscalationPolicy.Step(Duration.ofMillis(n.path("afterMs").asLong()), strings(n.get("channels")),
                    n.path("owner").asBoolean()));
        }
        return steps;
    }

    private static JsonNode parse(String json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + what + " are not JSON (indicates a bug or a damaged database)", e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) array.forEach(v -> out.add(v.asText()));
        return out;
    }
}

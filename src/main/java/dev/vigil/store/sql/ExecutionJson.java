package dev.vigil.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Execution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's {@link Execution} as the JSON text kept in one column: it is read and written whole, never
 * queried by its parts. Durations are milliseconds; field names follow the API.
 */
final class ExecutionJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExecutionJson() {}

    static String write(Execution e) {
        if (e == null) return null;
        ObjectNode n = MAPPER.createObjectNode();
        switch (e.target()) {
            case Execution.Argv a -> a.argv().forEach(n.putArray("command")::add);
            case Execution.Shell sh -> n.put("command", sh.script());
            case Execution.Http h -> {
                ObjectNode http = n.putObject("http");
                http.put("method", h.method());
                http.put("url", h.url());
                http.set("headers", MAPPER.valueToTree(h.headers()));
                if (h.body() != null) http.put("body", h.body());
            }
        }
        if (e.workdir() != null) n.put("workdir", e.workdir());
        n.set("env", MAPPER.valueToTree(e.env()));
        if (e.timeout() != null) n.put("timeoutMs", e.timeout().toMillis());
        n.put("retries", e.retries());
        n.put("retryBackoffMs", e.retryBackoff().toMillis());
        n.put("overlap", e.overlap().wire());
        n.put("catchUp", e.catchUp().wire());
        n.put("catchUpWindowMs", e.catchUpWindow().toMillis());
        n.set("labels", MAPPER.valueToTree(e.labels()));
        n.set("after", MAPPER.valueToTree(e.after()));
        n.set("params", MAPPER.valueToTree(e.params()));
        return n.toString();
    }

    static Execution read(String json) {
        if (json == null) return null;
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored execution is not JSON (indicates a bug or a damaged database)", e);
        }
        Execution.Target target;
        JsonNode command = n.get("command");
        if (command != null && command.isArray()) {
            target = new Execution.Argv(strings(command));
        } else if (command != null) {
            target = new Execution.Shell(command.asText());
        } else {
            JsonNode h = n.get("http");
            target = new Execution.Http(h.get("method").asText(), h.get("url").asText(), map(h.get("headers")),
                    h.hasNonNull("body") ? h.get("body").asText() : null);
        }
        return new Execution(target, n.hasNonNull("workdir") ? n.get("workdir").asText() : null, map(n.get("env")),
                n.hasNonNull("timeoutMs") ? Duration.ofMillis(n.get("timeoutMs").asLong()) : null,
                n.get("retries").asInt(), Duration.ofMillis(n.get("retryBackoffMs").asLong()),
                Execution.Overlap.valueOf(n.get("overlap").asText().toUpperCase(java.util.Locale.ROOT)),
                Execution.CatchUp.valueOf(n.get("catchUp").asText().toUpperCase(java.util.Locale.ROOT)),
                Duration.ofMillis(n.get("catchUpWindowMs").asLong()), strings(n.get("labels")),
                strings(n.get("after")), map(n.get("params")));
    }

    /** A map of strings as a JSON object; null for an empty or missing map. */
    static String writeMap(Map<String, String> map) {
        return map == null || map.isEmpty() ? null : MAPPER.valueToTree(map).toString();
    }

    static Map<String, String> readMap(String json) {
        try {
            return map(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored map is not JSON (indicates a bug or a damaged database)", e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static Map<String, String> map(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object != null) object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}

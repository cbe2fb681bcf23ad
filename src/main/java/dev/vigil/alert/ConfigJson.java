package dev.vigil.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.ValidationException;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict reading of a channel's JSON config, with errors that name the field as the API user wrote
 * it ({@code config.url}). Strict because a typo in a config key would otherwise surface only as a
 * silently missing alert, weeks later.
 */
public final class ConfigJson {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ConfigJson() {}

    /** Parses a config; null or blank counts as {@code {}}. */
    public static ObjectNode parseObject(String json) {
        if (json == null || json.isBlank()) return STRICT.createObjectNode();
        JsonNode node;
        try {
            node = STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ValidationException("config", "is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ValidationException("config", "must be a JSON object");
        }
        return object;
    }

    /** Rejects any field not in {@code known}, naming the first one. */
    public static void rejectUnknown(ObjectNode config, Set<String> known) {
        for (Iterator<String> names = config.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ValidationException(field(name), "unknown field; expected one of " + new TreeSet<>(known));
            }
        }
    }

    /** The text of {@code name}, or null if absent or JSON null. */
    public static String optionalText(ObjectNode config, String name) {
        JsonNode value = config.get(name);
        if (value == null || value.isNull()) return null;
        if (!value.isTextual()) throw new ValidationException(field(name), "must be a string");
        return value.textValue();
    }

    public static String requiredText(ObjectNode config, String name) {
        String text = optionalText(config, name);
        if (text == null || text.isBlank()) throw new ValidationException(field(name), "is required");
        return text;
    }

    /** The name of a config field as users see it in errors. */
    public static String field(String name) {
        return "config." + name;
    }
}

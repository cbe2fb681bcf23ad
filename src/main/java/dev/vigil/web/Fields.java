package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ValidationException;
import dev.vigil.schedule.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Typed readers for JSON request fields: each error names the field and says what was expected. */
final class Fields {
    private Fields() {}

    static void rejectUnknown(JsonNode node, String prefix, Set<String> known, Set<String> ignored) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name) && !ignored.contains(name)) {
                throw new ValidationException(prefix + name, "unknown field; expected one of " + String.join(", ", known));
            }
        }
    }

    /** A string or null; {@code field} absent or JSON null both read as null. */
    static String text(JsonNode node, String field, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new ValidationException(field, "must be a string");
        String s = v.asText();
        if (s.length() > maxLength) throw new ValidationException(field, "must be at most " + maxLength + " characters");
        return s;
    }

    static Duration duration(JsonNode node, String field, boolean positive) {
        String s = text(node, field, 64);
        if (s == null) return null;
        Duration d = Durations.parse(s, field);
        if (positive && d.isZero()) throw new ValidationException(field, "must be greater than 0");
        if (d.compareTo(Duration.ofDays(366)) > 0) throw new ValidationException(field, "must be at most 366d");
        return d;
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new ValidationException(field, "must be a whole number");
        return v.asInt();
    }

    static List<String> strings(JsonNode node, String field, int maxItems, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw new ValidationException(field, "must be a list of strings");
        if (v.size() > maxItems) throw new ValidationException(field, "must have at most " + maxItems + " items");
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank() || item.asText().length() > maxLength) {
                throw new ValidationException(field, "items must be non-empty strings of at most " + maxLength + " characters");
            }
            if (!out.contains(item.asText())) out.add(item.asText());
        }
        return out;
    }
}

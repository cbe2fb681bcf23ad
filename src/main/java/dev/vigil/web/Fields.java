package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ValidationException;
import dev.vigil.schedule.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Typed readers for JSON request fields: each error names the field and says what was expected. */
final class Fields {
    /** The longest duration setting of a job, silence or policy (docs/security.md, "Limits"). */
    static final Duration MAX_DURATION = Duration.ofDays(366);
    static final Instant MIN_INSTANT = Instant.EPOCH;
    static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

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

    /** A duration from 0 (or more than 0 when {@code positive}) to {@link #MAX_DURATION}. */
    static Duration duration(JsonNode node, String field, boolean positive) {
        Duration d = duration(node, field, Duration.ZERO);
        if (positive && d != null && d.isZero()) throw new ValidationException(field, "must be greater than 0");
        return d;
    }

    /** A duration from {@code min} to {@link #MAX_DURATION}. */
    static Duration duration(JsonNode node, String field, Duration min) {
        String s = text(node, field, 64);
        return s == null ? null : Durations.parse(s, field, min, MAX_DURATION);
    }

    /** An ISO-8601 instant from {@link #MIN_INSTANT} to {@link #MAX_INSTANT}, or null. */
    static Instant instant(JsonNode node, String field) {
        return instant(text(node, field, 64), field);
    }

    /** An ISO-8601 instant from {@link #MIN_INSTANT} to {@link #MAX_INSTANT}; null stays null. */
    static Instant instant(String text, String field) {
        if (text == null) return null;
        Instant t;
        try {
            t = Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "must be an ISO-8601 instant such as 2025-06-01T10:00:00Z");
        }
        if (t.isBefore(MIN_INSTANT) || t.isAfter(MAX_INSTANT)) {
            throw new ValidationException(field, "must be from " + MIN_INSTANT + " to " + MAX_INSTANT);
        }
        return t;
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

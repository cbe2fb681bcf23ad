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

    /**
     * One line of text or null ({@code field} absent or JSON null): a name, an owner, a slug-like
     * value. No control characters: a NUL or an escape sequence in a name would reach logs,
     * terminals and alert texts.
     */
    static String text(JsonNode node, String field, int maxLength) {
        return check(string(node, field, maxLength), field, Text.LINE);
    }

    /** Text that may span lines (a description, a comment): tabs and line breaks, no other control characters. */
    static String lines(JsonNode node, String field, int maxLength) {
        return check(string(node, field, maxLength), field, Text.LINES);
    }

    /**
     * Text kept as sent, like a ping body: job output may carry colour codes. Still valid Unicode, and no
     * NUL, which PostgreSQL cannot store in text.
     */
    static String raw(JsonNode node, String field, int maxLength) {
        return check(string(node, field, maxLength), field, Text.RAW);
    }

    enum Text { LINE, LINES, RAW }

    /** Null passes; otherwise {@code s} must be valid Unicode with only the control characters {@code kind} allows. */
    static String check(String s, String field, Text kind) {
        if (s == null) return null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new ValidationException(field, "is not valid Unicode (a lone surrogate at character " + i + ")");
            }
            if (c == 0 && kind == Text.RAW) throw new ValidationException(field, "must not contain NUL (U+0000)");
            if (kind != Text.RAW && Character.isISOControl(c) && !(kind == Text.LINES && (c == '\t' || c == '\n' || c == '\r'))) {
                throw new ValidationException(field, kind == Text.LINE
                        ? "must not contain control characters (found U+" + String.format("%04X", (int) c) + ")"
                        : "may hold tabs and line breaks but no other control characters (found U+" + String.format("%04X", (int) c) + ")");
            }
        }
        return s;
    }

    private static String string(JsonNode node, String field, int maxLength) {
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
            check(item.asText(), field, Text.LINE);
            if (!out.contains(item.asText())) out.add(item.asText());
        }
        return out;
    }
}

package dev.vigil.alert.channel.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.ConfigJson;
import dev.vigil.domain.ValidationException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A webhook body in the receiver's own shape: a JSON object or array whose string values may hold
 * placeholders {@code {{field}}}. A string that is exactly one placeholder becomes the field's JSON
 * value, keeping its type ({@code "{{tags}}"} → {@code ["db","backup"]}, {@code "{{actor}}"} →
 * {@code null}); inside a longer string a placeholder is replaced by the field's text (null → empty,
 * an array → its items joined by ", "). Keys are not rendered.
 *
 * <p>Fields: those of {@link AlertMessage} and of the standard body ({@code event},
 * {@code idempotencyKey}), plus {@code title}, {@code summary}, {@code text} (the whole alert as
 * plain text) and {@code output} (the last output lines), worded by {@link dev.vigil.alert.AlertText}.
 */
final class WebhookTemplate {
    /** Placeholders that are not fields of {@link AlertMessage}. */
    static final Set<String> EXTRA = Set.of("event", "idempotencyKey", "title", "summary", "text", "output");
    /**
     * Placeholders that once were fields and are still accepted, so that a stored template keeps
     * working, but are always {@code null}: {@code jobUuid} could ping the job (use {@code jobUniqueKey}).
     */
    static final Set<String> RETIRED = Set.of("jobUuid");
    static final SortedSet<String> NAMES = Stream.concat(EXTRA.stream(),
                    Arrays.stream(AlertMessage.class.getRecordComponents()).map(c -> c.getName()))
            .collect(Collectors.toCollection(TreeSet::new));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");

    private WebhookTemplate() {}

    /**
     * Returns the template if it is an object or array naming only known fields.
     *
     * @throws ValidationException on {@code config.template}, naming the unknown placeholder
     */
    static JsonNode check(JsonNode template) {
        String field = ConfigJson.field("template");
        if (!template.isObject() && !template.isArray()) {
            throw new ValidationException(field, "must be a JSON object or array");
        }
        strings(template).forEach(text -> {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                if (!NAMES.contains(m.group(1)) && !RETIRED.contains(m.group(1))) {
                    throw new ValidationException(field, "unknown placeholder " + m.group() + "; expected one of " + NAMES);
                }
            }
        });
        return template;
    }

    /** The template with its placeholders replaced by {@code values}, which has an entry for each of {@link #NAMES}. */
    static JsonNode render(JsonNode node, Map<String, JsonNode> values) {
        if (node instanceof ObjectNode object) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            object.properties().forEach(e -> out.set(e.getKey(), render(e.getValue(), values)));
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            array.forEach(item -> out.add(render(item, values)));
            return out;
        }
        if (!node.isTextual()) return node.deepCopy();
        Matcher m = PLACEHOLDER.matcher(node.textValue());
        if (m.matches()) return value(values, m.group(1)).deepCopy();
        return new TextNode(m.replaceAll(r -> Matcher.quoteReplacement(text(value(values, r.group(1))))));
    }

    private static JsonNode value(Map<String, JsonNode> values, String name) {
        return RETIRED.contains(name) ? NullNode.getInstance() : values.get(name);
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) return "";
        if (value.isArray()) {
            return StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(", "));
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static Stream<String> strings(JsonNode node) {
        if (node.isTextual()) return Stream.of(node.textValue());
        if (node.isObject()) return node.properties().stream().flatMap(e -> strings(e.getValue()));
        return StreamSupport.stream(node.spliterator(), false).flatMap(WebhookTemplate::strings);
    }
}

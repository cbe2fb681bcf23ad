package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads a project's routes and escalation policies from JSON (docs/alert-rules.md). Every error names
 * the JSON path of the bad value below {@code at} — {@code routes[1].channels[0]} from the API,
 * {@code projects.prod.routes[1].channels[0]} from the alerting file — so the same code serves both.
 * Channel and policy names are checked against those that exist in the project.
 */
public final class AlertRuleInput {
    public static final int MAX_ROUTES = 100;
    static final int MAX_STEPS = 10;
    static final Duration MIN_REPEAT = Duration.ofMinutes(1);
    private static final Pattern POLICY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    static final Set<String> ROUTE_FIELDS = Set.of("name", "match", "channels", "escalation", "continue");
    static final Set<String> MATCH_FIELDS = Set.of("tags", "owners", "severities");
    static final Set<String> POLICY_FIELDS = Set.of("name", "steps", "repeat");
    static final Set<String> STEP_FIELDS = Set.of("after", "channels", "owner");
    static final Set<String> REPEAT_FIELDS = Set.of("every", "times");
    private static final Set<String> SEVERITIES = Set.of("critical", "warning");

    private AlertRuleInput() {}

    /** The routes of a JSON array at {@code at}, in order. */
    public static List<AlertRoute> routes(JsonNode array, String at, Set<String> channels, Set<String> policies) {
        if (array == null || !array.isArray()) throw new ValidationException(at, "must be a list of routes");
        if (array.size() > MAX_ROUTES) throw new ValidationException(at, "must have at most " + MAX_ROUTES + " routes");
        List<AlertRoute> routes = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            routes.add(route(array.get(i), at + "[" + i + "]", channels, policies));
        }
        return routes;
    }

    private static AlertRoute route(JsonNode node, String at, Set<String> channels, Set<String> policies) {
        object(node, at, ROUTE_FIELDS);
        String name = in(at, () -> Fields.text(node, "name", 100));
        JsonNode match = node.get("match");
        List<String> tags = List.of();
        List<String> owners = List.of();
        List<String> severities = List.of();
        if (match != null && !match.isNull()) {
            String m = path(at, "match");
            object(match, m, MATCH_FIELDS);
            tags = names(match, m, "tags", 50, 64, null);
            owners = names(match, m, "owners", 50, 200, null);
            severities = names(match, m, "severities", 2, 20, SEVERITIES);
        }
        List<String> routeChannels = names(node, at, "channels", 50, 100, channels);
        String escalation = in(at, () -> Fields.text(node, "escalation", 100));
        if (escalation != null && !policies.contains(escalation)) {
            throw new ValidationException(path(at, "escalation"), "no escalation policy '" + escalation + "' in this project");
        }
        if (routeChannels.isEmpty() && escalation == null) {
            throw new ValidationException(path(at, "channels"), "give channels, an escalation policy, or both");
        }
        JsonNode cont = node.get("continue");
        if (cont != null && !cont.isNull() && !cont.isBoolean()) throw new ValidationException(path(at, "continue"), "must be true or false");
        return new AlertRoute(name, tags, owners, severities, routeChannels, escalation, cont != null && cont.asBoolean());
    }

    /**
     * An escalation policy named {@code name} (the path's name; the body may repeat it, not change it).
     *
     * @param channels the project's channel names
     */
    public static EscalationPolicy policy(JsonNode node, String at, String name, Set<String> channels, long projectId, Instant now) {
        object(node, at, POLICY_FIELDS);
        checkPolicyName(name, path(at, "name"));
        String given = in(at, () -> Fields.text(node, "name", 100));
        if (given != null && !given.equals(name)) {
            throw new ValidationException(path(at, "name"), "'" + given + "' differs from the name in the path, '" + name + "'");
        }
        String stepsAt = path(at, "steps");
        JsonNode array = node.get("steps");
        if (array == null || !array.isArray() || array.isEmpty() || array.size() > MAX_STEPS) {
            throw new ValidationException(stepsAt, "must be a list of 1 to " + MAX_STEPS + " steps");
        }
        List<EscalationPolicy.Step> steps = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            steps.add(step(array.get(i), stepsAt + "[" + i + "]", channels, i == 0 ? null : steps.get(i - 1).after()));
        }
        Duration repeatEvery = null;
        Integer repeatTimes = null;
        JsonNode repeat = node.get("repeat");
        if (repeat != null && !repeat.isNull()) {
            String r = path(at, "repeat");
            object(repeat, r, REPEAT_FIELDS);
            repeatEvery = in(r, () -> Fields.duration(repeat, "every", true));
            if (repeatEvery == null) throw new ValidationException(path(r, "every"), "is required in repeat");
            if (repeatEvery.compareTo(MIN_REPEAT) < 0) throw new ValidationException(path(r, "every"), "must be at least 1m");
            repeatTimes = in(r, () -> Fields.integer(repeat, "times"));
            if (repeatTimes != null && (repeatTimes < 1 || repeatTimes > 1000)) {
                throw new ValidationException(path(r, "times"), "must be from 1 to 1000, or null for no limit");
            }
        }
        return new EscalationPolicy(0, projectId, name, steps, repeatEvery, repeatTimes, now);
    }

    private static EscalationPolicy.Step step(JsonNode node, String at, Set<String> channels, Duration previous) {
        object(node, at, STEP_FIELDS);
        Duration parsed = in(at, () -> Fields.duration(node, "after", false));
        Duration after = parsed == null ? Duration.ZERO : parsed;
        if (previous == null && !after.isZero()) {
            throw new ValidationException(path(at, "after"), "the first step must come at once (0s): escalation counts from it");
        }
        if (previous != null && after.compareTo(previous) < 0) {
            throw new ValidationException(path(at, "after"), "must not be earlier than the step before");
        }
        List<String> stepChannels = names(node, at, "channels", 50, 100, channels);
        JsonNode owner = node.get("owner");
        if (owner != null && !owner.isNull() && !owner.isBoolean()) throw new ValidationException(path(at, "owner"), "must be true or false");
        boolean toOwner = owner != null && owner.asBoolean();
        if (stepChannels.isEmpty() && !toOwner) {
            throw new ValidationException(path(at, "channels"), "give channels, or owner: true, or both");
        }
        return new EscalationPolicy.Step(after, stepChannels, toOwner);
    }

    /** A policy name, as it appears in URL paths. */
    public static String checkPolicyName(String name, String field) {
        if (name == null || !POLICY_NAME.matcher(name).matches()) {
            throw new ValidationException(field, "must be 1 to 100 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        return name;
    }

    /**
     * A list of distinct non-empty strings at {@code at.field}; each must be in {@code allowed} unless
     * that is null. Errors name the item: {@code routes[1].channels[0]}.
     */
    private static List<String> names(JsonNode node, String at, String field, int maxItems, int maxLength, Set<String> allowed) {
        String f = path(at, field);
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw new ValidationException(f, "must be a list of strings");
        if (v.size() > maxItems) throw new ValidationException(f, "must have at most " + maxItems + " items");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            String itemAt = f + "[" + i + "]";
            if (!item.isTextual() || item.asText().isBlank() || item.asText().length() > maxLength) {
                throw new ValidationException(itemAt, "must be a non-empty string of at most " + maxLength + " characters");
            }
            if (allowed != null && !allowed.contains(item.asText())) {
                throw new ValidationException(itemAt, unknown(field, item.asText(), allowed));
            }
            if (!out.contains(item.asText())) out.add(item.asText());
        }
        return out;
    }

    private static String unknown(String field, String value, Set<String> allowed) {
        return switch (field) {
            case "channels" -> "no channel '" + value + "' in this project";
            default -> "'" + value + "' is not one of " + String.join(", ", new java.util.TreeSet<>(allowed));
        };
    }

    private static void object(JsonNode node, String at, Set<String> known) {
        if (node == null || !node.isObject()) throw new ValidationException(at, "must be an object");
        Fields.rejectUnknown(node, at.isEmpty() ? "" : at + ".", known, Set.of());
    }

    static String path(String at, String field) {
        return at.isEmpty() ? field : at + "." + field;
    }

    /** Runs a {@link Fields} reader, whose errors name a bare field, so that they name it below {@code at}. */
    static <T> T in(String at, Supplier<T> read) {
        try {
            return read.get();
        } catch (ValidationException e) {
            if (at.isEmpty() || e.field() == null) throw e;
            throw new ValidationException(path(at, e.field()), e.getMessage().substring(e.field().length() + 2));
        }
    }
}

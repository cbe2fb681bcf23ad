package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Enums;
import dev.vigil.domain.Execution;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the managed-job fields of a job definition (PRODUCT.md §2): {@code command} or {@code http},
 * and the settings that only make sense with one of them.
 */
final class ExecutionInput {
    static final Set<String> FIELDS = Set.of("command", "http", "workdir", "env", "timeout", "retries", "retryBackoff",
            "overlap", "catchUp", "catchUpWindow", "labels", "after", "params");
    private static final Set<String> HTTP_FIELDS = Set.of("method", "url", "headers", "body");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    /** A timeout or retry back-off shorter than this would kill or retry a run in a busy loop. */
    static final java.time.Duration MIN_TIMER = java.time.Duration.ofSeconds(1);
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private ExecutionInput() {}

    /**
     * Null when the job is only watched. On a watched job a managed-only field may be null or say
     * "none" ({@code retries: 0}, an empty {@code labels}, {@code after}, {@code env} or
     * {@code params}), which is true of it and what generated clients send by default; any other
     * value (an {@code overlap} or {@code catchUp} policy, a {@code timeout} …) asks for runs that
     * Vigil will not make, so it is an error naming the field.
     */
    static Execution read(JsonNode body, String slug) {
        boolean command = body.hasNonNull("command");
        boolean http = body.hasNonNull("http");
        if (command && http) throw new ValidationException("http", "give either command or http, not both");
        if (!command && !http) {
            for (String f : FIELDS) {
                JsonNode value = body.get(f);
                if (value != null && !saysNone(f, value)) {
                    throw new ValidationException(f, "applies only to managed jobs: give a command or an http target");
                }
            }
            return null;
        }
        Execution.Target target = command ? command(body.get("command")) : http(body.get("http"));
        Integer retries = Fields.integer(body, "retries");
        List<String> after = Fields.strings(body, "after", 50, 64);
        for (String upstream : after) {
            Project.checkSlug(upstream, "after");
            if (upstream.equals(slug)) throw new ValidationException("after", "a job cannot run after itself");
        }
        List<String> labels = Fields.strings(body, "labels", 50, 64);
        String workdir = Fields.text(body, "workdir", 1_000);
        if (workdir != null && !workdir.startsWith("/")) throw new ValidationException("workdir", "must be an absolute path");
        return new Execution(target, workdir, names(body, "env"), Fields.duration(body, "timeout", MIN_TIMER),
                retries == null ? 0 : retries, Fields.duration(body, "retryBackoff", MIN_TIMER),
                enumOrNull(body, "overlap", Execution.Overlap.class), enumOrNull(body, "catchUp", Execution.CatchUp.class),
                Fields.duration(body, "catchUpWindow", false), labels, after, names(body, "params"));
    }

    private static boolean saysNone(String field, JsonNode value) {
        if (value.isNull()) return true;
        return switch (field) {
            case "retries" -> value.isIntegralNumber() && value.asLong() == 0;
            case "labels", "after" -> value.isArray() && value.isEmpty();
            case "env", "params" -> value.isObject() && value.isEmpty();
            default -> false;
        };
    }

    private static Execution.Target command(JsonNode node) {
        if (node.isTextual()) return new Execution.Shell(node.asText());
        if (!node.isArray()) throw new ValidationException("command", "must be a list of arguments or a shell string");
        List<String> argv = new java.util.ArrayList<>();
        for (JsonNode a : node) {
            if (!a.isTextual()) throw new ValidationException("command", "arguments must be strings");
            argv.add(a.asText());
        }
        return new Execution.Argv(argv);
    }

    private static Execution.Target http(JsonNode node) {
        if (!node.isObject()) throw new ValidationException("http", "must be an object with method, url, headers, body");
        Fields.rejectUnknown(node, "http.", HTTP_FIELDS, Set.of());
        String url = Fields.text(node, "url", 4_000);
        if (url == null) throw new ValidationException("http.url", "is required");
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ValidationException("http.url", "must be an http(s) URL with a host");
        }
        String method = Fields.text(node, "method", 10);
        method = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
        if (!METHODS.contains(method)) throw new ValidationException("http.method", "must be one of " + METHODS);
        Execution.Http http = new Execution.Http(method, url, names(node, "headers"), Fields.raw(node, "body", 100_000));
        // What an agent will refuse to send (a Host header, CR/LF in a value, credentials in the
        // URL…) is refused here, when the job is defined, rather than failing every run.
        dev.vigil.agent.http.HttpCall.from(http, null);
        return http;
    }

    /** A JSON object of string values whose keys are environment-variable names (or header names). */
    private static Map<String, String> names(JsonNode body, String field) {
        JsonNode node = body.get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) return out;
        if (!node.isObject()) throw new ValidationException(field, "must be an object of string values");
        node.fields().forEachRemaining(e -> {
            boolean header = field.equals("headers");
            if (!header && !ENV_NAME.matcher(e.getKey()).matches()) {
                throw new ValidationException(field, "'" + e.getKey() + "' is not a valid variable name");
            }
            if (!e.getValue().isTextual()) throw new ValidationException(field + "." + e.getKey(), "must be a string");
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    private static <E extends Enum<E>> E enumOrNull(JsonNode body, String field, Class<E> type) {
        String s = Fields.text(body, field, 20);
        return s == null ? null : Enums.fromWire(type, s, field);
    }
}

package dev.vigil.web.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.ValidationException;
import java.util.Arrays;
import java.util.Map;

/**
 * A job form's fields as the JSON the API's {@code PUT /api/v1/jobs/…} would receive. Only the form's
 * own shapes are read here (lists separated by commas, {@code NAME=value} lines); every rule about
 * what a job may be is the API's, applied when this JSON is read.
 *
 * <p>Every field is present, a blank one as JSON null, so that an edit sent as a PATCH clears what
 * was emptied.
 */
final class JobFormBody {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] EXECUTION = {"command", "http", "workdir", "env", "timeout", "retries", "retryBackoff",
            "overlap", "catchUp", "catchUpWindow", "labels", "after", "params"};

    private JobFormBody() {}

    /** {@code keepsHttp}: the job edited has an HTTP target, which a managed form without a command keeps. */
    static ObjectNode of(Map<String, String> v, boolean keepsHttp) {
        ObjectNode b = JSON.objectNode();
        text(b, "name", v.get("name"));
        text(b, "description", v.get("description"));
        text(b, "owner", v.get("owner"));
        b.set("tags", list(v.get("tags")));
        b.set("schedule", schedule(v));
        text(b, "grace", v.get("grace"));
        text(b, "maxRuntime", v.get("maxRuntime"));
        text(b, "minRuntime", v.get("minRuntime"));
        ObjectNode health = b.putObject("health");
        number(health, "consecutiveFailures", v.get("consecutiveFailures"));
        text(health, "failureWithoutSuccessFor", v.get("failureWithoutSuccessFor"));
        number(health, "recoverAfter", v.get("recoverAfter"));
        b.set("dependsOn", list(v.get("dependsOn")));
        for (String f : EXECUTION) b.putNull(f);
        if ("managed".equals(v.get("mode"))) {
            managed(b, v, keepsHttp);
        } else if (!"watched".equals(v.get("mode"))) {
            throw new ValidationException("mode", "choose watched or managed");
        }
        return b;
    }

    private static ObjectNode schedule(Map<String, String> v) {
        String kind = blankToNull(v.get("scheduleKind"));
        if (kind == null || kind.equals("none")) return null;
        ObjectNode s = JSON.objectNode();
        switch (kind) {
            case "cron" -> {
                s.put("cron", v.getOrDefault("cron", "").strip());
                text(s, "timezone", v.get("timezone"));
            }
            case "every" -> s.put("every", v.getOrDefault("every", "").strip());
            default -> throw new ValidationException("scheduleKind", "choose cron, every or none");
        }
        return s;
    }

    private static void managed(ObjectNode b, Map<String, String> v, boolean keepsHttp) {
        String command = v.getOrDefault("command", "");
        switch (v.getOrDefault("commandKind", "shell")) {
            case "argv" -> {
                ArrayNode argv = JSON.arrayNode();
                command.lines().filter(l -> !l.isBlank()).forEach(argv::add);
                if (!argv.isEmpty()) b.set("command", argv);
            }
            case "shell", "http" -> { if (!command.isBlank()) b.put("command", command.strip()); }
            default -> throw new ValidationException("commandKind", "choose a shell script or one argument per line");
        }
        if (b.get("command").isNull()) {
            if (!keepsHttp) throw new ValidationException("command", "a managed job needs a command: Vigil runs it");
            b.remove("http"); // absent: an edit keeps the job's HTTP target
        }
        text(b, "workdir", v.get("workdir"));
        b.set("env", names(v.get("env"), "env"));
        text(b, "timeout", v.get("timeout"));
        number(b, "retries", v.get("retries"));
        text(b, "retryBackoff", v.get("retryBackoff"));
        text(b, "overlap", v.get("overlap"));
        text(b, "catchUp", v.get("catchUp"));
        text(b, "catchUpWindow", v.get("catchUpWindow"));
        b.set("labels", list(v.get("labels")));
        b.set("after", list(v.get("after")));
        b.set("params", names(v.get("params"), "params"));
    }

    private static void text(ObjectNode b, String name, String value) {
        String s = blankToNull(value);
        if (s == null) b.putNull(name);
        else b.put(name, s);
    }

    /** A whole number as a JSON number; anything else as typed, for the API to refuse with its own words. */
    private static void number(ObjectNode b, String name, String value) {
        String s = blankToNull(value);
        if (s != null && s.matches("-?\\d{1,9}")) b.put(name, Integer.parseInt(s));
        else text(b, name, s);
    }

    /** Items separated by commas or white space. */
    private static ArrayNode list(String value) {
        ArrayNode a = JSON.arrayNode();
        if (value != null) Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isBlank()).forEach(a::add);
        return a;
    }

    /** One {@code NAME=value} per line. */
    private static ObjectNode names(String value, String field) {
        ObjectNode o = JSON.objectNode();
        if (value == null) return o;
        for (String line : value.lines().toList()) {
            if (line.isBlank()) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) throw new ValidationException(field, "write one NAME=value per line, not '" + line.strip() + "'");
            o.put(line.substring(0, eq).strip(), line.substring(eq + 1));
        }
        return o;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

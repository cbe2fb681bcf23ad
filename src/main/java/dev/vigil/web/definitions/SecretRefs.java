package dev.vigil.web.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.domain.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Secrets by reference in a channel's config (docs/jobs-as-code.md): a value written as
 * {@code {"fromEnv": "NAME"}} or {@code {"fromFile": "PATH"}} is replaced by the variable's value or
 * the file's content (one trailing newline dropped), and where it came from is kept as a secret ref:
 * field path → {@code env:NAME} or {@code file:PATH}. Pure: the environment and the base directory of
 * relative paths are given, so the CLI resolves on the client and {@code VIGIL_ALERTING} on the server.
 */
public final class SecretRefs {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern REF = Pattern.compile("(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)");

    private SecretRefs() {}

    /** A config with its references resolved, and the refs by field path. */
    public record Resolved(ObjectNode config, Map<String, String> refs) {}

    /**
     * Resolves every reference in {@code config}.
     *
     * @param at      the config's own path, for errors: {@code projects.prod.channels[0].config}
     * @param env     the environment to read {@code fromEnv} from
     * @param baseDir what a relative {@code fromFile} path is relative to
     * @throws ValidationException naming the field, e.g. {@code projects.prod.channels[0].config.url}
     */
    public static Resolved resolve(ObjectNode config, String at, Map<String, String> env, Path baseDir) {
        ObjectNode copy = config.deepCopy();
        Map<String, String> refs = new TreeMap<>();
        walk(copy, "", at, env, baseDir, refs);
        return new Resolved(copy, refs);
    }

    /** Whether {@code ref} is {@code env:NAME} or {@code file:PATH}. */
    public static boolean isRef(String ref) {
        return ref != null && REF.matcher(ref).matches();
    }

    /** The reference form of a ref, for export: {@code {"fromEnv": "NAME"}} or {@code {"fromFile": "PATH"}}. */
    public static ObjectNode reference(String ref) {
        ObjectNode node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (ref.startsWith("env:")) node.put("fromEnv", ref.substring(4));
        else node.put("fromFile", ref.substring(5));
        return node;
    }

    /** Whether the config field at {@code path} is one of {@code secretFields} or below one. */
    public static boolean isSecret(String path, java.util.Collection<String> secretFields) {
        for (String s : secretFields) {
            if (path.equals(s) || path.startsWith(s + ".")) return true;
        }
        return false;
    }

    private static void walk(ObjectNode node, String prefix, String at, Map<String, String> env, Path baseDir,
                             Map<String, String> refs) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String path = prefix + name;
            JsonNode value = node.get(name);
            if (!(value instanceof ObjectNode o)) continue;
            boolean fromEnv = o.has("fromEnv");
            boolean fromFile = o.has("fromFile");
            if (!fromEnv && !fromFile) {
                walk(o, path + ".", at, env, baseDir, refs);
                continue;
            }
            String field = at + "." + path;
            if (o.size() != 1) throw new ValidationException(field, "give fromEnv or fromFile, and nothing else");
            if (fromEnv) {
                String var = o.get("fromEnv").textValue();
                if (var == null || !ENV_NAME.matcher(var).matches()) {
                    throw new ValidationException(field + ".fromEnv", "must be an environment variable name");
                }
                String v = env.get(var);
                if (v == null) throw new ValidationException(field, "environment variable " + var + " is not set");
                node.set(name, TextNode.valueOf(v));
                refs.put(path, "env:" + var);
            } else {
                String file = o.get("fromFile").textValue();
                if (file == null || file.isBlank()) throw new ValidationException(field + ".fromFile", "must be a file path");
                Path p = baseDir == null ? Path.of(file) : baseDir.resolve(file);
                String v;
                try {
                    v = Files.readString(p, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new ValidationException(field, "cannot read " + file + ": " + e.getClass().getSimpleName());
                }
                if (v.endsWith("\n")) v = v.substring(0, v.length() - (v.endsWith("\r\n") ? 2 : 1));
                node.set(name, TextNode.valueOf(v));
                refs.put(path, "file:" + file);
            }
        }
    }
}

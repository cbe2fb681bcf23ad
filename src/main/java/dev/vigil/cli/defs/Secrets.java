package dev.vigil.cli.defs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.cli.defs.DefinitionError.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Puts secrets into channel configs where the files only name them: a value written
 * {@code {fromEnv: NAME}} or {@code {fromFile: PATH}} (relative to the file it is written in) becomes
 * the variable's or the file's contents, and the channel's {@code secretRefs} records where it came
 * from, so that the server never stores a reference it cannot show and {@code vigil export} writes the
 * reference back instead of the secret.
 */
final class Secrets {
    private Secrets() {}

    static Definitions resolve(Definitions d, Map<String, String> env) {
        List<Problem> problems = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> projects = d.document().path("projects").fields();
        while (projects.hasNext()) {
            Map.Entry<String, JsonNode> p = projects.next();
            JsonNode channels = p.getValue().path("channels");
            for (int i = 0; i < channels.size(); i++) {
                String at = "projects." + p.getKey() + ".channels[" + i + "]";
                JsonNode channel = channels.get(i);
                if (!channel.isObject() || !channel.path("config").isObject()) continue;
                Path base = d.baseDirs().getOrDefault(at, Path.of("."));
                ObjectNode refs = ((ObjectNode) channel).putObject("secretRefs");
                resolve((ObjectNode) channel.get("config"), "", env, base, at + ".config", refs, d, problems);
                if (refs.isEmpty()) ((ObjectNode) channel).remove("secretRefs");
            }
        }
        if (!problems.isEmpty()) throw new DefinitionError(problems);
        return d;
    }

    private static void resolve(ObjectNode config, String prefix, Map<String, String> env, Path base, String at, ObjectNode refs,
                                Definitions d, List<Problem> problems) {
        List<String> fields = new ArrayList<>();
        config.fieldNames().forEachRemaining(fields::add);
        for (String f : fields) {
            JsonNode v = config.get(f);
            String path = at + "." + f;
            String refPath = prefix + f;
            if (!v.isObject()) continue;
            JsonNode fromEnv = v.get("fromEnv");
            JsonNode fromFile = v.get("fromFile");
            if (fromEnv == null && fromFile == null) {
                resolve((ObjectNode) v, refPath + ".", env, base, path, refs, d, problems);
                continue;
            }
            if (v.size() != 1 || !(fromEnv != null ? fromEnv : fromFile).isTextual()) {
                problems.add(new Problem(d.locate(path), path, "a secret reference is {fromEnv: NAME} or {fromFile: PATH}, nothing else"));
                continue;
            }
            if (fromEnv != null) {
                String value = env.get(fromEnv.textValue());
                if (value == null || value.isEmpty()) {
                    problems.add(new Problem(d.locate(path), path, "environment variable " + fromEnv.textValue() + " is not set"));
                    continue;
                }
                config.put(f, value);
                refs.put(refPath, "env:" + fromEnv.textValue());
            } else {
                Path file = base.resolve(fromFile.textValue());
                try {
                    config.put(f, java.nio.file.Files.readString(file).strip());
                    refs.put(refPath, "file:" + fromFile.textValue());
                } catch (java.io.IOException | RuntimeException e) {
                    problems.add(new Problem(d.locate(path), path, "cannot read secret file " + file + ": " + e.getMessage()));
                }
            }
        }
    }
}

package dev.vigil.cli.defs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.cli.defs.DefinitionError.Problem;
import dev.vigil.domain.ValidationException;
import dev.vigil.web.definitions.SecretRefs;
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
                try {
                    SecretRefs.Resolved r = SecretRefs.resolve((ObjectNode) channel.get("config"), at + ".config", env, base);
                    ((ObjectNode) channel).set("config", r.config());
                    if (!r.refs().isEmpty()) {
                        ObjectNode refs = ((ObjectNode) channel).putObject("secretRefs");
                        r.refs().forEach(refs::put);
                    }
                } catch (ValidationException e) {
                    String message = e.getMessage().substring(e.field().length() + 2);
                    problems.add(new Problem(d.locate(e.field()), e.field(), message));
                }
            }
        }
        if (!problems.isEmpty()) throw new DefinitionError(problems);
        return d;
    }
}

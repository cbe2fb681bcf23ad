package dev.vigil.alert.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON examples of a channel's page in docs/channels, each marked by an HTML comment such as
 * {@code <!-- example: trigger -->} just before its block, so tests keep the documentation true.
 */
public final class DocExamples {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DocExamples() {}

    /** The JSON block after {@code <!-- example: name -->} in {@code docs/channels/<kind>.md}. */
    public static JsonNode json(String kind, String name) {
        String doc;
        try {
            doc = Files.readString(Path.of("docs/channels/" + kind + ".md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = Pattern.compile("<!-- example: " + Pattern.quote(name) + " -->\\s*```json\\n(.*?)```", Pattern.DOTALL)
                .matcher(doc);
        if (!m.find()) throw new AssertionError("no example '" + name + "' in docs/channels/" + kind + ".md");
        return read(m.group(1));
    }

    public static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.vigil.cli.defs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.cli.client.ApiClient;
import dev.vigil.cli.client.ClientException;
import dev.vigil.cli.client.ClientOptions;
import dev.vigil.cli.client.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil export}: the server's current definitions as a file {@code vigil apply} takes, YAML by
 * default ({@code -o json} for JSON). Secrets are never written: a channel's secret is written as the
 * environment variable or file it was applied from, or as a variable to set (listed on standard error).
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the server's definitions (jobs, channels, routes, policies, windows) as a file vigil apply takes.",
                "YAML, or JSON with -o json. Secrets are written as references, never as values."})
public final class ExportCommand implements Callable<Integer> {
    static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    @Option(names = {"-p", "--project"}, paramLabel = "SLUG", description = "only this project; repeatable (default: every project the key can read)")
    List<String> projects = new ArrayList<>();

    @Option(names = "--managed-only", description = "only what vigil apply manages, not objects made in the dashboard or the API")
    boolean managedOnly;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "write to this file instead of standard output")
    Path file;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient api = client.api();
        StringBuilder query = new StringBuilder();
        for (String p : projects) query.append(query.isEmpty() ? "?" : "&").append("project=").append(ApiClient.seg(p));
        if (managedOnly) query.append(query.isEmpty() ? "?" : "&").append("managedOnly=true");
        JsonNode answer = api.get("/export" + query);
        for (JsonNode warning : answer.path("warnings")) client.err().println("vigil: " + warning.asText());
        client.err().flush();
        ObjectNode document = answer.deepCopy();
        document.remove("warnings");
        String text = client.json() ? document.toPrettyString() + "\n"
                : "# yaml-language-server: $schema=" + api.server() + "/api/v1/schema/definitions.json\n" + yaml(document);
        if (file == null) {
            client.out().print(text);
            client.out().flush();
        } else {
            try {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ClientException(ExitCodes.ERROR, "cannot write " + file + ": " + e.getMessage());
            }
        }
        return ExitCodes.OK;
    }

    static String yaml(JsonNode document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write YAML; indicates a bug", e);
        }
    }
}

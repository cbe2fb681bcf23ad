package dev.vigil.cli.defs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.vigil.cli.client.Vigil;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The definitions schema the server serves, checked by a real JSON Schema (2020-12) validator: the
 * documented example and what {@code vigil export} writes conform to it; mistakes an editor should
 * flag do not.
 */
class DefinitionsSchemaValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Schema schema() throws Exception {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("docs/definitions.schema.json")), InputFormat.JSON);
    }

    private static List<String> errors(JsonNode document) throws Exception {
        return schema().validate(document).stream().map(Error::toString).toList();
    }

    @Test
    void the_documented_example_conforms() throws Exception {
        String doc = Files.readString(Path.of("docs/jobs-as-code.md"));
        int start = doc.indexOf("```json\n") + "```json\n".length();
        JsonNode example = JSON.readTree(doc.substring(start, doc.indexOf("```", start)));

        assertThat(errors(example)).isEmpty();
    }

    @Test
    void what_export_writes_conforms(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(new MutableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC))) {
            Map<String, String> env = Map.of("VIGIL_SERVER", server.url(""), "VIGIL_KEY", TestServer.ADMIN_KEY,
                    "VIGIL_CONFIG", dir.resolve("none").toString(), "HOOK_SECRET", "s3cret-s3cret");
            Path file = dir.resolve("shop.yaml");
            Files.writeString(file, """
                    projects:
                      shop:
                        name: Shop
                        jobs:
                          - {slug: backup, schedule: {cron: "0 2 * * *", timezone: Europe/Berlin}, grace: 10m, tags: [db]}
                          - {slug: report_hourly, every: 1h, command: [/bin/true], retries: 2, overlap: skip}
                        channels:
                          - {name: hook, kind: webhook, config: {url: "http://127.0.0.1:9/h", secret: {fromEnv: HOOK_SECRET}}}
                        escalationPolicies:
                          - {name: ops, steps: [{after: 0s, channels: [hook]}]}
                        routes:
                          - {match: {tags: [db]}, escalation: ops}
                          - {channels: [hook]}
                        maintenanceWindows:
                          - {name: patching, cron: "0 3 * * 0", duration: 2h, comment: OS patches}
                    """);
            Vigil.Result applied = Vigil.run(env, "apply", "-f", file.toString());
            assertThat(applied.code()).as(applied.toString()).isEqualTo(10);
            Path exported = dir.resolve("exported.yaml");
            assertThat(Vigil.run(env, "export", "-f", exported.toString()).code()).isZero();

            JsonNode document = DefinitionFiles.load(List.of(exported)).document();
            assertThat(document.path("projects").path("shop").path("jobs")).hasSize(2);
            assertThat(errors(document)).isEmpty();
        }
    }

    @Test
    void mistakes_an_editor_should_mark_do_not_conform() throws Exception {
        JsonNode bad = JSON.readTree("""
                {"projects": {"shop": {
                  "jobs": [{"slug": "Bad Slug", "overlap": "sometimes", "colour": "red"}],
                  "channels": [{"name": "x", "kind": "carrier-pigeon"}]}}}
                """);

        assertThat(String.join("\n", errors(bad))).contains("slug", "overlap", "colour", "kind");
    }
}

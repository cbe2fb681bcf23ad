package dev.vigil.cli.defs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionFilesTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    @Test
    void a_directory_of_yaml_and_json_files_merges_into_one_document_per_project() throws IOException {
        write("prod/jobs.yaml", """
                projects:
                  prod:
                    name: Production
                    jobs:
                      - slug: backup
                        schedule: {cron: "0 2 * * *", timezone: Europe/Berlin}
                      - slug: report
                        every: 1h
                """);
        write("prod/alerting.json", """
                {"projects": {"prod": {"channels": [{"name": "ops", "kind": "log"}], "routes": [{"channels": ["ops"]}]}}}
                """);
        write("dev.yml", """
                projects:
                  dev:
                    jobs:
                      - slug: backup
                ---
                projects:
                  dev:
                    jobs:
                      - slug: sync
                """);
        write("README.md", "not a definition");

        Definitions d = DefinitionFiles.load(List.of(dir));

        JsonNode prod = d.document().path("projects").path("prod");
        assertThat(prod.path("name").asText()).isEqualTo("Production");
        assertThat(prod.path("jobs").findValuesAsText("slug")).containsExactly("backup", "report");
        assertThat(prod.path("channels").get(0).path("name").asText()).isEqualTo("ops");
        assertThat(d.document().path("projects").path("dev").path("jobs").findValuesAsText("slug")).containsExactly("backup", "sync");
        assertThat(d.document().path("projects").size()).isEqualTo(2);
    }

    @Test
    void a_field_path_of_the_merged_document_is_located_in_its_file_and_line() throws IOException {
        Path a = write("a.yaml", """
                projects:
                  prod:
                    jobs:
                      - slug: one
                """);
        Path b = write("b.yaml", """
                # second file
                projects:
                  prod:
                    jobs:
                      - slug: two
                        schedule:
                          cron: "61 * * * *"
                """);

        Definitions d = DefinitionFiles.load(List.of(a, b));

        // Merged, "two" is the second job; in its file it is the first.
        assertThat(d.locate("projects.prod.jobs[1].schedule.cron")).isEqualTo(b + ":7:11");
        assertThat(d.locate("projects.prod.jobs[1].grace")).isEqualTo(b + ":5:9");
        assertThat(d.locate("projects.prod.jobs[0]")).startsWith(a + ":4:");
    }

    @Test
    void every_problem_is_reported_with_its_place_and_nothing_is_returned() throws IOException {
        Path a = write("a.yaml", """
                projects:
                  prod:
                    jobs:
                      - slug: backup
                """);
        Path b = write("b.yaml", """
                projects:
                  prod:
                    jobs:
                      - slug: backup
                    routes: []
                  dev: [1, 2]
                extra: true
                """);
        Path c = write("c.yaml", """
                projects:
                  prod:
                    routes: []
                    routes: [{channels: [x]}]
                """);
        Path broken = write("d.yaml", "projects:\n  prod: {jobs: [\n");

        assertThatThrownBy(() -> DefinitionFiles.load(List.of(a, b, c, broken, dir.resolve("missing.yaml"))))
                .isInstanceOfSatisfying(DefinitionError.class, e -> assertThat(e.problems()).extracting(Object::toString)
                        .anySatisfy(p -> assertThat(p).startsWith(b + ":4:").contains("job 'backup' is defined twice; first at " + a + ":4:"))
                        .anySatisfy(p -> assertThat(p).startsWith(b + ":6:").contains("projects.dev: must be a mapping"))
                        .anySatisfy(p -> assertThat(p).startsWith(b + ":7:").contains("extra: unknown field"))
                        .anySatisfy(p -> assertThat(p).startsWith(c + ":4:").contains("projects.prod.routes: is given twice"))
                        .anySatisfy(p -> assertThat(p).startsWith(c.toString()).contains("routes: is given in more than one place; first at " + b))
                        .anySatisfy(p -> assertThat(p).startsWith(broken + ":").contains("not valid YAML"))
                        .anySatisfy(p -> assertThat(p).startsWith(dir.resolve("missing.yaml").toString()).contains("no such file")));
    }

    @Test
    void json_files_are_located_too_and_a_schema_reference_is_allowed() throws IOException {
        Path f = write("jobs.json", """
                {
                  "$schema": "http://localhost:8080/api/v1/schema/definitions.json",
                  "projects": {
                    "prod": {
                      "jobs": [
                        {"slug": "backup",
                         "grace": "forever"}
                      ]
                    }
                  }
                }
                """);

        Definitions d = DefinitionFiles.load(List.of(f));

        assertThat(d.locate("projects.prod.jobs[0].grace")).isEqualTo(f + ":7:10");
        assertThat(d.document().has("$schema")).isFalse();
    }
}

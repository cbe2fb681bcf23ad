package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code openapi.json} linted by real validators (see {@link OpenApiLint}), so that generated
 * clients and editors can use it: any error or warning fails the build. Each check is also shown
 * to find the mistake it exists for, in a copy of the document with that mistake.
 */
class OpenApiLintTest {
    private static final Path DOCUMENT = Path.of("src/main/resources/openapi.json");
    private static final Path DOCS = Path.of("docs");

    private static String document() throws IOException {
        return Files.readString(DOCUMENT);
    }

    private static OpenApiLint lint(String json) {
        return new OpenApiLint(json);
    }

    @Test
    void swagger_parser_reads_it_as_openapi_3_1_and_reports_nothing() throws IOException {
        assertThat(lint(document()).parserMessages()).isEmpty();
    }

    @Test
    void swagger_parser_reports_a_structural_mistake() throws IOException {
        String broken = document().replace("\"operationId\": \"pingSuccess\",", "\"operationId\": \"pingSuccess\", \"summry\": \"x\",");
        assertThat(lint(broken).parserMessages()).anySatisfy(m -> assertThat(m).contains("summry"));
    }

    @Test
    void every_schema_uses_only_openapi_3_1_keywords_and_is_a_valid_json_schema() throws IOException {
        OpenApiLint lint = lint(document());
        assertThat(lint.allSchemas()).hasSizeGreaterThan(500);
        assertThat(lint.schemaFindings()).isEmpty();
    }

    @Test
    void openapi_3_0_nullable_and_a_malformed_keyword_are_found() throws IOException {
        String nullable = document().replace("\"description\": \"runs dispatched to or running on it\"",
                "\"description\": \"runs dispatched to or running on it\", \"nullable\": true");
        assertThat(nullable).isNotEqualTo(document());
        assertThat(lint(nullable).schemaFindings()).anySatisfy(f -> assertThat(f).contains("nullable"));
        String badType = document().replace("\"description\": \"runs dispatched to or running on it\"",
                "\"description\": \"runs dispatched to or running on it\", \"minimum\": \"one\"");
        assertThat(lint(badType).schemaFindings()).anySatisfy(f -> assertThat(f).contains("minimum"));
    }

    @Test
    void every_example_conforms_to_its_own_schema() throws IOException {
        assertThat(lint(document()).exampleFindings()).isEmpty();
    }

    @Test
    void an_example_that_breaks_its_schema_is_found() throws IOException {
        String broken = document().replace("\"field\": \"schedule.cron\"\n", "\"field\": 7\n");
        assertThat(broken).isNotEqualTo(document());
        assertThat(lint(broken).exampleFindings()).anySatisfy(f -> assertThat(f).contains("/example").contains("field"));
    }

    @Test
    void every_doc_it_names_exists_with_the_heading_it_names() throws IOException {
        assertThat(lint(document()).docLinkFindings(DOCS)).isEmpty();
        assertThat(lint(document().replace("docs/alert-rules.md", "docs/alert-rulez.md")).docLinkFindings(DOCS))
                .anySatisfy(f -> assertThat(f).contains("alert-rulez.md does not exist"));
    }

    @Test
    void every_body_has_a_media_type_generators_use() throws IOException {
        assertThat(lint(document()).mediaTypeFindings()).isEmpty();
        String wildcard = document().replace("\"text/plain; charset=utf-8\"", "\"*/*\"");
        assertThat(lint(wildcard).mediaTypeFindings()).isNotEmpty();
    }
}

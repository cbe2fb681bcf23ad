package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.ChannelRegistry;
import dev.vigil.alert.channel.StandardChannels;
import dev.vigil.domain.Execution;
import dev.vigil.domain.ValidationException;
import dev.vigil.testing.TestOutbound;
import dev.vigil.web.definitions.Document;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The definitions schema (docs/definitions.schema.json) against the readers it describes: every
 * field they take has an entry and every entry is a field they take, so that a new API field
 * without a schema entry fails here. (No JSON Schema validator is at hand offline.)
 */
class DefinitionsSchemaTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNode SCHEMA = read();
    static final JsonNode DEFS = SCHEMA.get("$defs");

    private static JsonNode read() {
        try (InputStream in = DefinitionsSchemaTest.class.getResourceAsStream("/definitions.schema.json")) {
            return JSON.readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> properties(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> plus(Set<String> set, String... more) {
        Set<String> out = new TreeSet<>(set);
        out.addAll(Arrays.asList(more));
        return out;
    }

    @Test
    void the_served_schema_is_the_documented_one() throws Exception {
        assertThat(SCHEMA).isEqualTo(JSON.readTree(Files.readString(Path.of("docs/definitions.schema.json"))));
        assertThat(SCHEMA.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void every_section_names_exactly_the_fields_its_reader_takes() {
        assertThat(properties(SCHEMA)).isEqualTo(new TreeSet<>(plus(Document.ROOT_FIELDS, Document.ROOT_IGNORED.toArray(String[]::new))));
        assertThat(properties(DEFS.get("project"))).isEqualTo(new TreeSet<>(Document.PROJECT_FIELDS));
        assertThat(properties(DEFS.get("job"))).isEqualTo(plus(ApiForms.JOB_FIELDS, "slug"));
        assertThat(properties(DEFS.get("channel"))).isEqualTo(new TreeSet<>(Document.CHANNEL_FIELDS));
        assertThat(properties(DEFS.get("escalationPolicy"))).isEqualTo(new TreeSet<>(AlertRuleInput.POLICY_FIELDS));
        assertThat(properties(DEFS.get("escalationPolicy").get("properties").get("steps").get("items")))
                .isEqualTo(new TreeSet<>(AlertRuleInput.STEP_FIELDS));
        assertThat(properties(DEFS.get("escalationPolicy").get("properties").get("repeat"))).isEqualTo(new TreeSet<>(AlertRuleInput.REPEAT_FIELDS));
        assertThat(properties(DEFS.get("route"))).isEqualTo(new TreeSet<>(AlertRuleInput.ROUTE_FIELDS));
        assertThat(properties(DEFS.get("route").get("properties").get("match"))).isEqualTo(new TreeSet<>(AlertRuleInput.MATCH_FIELDS));
        assertThat(properties(DEFS.get("maintenanceWindow"))).isEqualTo(new TreeSet<>(SuppressionInput.WINDOW_FIELDS));
        assertThat(DEFS.get("job").get("properties").get("overlap").get("enum")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(Arrays.stream(Execution.Overlap.values()).map(Execution.Overlap::wire).toArray(String[]::new));
        assertThat(DEFS.get("job").get("properties").get("catchUp").get("enum")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(Arrays.stream(Execution.CatchUp.values()).map(Execution.CatchUp::wire).toArray(String[]::new));
        assertThat(DEFS.get("job").get("properties").get("retries").get("maximum").asInt()).isEqualTo(Execution.MAX_RETRIES);
    }

    /** Each kind's config: the schema's fields are those the channel's own check knows, which it lists when one is unknown. */
    @Test
    void every_channel_kind_and_config_field_is_in_the_schema() {
        ChannelRegistry registry = StandardChannels.registry(Clock.systemUTC(), TestOutbound.POLICY);
        JsonNode kinds = DEFS.get("channel").get("properties").get("kind").get("enum");
        Set<String> listed = new TreeSet<>();
        kinds.forEach(k -> listed.add(k.asText()));
        assertThat(listed).isEqualTo(registry.kinds());
        Pattern expected = Pattern.compile("expected one of \\[(.*)]");
        for (JsonNode clause : DEFS.get("channel").get("allOf")) {
            String kind = clause.get("if").get("properties").get("kind").get("const").asText();
            Set<String> schemaFields = properties(clause.get("then").get("properties").get("config"));
            ValidationException e = catchThrowableOfType(ValidationException.class,
                    () -> registry.validate(kind, "{\"surely-not-a-field\": 1}"));
            assertThat(e).as(kind).isNotNull();
            Matcher m = expected.matcher(e.getMessage());
            Set<String> known = m.find() ? new HashSet<>(Arrays.asList(m.group(1).split(", "))) : Set.of();
            assertThat(schemaFields).as(kind + ": " + e.getMessage()).isEqualTo(new TreeSet<>(known));
            // Secret fields (by name, top level) accept a reference.
            for (String secret : registry.secretFields(kind)) {
                String top = secret.contains(".") ? secret.substring(0, secret.indexOf('.')) : secret;
                assertThat(schemaFields).as(kind).contains(top);
            }
        }
    }
}

package dev.vigil.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tags read without a JSON parser give exactly what the parser gives, and odd JSON still reads. */
class TagsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void what_is_written_reads_back_the_same() {
        for (List<String> tags : List.of(List.<String>of(), List.of("a"), List.of("prod", "eu-west", "k8s:ns/app", "v=2", "x.y_z"),
                List.of(""), List.of("ünïcødé", "日本"), List.of("quote\"d", "back\\slash", "tab\tline\n"))) {
            assertThat(Tags.fromJson(Tags.toJson(tags))).isEqualTo(tags);
        }
    }

    @Test
    void other_json_spellings_go_through_the_parser() throws Exception {
        for (String json : List.of("[ ]", "[\"a\", \"b\"]", " [\"a\"]", "[\"a\",\"b\" ]", "[\"a\\u0062\"]")) {
            assertThat(Tags.fromJson(json)).as(json).isEqualTo(JSON.readerForListOf(String.class).readValue(json));
        }
    }
}

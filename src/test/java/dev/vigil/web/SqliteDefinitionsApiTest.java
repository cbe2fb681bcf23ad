package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqliteDefinitionsApiTest extends DefinitionsApiContract {
    @Override
    TestServer start() {
        return TestServer.start(MutableClock.at("2026-06-01T10:00:00Z"));
    }

    /** The example of docs/jobs-as-code.md applies as it says, and a second time plans nothing. */
    @Test
    void the_documented_example_applies() throws Exception {
        String md = Files.readString(Path.of("docs/jobs-as-code.md"));
        int start = md.indexOf("```json\n", md.indexOf("## The format")) + "```json\n".length();
        JsonNode example = JSON.readTree(md.substring(start, md.indexOf("```", start)));
        String body = resolved(example, Map.of("PAGER_SECRET", "from-the-environment"));

        JsonNode first = applied("?source=docs", body);
        assertThat(first.get("changes")).hasSize(8); // the project, two jobs, two channels, a policy, the routes, a window
        JsonNode second = applied("?source=docs", body);
        assertThat(second.get("changes")).as(second.toString()).isEmpty();
        assertThat(second.get("unchanged").asInt()).isEqualTo(7);
    }
}

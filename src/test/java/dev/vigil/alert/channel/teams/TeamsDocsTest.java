package dev.vigil.alert.channel.teams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the example in docs/channels/teams.md true to what the channel sends. */
class TeamsDocsTest {
    private static final Path DOC = Path.of("docs/channels/teams.md");

    @Test
    void documented_config_is_valid_and_the_documented_payload_is_what_is_sent() throws Exception {
        String doc = Files.readString(DOC);
        ObjectMapper json = new ObjectMapper();
        JsonNode channel = json.readTree(block(doc, "teams-config"));

        TeamsConfig.parse(channel.get("config").toString());

        assertThat(channel.get("kind").asText()).isEqualTo(TeamsChannel.KIND);
        assertThat(TeamsCard.of(Messages.trigger())).isEqualTo(json.readTree(block(doc, "teams-payload")));
    }

    private static String block(String doc, String marker) {
        Matcher m = Pattern.compile("<!-- " + marker + " -->\\s*```json\\n(.*?)\\n```\\n", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as(marker + " in " + DOC).isTrue();
        return m.group(1);
    }
}

package dev.vigil.alert.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.Fixtures;
import dev.vigil.testing.TestOutbound;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the payload example in docs/alerting.md true to what the webhook sends. */
class WebhookDocsTest {
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(\\{\\n  \"event\".*?)```", Pattern.DOTALL);

    @Test
    void documented_payload_has_exactly_the_fields_the_webhook_sends_in_that_order() throws Exception {
        Matcher m = JSON_BLOCK.matcher(Files.readString(Path.of("docs/alerting.md")));
        assertThat(m.find()).as("payload example in docs/alerting.md").isTrue();
        String documented = m.group(1);

        AlertMessage message = Fixtures.message(Fixtures.backupJob(), Fixtures.missedFlip(9), Fixtures.BASE_URL, null);
        String sent = new WebhookChannel(TestOutbound.alertClient(), Clock.systemUTC()).body(message, "vigil-" + Fixtures.JOB_UNIQUE_KEY + "-9-3");

        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(documented)).isEqualTo(json.readTree(sent));
        assertThat(fieldNames(json.readTree(documented))).isEqualTo(fieldNames(json.readTree(sent)));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

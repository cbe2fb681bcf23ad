package dev.vigil.alert.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.Messages;
import dev.vigil.testing.TestOutbound;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the template example in docs/channels/webhook.md true to what the webhook sends. */
class WebhookTemplateDocsTest {
    private static final Path DOC = Path.of("docs/channels/webhook.md");

    @Test
    void documented_template_renders_to_the_documented_body() throws Exception {
        String doc = Files.readString(DOC);
        ObjectMapper json = new ObjectMapper();
        JsonNode channel = json.readTree(block(doc, "template-config"));
        WebhookConfig config = WebhookConfig.parse(channel.get("config").toString());

        String sent = new WebhookChannel(TestOutbound.alertClient(), Clock.systemUTC()).body(Messages.trigger(), Messages.KEY + "-3", config.template());

        assertThat(channel.get("kind").asText()).isEqualTo(WebhookChannel.KIND);
        assertThat(json.readTree(sent)).isEqualTo(json.readTree(block(doc, "template-body")));
    }

    @Test
    void every_placeholder_is_documented() throws Exception {
        String doc = Files.readString(DOC);
        for (String name : WebhookTemplate.NAMES) assertThat(doc).contains("`" + name + "`");
    }

    /** The ```json block after {@code <!-- marker -->}. */
    private static String block(String doc, String marker) {
        Matcher m = Pattern.compile("<!-- " + marker + " -->\\s*```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as(marker + " in " + DOC).isTrue();
        return m.group(1);
    }
}

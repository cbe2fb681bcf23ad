package dev.vigil.alert.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.AlertText;
import dev.vigil.alert.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps docs/channels/email.md true: its example config is valid, its sample body and subjects are what is sent. */
class EmailDocsTest {
    private static final Path DOC = Path.of("docs/channels/email.md");

    @Test
    void example_channel_is_an_email_channel_with_a_valid_config() throws Exception {
        Matcher m = Pattern.compile("```json\\n(\\{\\n  \"kind\": \"email\".*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        assertThat(m.find()).as("example channel in " + DOC).isTrue();
        JsonNode channel = new ObjectMapper().readTree(m.group(1));

        assertThat(channel.get("kind").asText()).isEqualTo(EmailChannel.KIND);
        EmailConfig config = EmailConfig.parse(channel.get("config").toString());
        assertThat(config.to()).hasSize(2);
        assertThat(config.authenticates()).isTrue();
    }

    @Test
    void sample_plain_text_body_is_what_the_trigger_sends() throws Exception {
        Matcher m = Pattern.compile("```text\\n(DOWN .*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        assertThat(m.find()).as("sample body in " + DOC).isTrue();

        assertThat(m.group(1)).isEqualTo(AlertText.plain(Messages.trigger()));
    }

    @Test
    void documented_subjects_are_what_is_sent() throws Exception {
        String doc = Files.readString(DOC);
        EmailConfig config = EmailConfig.parse("{\"host\": \"h\", \"from\": \"v@example.com\", \"to\": [\"o@example.com\"]}");
        AlertMessage escalated = Messages.message(AlertMessage.TRIGGER, AlertMessage.CRITICAL, "missed", "healthy",
                "no start within grace (expected 02:00 UTC)", Messages.OPENED, 0, 1, null, null);

        for (AlertMessage message : new AlertMessage[] {Messages.trigger(), Messages.warning(), Messages.reminder(),
                escalated, Messages.acknowledge(), Messages.resolve()}) {
            assertThat(doc).contains("| `" + EmailMessage.subject(config, message) + "` ");
        }
    }
}

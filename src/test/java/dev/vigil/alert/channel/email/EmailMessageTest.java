package dev.vigil.alert.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.Messages;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rendering details that need no server: escaping, one-line subjects, Message-IDs. */
class EmailMessageTest {
    private final EmailConfig config = EmailConfig.parse(
            "{\"host\": \"h\", \"from\": \"v@example.com\", \"to\": [\"o@example.com\"]}");

    @Test
    void html_escapes_user_data_and_links_only_http_urls() {
        AlertMessage m = new AlertMessage("trigger", "critical", 3, "vigil-self-3", Instant.parse("2025-03-01T00:00:00Z"),
                null, null, null, "<script>alert(1)</script>", "o'brien & co", List.of(), null, "failed", null,
                "exit \"1\" <bad>", Instant.parse("2025-03-01T00:00:00Z"), 0, "javascript:alert(1)",
                "https://vigil.example.com/ui/p/x/incidents/3?a=1&b=2", "a < b && c > d", 0, 0, null, null, false);

        String html = EmailHtml.render(m);

        assertThat(html).doesNotContain("<script>", "javascript:", "<bad>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "o&#39;brien &amp; co", "exit &quot;1&quot; &lt;bad&gt;",
                        "<pre style=\"background: #f4f4f4; padding: 8px\">a &lt; b &amp;&amp; c &gt; d</pre>",
                        "<p><a href=\"https://vigil.example.com/ui/p/x/incidents/3?a=1&amp;b=2\">Open the incident</a></p>");
    }

    @Test
    void subject_stays_one_line_whatever_the_job_name_holds() {
        AlertMessage m = new AlertMessage("trigger", "critical", 3, "vigil-self-3", null, null, null, null,
                "channel ops\r\nBcc: victim@example.com", null, List.of(), null, "failed", null, null, null, 0, null,
                null, null, 0, 0, null, null, false);

        assertThat(EmailMessage.subject(config, m)).isEqualTo("[Vigil] DOWN channel ops Bcc: victim@example.com: failed");
    }

    @Test
    void message_ids_come_from_the_keys_and_stay_valid_for_any_key() {
        assertThat(EmailMessage.messageId(Messages.KEY)).isEqualTo("<" + Messages.KEY + "@vigil>");
        assertThat(EmailMessage.messageId("key with spaces <and> brackets"))
                .matches("<[0-9a-f]{64}@vigil>")
                .isEqualTo(EmailMessage.messageId("key with spaces <and> brackets"));
    }

    @Test
    void only_the_first_trigger_of_an_incident_starts_the_thread() {
        assertThat(EmailMessage.isFirst(Messages.trigger())).isTrue();
        assertThat(EmailMessage.isFirst(Messages.reminder())).isFalse();
        assertThat(EmailMessage.isFirst(Messages.acknowledge())).isFalse();
        assertThat(EmailMessage.isFirst(Messages.resolve())).isFalse();
    }
}

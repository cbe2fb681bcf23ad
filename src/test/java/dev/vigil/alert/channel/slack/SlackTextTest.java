package dev.vigil.alert.channel.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlackTextTest {
    private static final SlackConfig CONFIG = new SlackConfig("https://hooks.slack.com/services/T/B/x", null, List.of(), null, null);

    @Test
    void job_text_cannot_ping_or_link_it_is_escaped() {
        AlertMessage m = withReasonAndOutput("exit 1 <!channel> & <https://evil.example|click>", "a < b && c > d\n");

        JsonNode body = SlackPayload.of(m, CONFIG);

        assertThat(body.get("text").asText())
                .endsWith("— exit 1 &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;");
        assertThat(body.at("/blocks/1/fields/0/text").asText())
                .isEqualTo("*What*\nexit 1 &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;");
        assertThat(body.at("/blocks/2/text/text").asText()).isEqualTo("*Last output*\n```a &lt; b &amp;&amp; c &gt; d```");
    }

    @Test
    void backticks_in_the_output_do_not_end_the_code_block() {
        String text = SlackPayload.of(withReasonAndOutput("failed", "```\ninjected *bold*\n```"), CONFIG).at("/blocks/2/text/text").asText();

        assertThat(text).startsWith("*Last output*\n```").endsWith("```");
        assertThat(text.substring(17, text.length() - 3)).doesNotContain("```");
    }

    @Test
    void long_output_keeps_its_last_lines_within_slacks_section_limit() {
        String output = ("<&>".repeat(400) + "\n").repeat(9) + "the last line";
        AlertMessage m = withReasonAndOutput("failed", output);

        String text = SlackPayload.of(m, CONFIG).at("/blocks/2/text/text").asText();

        assertThat(text).hasSizeLessThanOrEqualTo(SlackPayload.SECTION_CHARS).endsWith("the last line```");
        assertThat(text).startsWith("*Last output*\n```…").doesNotContain("…mp;").doesNotContain("…t;");
    }

    @Test
    void long_title_and_facts_are_cut_to_slacks_limits() {
        AlertMessage m = new AlertMessage("trigger", "critical", 1, "k", Messages.OPENED, Messages.JOB, "prod",
                "x".repeat(300), "n", null, null, null, "missed", null, "&".repeat(3000), Messages.OPENED, 0,
                null, null, null, 0, 0, null, null, false);

        JsonNode body = SlackPayload.of(m, CONFIG);

        assertThat(body.at("/blocks/0/text/text").asText()).hasSize(SlackPayload.HEADER_CHARS).endsWith("x…");
        String what = body.at("/blocks/1/fields/0/text").asText();
        assertThat(what).hasSizeLessThanOrEqualTo(SlackPayload.FIELD_CHARS).endsWith("&amp;…");
    }

    @Test
    void cutting_never_splits_an_escape_or_a_surrogate_pair() {
        assertThat(SlackText.head("ab&amp;cd", 5)).isEqualTo("ab…");
        assertThat(SlackText.head("ab😀cd", 4)).isEqualTo("ab…");
        assertThat(SlackText.codeBlock("", "x&y", 9)).isEqualTo("```…y```");
    }

    private static AlertMessage withReasonAndOutput(String reason, String output) {
        AlertMessage t = Messages.trigger();
        return new AlertMessage(t.action(), t.severity(), t.incidentId(), t.incidentKey(), t.openedAt(), t.jobUniqueKey(),
                t.project(), t.slug(), t.name(), t.owner(), t.tags(), t.kind(), t.status(), t.health(), reason, t.since(),
                t.flipId(), t.jobUrl(), t.incidentUrl(), output, 0, 0, null, null, false);
    }
}

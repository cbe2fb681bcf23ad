package dev.vigil.alert.channel.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.ValidationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackConfigTest {
    private static final String URL = "https://hooks.slack.com/services/T0001/B0002/s3cr3tT0k3n";

    @Test
    void full_config_is_read_with_all_settings() {
        SlackConfig c = SlackConfig.parse("""
                {"url": "%s", "timeout": 5, "mentions": ["<!here>", "<@U0123ABCD>", "<!subteam^S0456EFGH>"],
                 "username": "Vigil", "iconEmoji": ":rotating_light:"}""".formatted(URL));

        assertThat(c.url()).isEqualTo(URL);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.mentions()).containsExactly("<!here>", "<@U0123ABCD>", "<!subteam^S0456EFGH>");
        assertThat(c.username()).isEqualTo("Vigil");
        assertThat(c.iconEmoji()).isEqualTo(":rotating_light:");
    }

    @Test
    void url_alone_gets_no_mentions_no_sender_overrides_and_a_ten_second_timeout() {
        SlackConfig c = SlackConfig.parse("{\"url\": \"" + URL + "\"}");

        assertThat(c.mentions()).isEmpty();
        assertThat(c.username()).isNull();
        assertThat(c.iconEmoji()).isNull();
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{}                                          | config.url         | is required",
            "{\"url\": \"hooks.slack.com/services/x\"}   | config.url         | must be an http(s) URL",
            "{\"url\": \"U\", \"timeout\": \"PT1M\"}     | config.timeout     | must be more than 0 and at most PT20S",
            "{\"url\": \"U\", \"mentions\": \"<!here>\"} | config.mentions    | must be a list of strings",
            "{\"url\": \"U\", \"mentions\": [\"@here\"]} | config.mentions[0] | must be a Slack mention: <!here>, <!channel>, <@U0123ABCD> or <!subteam^S0123ABCD>",
            "{\"url\": \"U\", \"mentions\": [\"<!here>\", \"alice\"]} | config.mentions[1] | must be a Slack mention: <!here>, <!channel>, <@U0123ABCD> or <!subteam^S0123ABCD>",
            "{\"url\": \"U\", \"mentions\": [7]}         | config.mentions[0] | must be a string",
            "{\"url\": \"U\", \"username\": \" \"}       | config.username    | must be 1 to 80 characters",
            "{\"url\": \"U\", \"iconEmoji\": \"siren\"}  | config.iconEmoji   | must be an emoji code such as :rotating_light:",
            "{\"url\": \"U\", \"channel\": \"#ops\"}      | config.channel     | unknown field; expected one of [iconEmoji, mentions, timeout, url, username]",
    })
    void bad_config_is_rejected_naming_the_field(String json, String field, String message) {
        assertThatThrownBy(() -> SlackConfig.parse(json.replace("\"U\"", "\"" + URL + "\"")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessage(field + ": " + message);
    }

    @Test
    void errors_and_printing_never_show_the_webhook_token() {
        assertThatThrownBy(() -> SlackConfig.parse("{\"url\": \"ftp://hooks.slack.com/services/T0001/B0002/s3cr3tT0k3n\"}"))
                .message().doesNotContain("s3cr3tT0k3n").doesNotContain("/services");

        String printed = new SlackConfig(URL, null, List.of("<!here>"), null, null).toString();
        assertThat(printed).doesNotContain("s3cr3tT0k3n").doesNotContain("/services").contains("https://hooks.slack.com/…");
    }
}

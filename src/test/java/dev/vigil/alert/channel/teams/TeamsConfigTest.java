package dev.vigil.alert.channel.teams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TeamsConfigTest {
    static final String WORKFLOW = "https://prod-12.westeurope.logic.azure.com:443/workflows/0a1b2c3d/triggers/manual/paths/invoke"
            + "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=s3cr3tS1gnature";
    static final String CONNECTOR = "https://contoso.webhook.office.com/webhookb2/1111@2222/IncomingWebhook/s3cr3tT0k3n/3333";

    @ParameterizedTest
    @ValueSource(strings = {WORKFLOW, CONNECTOR})
    void workflow_and_connector_urls_are_accepted_with_a_ten_second_timeout(String url) {
        TeamsConfig c = TeamsConfig.parse("{\"url\": \"" + url + "\"}");

        assertThat(c.url()).isEqualTo(url);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void timeout_may_be_set() {
        assertThat(TeamsConfig.parse("{\"url\": \"" + CONNECTOR + "\", \"timeout\": \"PT3S\"}").timeout())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{}                                       | config.url     | is required",
            "{\"url\": null}                          | config.url     | is required",
            "{\"url\": \"mailto:ops@example.com\"}    | config.url     | must be an http(s) URL",
            "{\"url\": \"U\", \"timeout\": 0}         | config.timeout | must be more than 0 and at most PT20S",
            "{\"url\": \"U\", \"timeout\": true}      | config.timeout | must be an ISO-8601 duration or seconds",
            "{\"url\": \"U\", \"title\": \"x\"}       | config.title   | unknown field; expected one of [timeout, url]",
    })
    void bad_config_is_rejected_naming_the_field(String json, String field, String message) {
        assertThatThrownBy(() -> TeamsConfig.parse(json.replace("\"U\"", "\"" + WORKFLOW + "\"")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessage(field + ": " + message);
    }

    @Test
    void printing_the_config_shows_only_the_host() {
        assertThat(TeamsConfig.parse("{\"url\": \"" + WORKFLOW + "\"}").toString())
                .isEqualTo("TeamsConfig[url=https://prod-12.westeurope.logic.azure.com:443/…, timeout=PT10S]");
        assertThat(TeamsConfig.parse("{\"url\": \"" + CONNECTOR + "\"}").toString()).doesNotContain("s3cr3t");
    }
}

package dev.vigil.alert.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.ValidationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WebhookConfigTest {

    @Test
    void full_config_is_read_with_all_settings() {
        WebhookConfig c = WebhookConfig.parse("""
                {"url": "https://hooks.example.com/vigil", "secret": "s3cr3t",
                 "headers": {"Authorization": "Bearer abc", "X-Team": "ops"}, "timeout": "PT5S"}""");

        assertThat(c.url()).isEqualTo("https://hooks.example.com/vigil");
        assertThat(c.secret()).isEqualTo("s3cr3t");
        assertThat(c.headers()).isEqualTo(Map.of("Authorization", "Bearer abc", "X-Team", "ops"));
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void url_alone_gets_no_secret_no_headers_and_a_ten_second_timeout() {
        WebhookConfig c = WebhookConfig.parse("{\"url\": \"http://127.0.0.1:8080/hook\"}");

        assertThat(c.secret()).isNull();
        assertThat(c.headers()).isEmpty();
        assertThat(c.timeout()).isEqualTo(WebhookConfig.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void timeout_may_be_a_number_of_seconds() {
        assertThat(WebhookConfig.parse("{\"url\": \"http://a.example\", \"timeout\": 2.5}").timeout())
                .isEqualTo(Duration.ofMillis(2500));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{}                                                       | config.url     | is required",
            "{\"url\": \"\"}                                          | config.url     | is required",
            "{\"url\": 42}                                            | config.url     | must be a string",
            "{\"url\": \"ftp://files.example.com\"}                   | config.url     | must be an http(s) URL",
            "{\"url\": \"hooks.example.com/x\"}                       | config.url     | must be an http(s) URL",
            "{\"url\": \"http://exa mple.com\"}                       | config.url     | must be an http(s) URL",
            "{\"url\": \"http://a.example\", \"secret\": \" \"}       | config.secret  | must not be blank; leave it out to send unsigned",
            "{\"url\": \"http://a.example\", \"timeout\": \"PT0S\"}   | config.timeout | must be more than 0 and at most PT20S",
            "{\"url\": \"http://a.example\", \"timeout\": \"PT2M\"}   | config.timeout | must be more than 0 and at most PT20S",
            "{\"url\": \"http://a.example\", \"timeout\": \"10s\"}    | config.timeout | '10s' is not an ISO-8601 duration such as PT10S",
            "{\"url\": \"http://a.example\", \"headers\": [\"a\"]}    | config.headers | must be an object of name: value",
            "{\"url\": \"http://a.example\", \"urll\": \"x\"}         | config.urll    | unknown field; expected one of [headers, secret, template, timeout, url]",
            "{\"url\": \"http://a.example\", \"template\": \"{{title}}\"} | config.template | must be a JSON object or array",
    })
    void bad_config_is_rejected_naming_the_field(String json, String field, String message) {
        assertThatThrownBy(() -> WebhookConfig.parse(json))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessage(field + ": " + message);
    }

    @Test
    void template_is_kept_as_given() {
        WebhookConfig c = WebhookConfig.parse("""
                {"url": "http://a.example", "template": {"msg": "{{ title }} since {{since}}", "n": 1, "tags": ["{{tags}}"]}}""");

        assertThat(c.template().toString()).isEqualTo("{\"msg\":\"{{ title }} since {{since}}\",\"n\":1,\"tags\":[\"{{tags}}\"]}");
        assertThat(WebhookConfig.parse("{\"url\": \"http://a.example\", \"template\": null}").template()).isNull();
    }

    @Test
    void template_naming_an_unknown_field_is_rejected_naming_the_placeholder() {
        String json = """
                {"url": "http://a.example", "template": {"blocks": [{"text": "job {{slug}} is {{stauts}}"}]}}""";

        assertThatThrownBy(() -> WebhookConfig.parse(json))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("config.template"))
                .hasMessageStartingWith("config.template: unknown placeholder {{stauts}}; expected one of [action, actor,")
                .hasMessageContaining("idempotencyKey")
                .hasMessageContaining("summary");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "Host                | is set by Vigil and cannot be configured",
            "Idempotency-Key     | is set by Vigil and cannot be configured",
            "x-vigil-signature   | is set by Vigil and cannot be configured",
            "Bad Header          | is not a valid header name",
    })
    void headers_vigil_or_http_sets_itself_are_rejected(String name, String message) {
        String json = "{\"url\": \"http://a.example\", \"headers\": {\"" + name + "\": \"v\"}}";

        assertThatThrownBy(() -> WebhookConfig.parse(json))
                .hasMessage("config.headers." + name + ": " + message);
    }

    @Test
    void header_value_spanning_lines_is_rejected() {
        assertThatThrownBy(() -> WebhookConfig.parse("{\"url\": \"http://a.example\", \"headers\": {\"X-A\": \"a\\r\\nX-B: b\"}}"))
                .hasMessage("config.headers.X-A: must be a single-line string");
    }

    @Test
    void printing_the_config_does_not_reveal_the_secret_or_header_values() {
        String printed = WebhookConfig.parse("""
                {"url": "https://h.example", "secret": "s3cr3t", "headers": {"Authorization": "Bearer abc"}}""")
                .toString();

        assertThat(printed).doesNotContain("s3cr3t").doesNotContain("Bearer abc").contains("Authorization")
                .contains("template=none");
    }
}

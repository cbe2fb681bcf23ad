package dev.vigil.alert.channel.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.ValidationException;
import dev.vigil.testing.TestOutbound;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PagerDutyConfigTest {

    @Test
    void routing_key_alone_gets_pagerdutys_endpoint_and_a_ten_second_timeout() {
        PagerDutyConfig c = PagerDutyConfig.parse("{\"routingKey\": \"abc123\"}");

        assertThat(c.routingKey()).isEqualTo("abc123");
        assertThat(c.url()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.component()).isNull();
        assertThat(c.group()).isNull();
        assertThat(c.eventClass()).isNull();
    }

    @Test
    void full_config_is_read() {
        PagerDutyConfig c = PagerDutyConfig.parse("""
                {"routingKey": "abc123", "url": "http://127.0.0.1:9000/v2/enqueue", "timeout": 3,
                 "component": "postgres", "group": "prod-db", "class": "backup"}""");

        assertThat(c).isEqualTo(new PagerDutyConfig("abc123", "http://127.0.0.1:9000/v2/enqueue", Duration.ofSeconds(3),
                "postgres", "prod-db", "backup"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{}                                                    | config.routingKey | is required",
            "{\"routingKey\": \"  \"}                              | config.routingKey | is required",
            "{\"routingKey\": 12}                                  | config.routingKey | must be a string",
            "{\"routingKey\": \"abc 123\"}                         | config.routingKey | must not contain whitespace",
            "{\"routingKey\": \"abc\\n\"}                          | config.routingKey | must not contain whitespace",
            "{\"routingKey\": \"k\", \"url\": \"ftp://x.example\"} | config.url        | must be an http(s) URL",
            "{\"routingKey\": \"k\", \"url\": \"https://u:p@x.example\"} | config.url  | must not contain a user or password",
            "{\"routingKey\": \"k\", \"timeout\": \"PT1M\"}        | config.timeout    | must be more than 0 and at most PT20S",
            "{\"routingKey\": \"k\", \"component\": \"\"}          | config.component  | must not be blank; leave it out instead",
            "{\"routingKey\": \"k\", \"class\": 3}                 | config.class      | must be a string",
            "{\"routingKey\": \"k\", \"severity\": \"info\"}       | config.severity   | unknown field; expected one of [class, component, group, routingKey, timeout, url]",
    })
    void bad_config_is_rejected_naming_the_field(String json, String field, String message) {
        assertThatThrownBy(() -> PagerDutyConfig.parse(json))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessage(field + ": " + message);
    }

    @Test
    void printing_the_config_hides_the_routing_key() {
        assertThat(PagerDutyConfig.parse("{\"routingKey\": \"R0UT1NGKEY\"}").toString())
                .doesNotContain("R0UT1NGKEY").contains("routingKey=***");
    }

    @Test
    void channel_validates_through_the_config() {
        assertThatThrownBy(() -> new PagerDutyChannel(TestOutbound.alertClient()).validateConfig("{\"routing_key\": \"k\"}"))
                .hasMessageStartingWith("config.routing_key: unknown field");
    }
}

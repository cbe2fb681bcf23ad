package dev.vigil.alert.channel.opsgenie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.channel.opsgenie.OpsgenieConfig.Responder;
import dev.vigil.domain.ValidationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpsgenieConfigTest {

    @Test
    void api_key_alone_gets_the_us_instance_p1_p3_and_no_responders() {
        OpsgenieConfig c = OpsgenieConfig.parse("{\"apiKey\": \"abc\"}");

        assertThat(c).isEqualTo(new OpsgenieConfig("abc", "https://api.opsgenie.com", Duration.ofSeconds(10), List.of(),
                "P1", "P3", List.of()));
    }

    @Test
    void full_config_is_read() {
        OpsgenieConfig c = OpsgenieConfig.parse("""
                {"apiKey": "abc", "apiUrl": "https://api.eu.opsgenie.com", "timeout": "PT3S",
                 "responders": [{"type": "team", "name": "DBA"}, {"type": "escalation", "id": "e-1"}],
                 "priorityCritical": "P2", "priorityWarning": "P5", "tags": ["prod-db"]}""");

        assertThat(c).isEqualTo(new OpsgenieConfig("abc", OpsgenieConfig.EU_API_URL, Duration.ofSeconds(3),
                List.of(new Responder("team", "DBA", null), new Responder("escalation", null, "e-1")), "P2", "P5",
                List.of("prod-db")));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{}                                                        | config.apiKey                | is required",
            "{\"apiKey\": \"a b\"}                                     | config.apiKey                | must not contain whitespace",
            "{\"apiKey\": \"k\", \"apiUrl\": \"api.opsgenie.com\"}     | config.apiUrl                | must be an http(s) URL",
            "{\"apiKey\": \"k\", \"timeout\": \"PT0S\"}                | config.timeout               | must be more than 0 and at most PT20S",
            "{\"apiKey\": \"k\", \"priorityCritical\": \"p1\"}         | config.priorityCritical      | must be one of P1, P2, P3, P4, P5",
            "{\"apiKey\": \"k\", \"priorityWarning\": \"P6\"}          | config.priorityWarning       | must be one of P1, P2, P3, P4, P5",
            "{\"apiKey\": \"k\", \"responders\": {}}                   | config.responders            | must be a list",
            "{\"apiKey\": \"k\", \"responders\": [\"DBA\"]}            | config.responders[0]         | must be an object such as {\"type\": \"team\", \"name\": \"ops\"}",
            "{\"apiKey\": \"k\", \"responders\": [{\"type\": \"group\", \"name\": \"x\"}]} | config.responders[0].type | must be one of team, user, escalation, schedule",
            "{\"apiKey\": \"k\", \"responders\": [{\"name\": \"x\"}]}  | config.responders[0].type    | must be one of team, user, escalation, schedule",
            "{\"apiKey\": \"k\", \"responders\": [{\"type\": \"team\"}]} | config.responders[0]       | needs either name or id",
            "{\"apiKey\": \"k\", \"responders\": [{\"type\": \"team\", \"name\": \"a\", \"id\": \"b\"}]} | config.responders[0] | needs either name or id",
            "{\"apiKey\": \"k\", \"responders\": [{\"type\": \"team\", \"name\": \" \"}]} | config.responders[0].name | must be a non-blank string",
            "{\"apiKey\": \"k\", \"responders\": [{\"type\": \"team\", \"team\": \"x\"}]} | config.responders[0].team | unknown field; expected one of [id, name, type]",
            "{\"apiKey\": \"k\", \"tags\": \"ops\"}                    | config.tags                  | must be a list of strings",
            "{\"apiKey\": \"k\", \"tags\": [\"ok\", 3]}                | config.tags[1]               | must be a non-blank string",
            "{\"apiKey\": \"k\", \"apikey\": \"k\"}                    | config.apikey                | unknown field; expected one of [apiKey, apiUrl, priorityCritical, priorityWarning, responders, tags, timeout]",
    })
    void bad_config_is_rejected_naming_the_field(String json, String field, String message) {
        assertThatThrownBy(() -> OpsgenieConfig.parse(json))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessage(field + ": " + message);
    }

    @Test
    void tags_longer_than_opsgenie_allows_are_rejected() {
        assertThatThrownBy(() -> OpsgenieConfig.parse("{\"apiKey\": \"k\", \"tags\": [\"" + "t".repeat(51) + "\"]}"))
                .hasMessage("config.tags[0]: must be at most 50 characters");
    }

    @Test
    void printing_the_config_hides_the_api_key() {
        assertThat(OpsgenieConfig.parse("{\"apiKey\": \"G3N1EKEY\"}").toString()).doesNotContain("G3N1EKEY").contains("apiKey=***");
    }
}

package dev.vigil.alert.channel.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.channel.alertmanager.AlertmanagerConfig.BasicAuth;
import dev.vigil.domain.ValidationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertmanagerConfigTest {

    @Test
    void url_alone_gets_no_labels_no_auth_and_a_seven_day_firing_ttl() {
        AlertmanagerConfig c = AlertmanagerConfig.parse("{\"url\": \"http://alertmanager:9093/\"}");

        assertThat(c).isEqualTo(new AlertmanagerConfig("http://alertmanager:9093", Duration.ofSeconds(10), Map.of(), null,
                null, Duration.ofDays(7)));
    }

    @Test
    void full_config_is_read() {
        AlertmanagerConfig c = AlertmanagerConfig.parse("""
                {"url": "https://am.example.com", "timeout": 5, "labels": {"team": "dba", "env_2": "prod"},
                 "basicAuth": {"username": "vigil", "password": "pa55"}, "firingTtl": "P30D"}""");

        assertThat(c).isEqualTo(new AlertmanagerConfig("https://am.example.com", Duration.ofSeconds(5),
                Map.of("team", "dba", "env_2", "prod"), new BasicAuth("vigil", "pa55"), null, Duration.ofDays(30)));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{}                                                   | config.url          | is required",
            "{\"url\": \"alertmanager:9093\"}                     | config.url          | must be an http(s) URL",
            "{\"url\": \"http://am:9093/api/v2/alerts\"}          | config.url          | must be Alertmanager's base URL, e.g. http://alertmanager:9093, without /api/v2/alerts",
            "{\"url\": \"http://a:b@am:9093\"}                    | config.url          | must not contain a user or password",
            "{\"url\": \"http://am\", \"labels\": [\"team\"]}     | config.labels       | must be an object of name: value",
            "{\"url\": \"http://am\", \"labels\": {\"2team\": \"x\"}}  | config.labels.2team | is not a label name: use letters, digits and _, not starting with a digit",
            "{\"url\": \"http://am\", \"labels\": {\"team-a\": \"x\"}} | config.labels.team-a | is not a label name: use letters, digits and _, not starting with a digit",
            "{\"url\": \"http://am\", \"labels\": {\"__name\": \"x\"}} | config.labels.__name | names starting with __ are reserved",
            "{\"url\": \"http://am\", \"labels\": {\"severity\": \"x\"}} | config.labels.severity | is set by Vigil and cannot be configured",
            "{\"url\": \"http://am\", \"labels\": {\"slug\": \"x\"}} | config.labels.slug | is set by Vigil and cannot be configured",
            "{\"url\": \"http://am\", \"labels\": {\"team\": \"\"}}   | config.labels.team | must be a non-empty string",
            "{\"url\": \"http://am\", \"labels\": {\"team\": 1}}      | config.labels.team | must be a non-empty string",
            "{\"url\": \"http://am\", \"basicAuth\": \"vigil:pw\"}    | config.basicAuth    | must be an object {\"username\": …, \"password\": …}",
            "{\"url\": \"http://am\", \"basicAuth\": {\"username\": \"v\"}} | config.basicAuth.password | is required",
            "{\"url\": \"http://am\", \"basicAuth\": {\"username\": \"a:b\", \"password\": \"p\"}} | config.basicAuth.username | must not contain ':'",
            "{\"url\": \"http://am\", \"basicAuth\": {\"user\": \"v\"}} | config.basicAuth.user | unknown field; expected one of [password, username]",
            "{\"url\": \"http://am\", \"bearerToken\": \"a b\"}      | config.bearerToken  | must not contain whitespace",
            "{\"url\": \"http://am\", \"bearerToken\": \"t\", \"basicAuth\": {\"username\": \"v\", \"password\": \"p\"}} | config.bearerToken | cannot be used together with basicAuth",
            "{\"url\": \"http://am\", \"firingTtl\": \"7d\"}         | config.firingTtl    | '7d' is not an ISO-8601 duration such as PT10S",
            "{\"url\": \"http://am\", \"firingTtl\": \"PT30S\"}      | config.firingTtl    | must be at least PT1M",
            "{\"url\": \"http://am\", \"firingTtl\": 3600}           | config.firingTtl    | must be a string",
            "{\"url\": \"http://am\", \"endsAt\": \"P1D\"}           | config.endsAt       | unknown field; expected one of [basicAuth, bearerToken, firingTtl, labels, timeout, url]",
    })
    void bad_config_is_rejected_naming_the_field(String json, String field, String message) {
        assertThatThrownBy(() -> AlertmanagerConfig.parse(json))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessage(field + ": " + message);
    }

    @Test
    void printing_the_config_hides_password_and_token() {
        String basic = AlertmanagerConfig.parse("{\"url\": \"http://am\", \"basicAuth\": {\"username\": \"v\", \"password\": \"pa55\"}}")
                .toString();
        String bearer = AlertmanagerConfig.parse("{\"url\": \"http://am\", \"bearerToken\": \"t0ken\"}").toString();

        assertThat(basic).doesNotContain("pa55").contains("username=v");
        assertThat(bearer).doesNotContain("t0ken");
    }
}

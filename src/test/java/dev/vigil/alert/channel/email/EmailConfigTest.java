package dev.vigil.alert.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.channel.email.EmailConfig.Security;
import dev.vigil.domain.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailConfigTest {
    private static final String MINIMAL = "\"host\": \"smtp.example.com\", \"from\": \"vigil@example.com\", \"to\": [\"ops@example.com\"]";

    @Test
    void full_config_is_read_with_all_settings() {
        EmailConfig c = EmailConfig.parse("""
                {"host": "smtp.example.com", "port": 2525, "security": "tls", "username": "vigil", "password": "pw",
                 "from": "Vigil <vigil@example.com>", "to": ["ops@example.com", "Bob <bob@example.com>"],
                 "cc": ["audit@example.com"], "subjectPrefix": "[prod]", "timeout": "PT5S"}""");

        assertThat(c.host()).isEqualTo("smtp.example.com");
        assertThat(c.port()).isEqualTo(2525);
        assertThat(c.security()).isEqualTo(Security.TLS);
        assertThat(c.username()).isEqualTo("vigil");
        assertThat(c.password()).isEqualTo("pw");
        assertThat(c.fromAddress().getPersonal()).isEqualTo("Vigil");
        assertThat(c.fromAddress().getAddress()).isEqualTo("vigil@example.com");
        assertThat(c.to()).containsExactly("ops@example.com", "Bob <bob@example.com>");
        assertThat(c.cc()).containsExactly("audit@example.com");
        assertThat(c.subjectPrefix()).isEqualTo("[prod]");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void minimal_config_uses_starttls_on_587_without_login_and_defaults() {
        EmailConfig c = EmailConfig.parse("{" + MINIMAL + "}");

        assertThat(c.security()).isEqualTo(Security.STARTTLS);
        assertThat(c.port()).isEqualTo(587);
        assertThat(c.authenticates()).isFalse();
        assertThat(c.cc()).isEmpty();
        assertThat(c.subjectPrefix()).isEqualTo("[Vigil]");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @CsvSource({"starttls, 587", "tls, 465", "none, 25"})
    void default_port_follows_security(String security, int port) {
        assertThat(EmailConfig.parse("{" + MINIMAL + ", \"security\": \"" + security + "\"}").port()).isEqualTo(port);
    }

    @Test
    void timeout_may_be_a_number_of_seconds() {
        assertThat(EmailConfig.parse("{" + MINIMAL + ", \"timeout\": 2.5}").timeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{}                                                | config.host          | is required",
            "{\"host\": \"smtp://mail.example.com\"}           | config.host          | must be a host name or IP address, e.g. smtp.example.com",
            "{\"host\": \"h\", \"port\": 0}                    | config.port          | must be 1 to 65535",
            "{\"host\": \"h\", \"port\": 70000}                | config.port          | must be 1 to 65535",
            "{\"host\": \"h\", \"port\": \"25\"}               | config.port          | must be 1 to 65535",
            "{\"host\": \"h\", \"security\": \"ssl\"}          | config.security      | must be one of starttls, tls, none",
            "{\"host\": \"h\", \"username\": \"u\"}            | config.password      | is required when username is set",
            "{\"host\": \"h\", \"password\": \"p\"}            | config.username      | is required when password is set",
            "{\"host\": \"h\", \"username\": \" \", \"password\": \"p\"} | config.username | must not be blank; leave it out to send without login",
            "{\"host\": \"h\"}                                 | config.from          | is required",
            "{\"host\": \"h\", \"from\": \"vigil\"}            | config.from          | is not a valid address: Missing final '@domain'",
            "{\"host\": \"h\", \"from\": \"a@b.c, d@e.f\"}     | config.from          | must be one address, not a list",
            "{\"host\": \"h\", \"from\": \"v@example.com\"}    | config.to            | must list at least one address",
            "{\"host\": \"h\", \"from\": \"v@example.com\", \"to\": []}             | config.to    | must list at least one address",
            "{\"host\": \"h\", \"from\": \"v@example.com\", \"to\": \"o@example.com\"} | config.to | must be a list of addresses",
            "{\"host\": \"h\", \"from\": \"v@example.com\", \"to\": [\"o@example.com\", 3]} | config.to[1] | must be a string",
            "{\"host\": \"h\", \"from\": \"v@example.com\", \"to\": [\"o@example.com\", \"ops\"]} | config.to[1] | is not a valid address: Missing final '@domain'",
            "{\"host\": \"h\", \"from\": \"v@example.com\", \"to\": [\"o@example.com\"], \"cc\": [\"x@\"]} | config.cc[0] | is not a valid address: Missing domain",
            "{\"host\": \"h\", \"from\": \"v@example.com\", \"to\": [\"o@example.com\"], \"subjectPrefix\": \"a\\nb\"} | config.subjectPrefix | must be a single line",
            "{\"host\": \"h\", \"from\": \"v@example.com\", \"to\": [\"o@example.com\"], \"timeout\": \"PT21S\"} | config.timeout | must be more than 0 and at most PT20S",
            "{\"host\": \"h\", \"from\": \"v@example.com\", \"to\": [\"o@example.com\"], \"timeout\": \"10s\"} | config.timeout | '10s' is not an ISO-8601 duration such as PT10S",
            "{\"host\": \"h\", \"tls\": true}                  | config.tls           | unknown field; expected one of [cc, from, host, password, port, security, subjectPrefix, timeout, to, username]",
    })
    void bad_config_is_rejected_naming_the_field(String json, String field, String message) {
        assertThatThrownBy(() -> EmailConfig.parse(json))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessage(field + ": " + message);
    }

    @Test
    void at_most_fifty_recipients() {
        String fifty = IntStream.range(0, 50).mapToObj(i -> "\"u" + i + "@example.com\"").collect(Collectors.joining(","));

        assertThat(EmailConfig.parse("{\"host\": \"h\", \"from\": \"v@example.com\", \"to\": [" + fifty + "]}").to()).hasSize(50);
        assertThatThrownBy(() -> EmailConfig.parse("{\"host\": \"h\", \"from\": \"v@example.com\", \"to\": [" + fifty
                + ", \"one@example.com\"]}")).hasMessage("config.to: must list at most 50 addresses");
    }

    @Test
    void neither_printing_the_config_nor_its_errors_reveal_the_password() {
        String password = "hunter2-" + "x".repeat(8);
        EmailConfig c = EmailConfig.parse("{" + MINIMAL + ", \"username\": \"vigil\", \"password\": \"" + password + "\"}");

        assertThat(c.toString()).doesNotContain(password).contains("password=***");
        assertThatThrownBy(() -> EmailConfig.parse("{\"host\": \"h\", \"username\": \"vigil\", \"password\": \"" + password
                + "\", \"from\": \"bad\"}")).message().doesNotContain(password);
    }

    @Test
    void addresses_with_display_names_are_kept_as_written() {
        EmailConfig c = EmailConfig.parse("{\"host\": \"h\", \"from\": \"\\\"Vigil, prod\\\" <v@example.com>\", \"to\": [\" o@example.com \", \"Jürgen Müller <jm@example.com>\"]}");

        assertThat(c.fromAddress().getPersonal()).isEqualTo("Vigil, prod");
        assertThat(c.to()).isEqualTo(List.of("o@example.com", "Jürgen Müller <jm@example.com>"));
        assertThat(c.toAddresses()[1].getPersonal()).isEqualTo("Jürgen Müller");
    }
}

package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.channel.log.LogChannel;
import dev.vigil.alert.channel.webhook.WebhookChannel;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ValidationException;
import dev.vigil.testing.TestOutbound;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class ChannelRegistryTest {
    private final ChannelRegistry registry = ChannelRegistry.of(new WebhookChannel(TestOutbound.alertClient(), Clock.systemUTC()), new LogChannel());

    @Test
    void knows_its_kinds_in_order() {
        assertThat(registry.kinds()).containsExactly("log", "webhook");
    }

    @Test
    void unknown_kind_is_rejected_naming_the_kind_field_and_the_known_kinds() {
        assertThatThrownBy(() -> registry.validate("carrier-pigeon", "{}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("kind"))
                .hasMessage("kind: 'carrier-pigeon' is not one of: log, webhook");
    }

    @Test
    void config_that_is_not_json_is_rejected_naming_the_config_field() {
        assertThatThrownBy(() -> registry.validate("webhook", "{url: "))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("config"));
    }

    @Test
    void config_that_is_a_json_array_is_rejected() {
        assertThatThrownBy(() -> registry.validate("log", "[]"))
                .hasMessage("config: must be a JSON object");
    }

    @Test
    void config_with_a_key_given_twice_is_rejected() {
        assertThatThrownBy(() -> registry.validate("webhook", "{\"url\":\"http://a.example\",\"url\":\"http://b.example\"}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("config"));
    }

    @Test
    void webhook_config_is_checked_by_the_webhook_channel() {
        assertThatThrownBy(() -> registry.validate("webhook", "{\"url\": \"ftp://files.example.com\"}"))
                .hasMessage("config.url: must be an http(s) URL");
        assertThatCode(() -> registry.validate("webhook", "{\"url\": \"https://hooks.example.com/x\"}"))
                .doesNotThrowAnyException();
    }

    @Test
    void log_channel_takes_no_settings() {
        assertThatCode(() -> registry.validate("log", null)).doesNotThrowAnyException();
        assertThatCode(() -> registry.validate("log", "{}")).doesNotThrowAnyException();
        assertThatThrownBy(() -> registry.validate("log", "{\"level\": \"debug\"}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("config.level"));
    }

    @Test
    void two_channels_of_one_kind_are_a_wiring_bug() {
        assertThatThrownBy(() -> ChannelRegistry.of(new LogChannel(), new LogChannel()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'log'");
    }

    @Test
    void sending_to_a_kind_this_server_does_not_have_fails_permanently() {
        Channel channel = new Channel(1, 1, "sms", "pager", "{}", Fixtures.T0);
        AlertMessage message = Fixtures.message(Fixtures.backupJob(), Fixtures.missedFlip(1), Fixtures.BASE_URL, null);

        assertThatThrownBy(() -> registry.send(channel, message, "key"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessageContaining("'sms'");
    }
}

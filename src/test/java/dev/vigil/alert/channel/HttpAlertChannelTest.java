package dev.vigil.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.DeliveryException;
import dev.vigil.alert.Fixtures;
import dev.vigil.alert.Messages;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ValidationException;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.RecordingHttpServer.Response;
import dev.vigil.testing.TestOutbound;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpAlertChannelTest {
    private static final String TOKEN = "T0KEN-0123456789";

    private final RecordingHttpServer receiver = RecordingHttpServer.start();
    private final TokenChannel channel = new TokenChannel(receiver.url("/hook"));

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void sends_the_request_the_channel_builds() {
        channel.send(stored(TOKEN), Messages.trigger(), "k");

        assertThat(receiver.requests().get(0).header("X-Token")).isEqualTo(TOKEN);
        assertThat(receiver.requests().get(0).header("User-Agent")).isEqualTo("Vigil");
    }

    @Test
    void the_configs_secrets_are_masked_in_errors() {
        receiver.enqueue(new Response(401, "token " + TOKEN + " is not valid", Duration.ZERO));

        assertThatThrownBy(() -> channel.send(stored(TOKEN), Messages.trigger(), "k"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessageContaining("token *** is not valid")
                .message().doesNotContain(TOKEN);
    }

    @Test
    void a_request_the_http_client_refuses_is_permanent() {
        assertThatThrownBy(() -> channel.send(stored("two\nlines"), Messages.trigger(), "k"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessageStartingWith("cannot build the token request: ");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void a_stored_config_that_no_longer_parses_is_permanent() {
        assertThatThrownBy(() -> channel.send(stored(""), Messages.trigger(), "k"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessageStartingWith("invalid token config: ");
        assertThatThrownBy(() -> channel.validateConfig("")).isInstanceOf(ValidationException.class);
    }

    private static Channel stored(String config) {
        return new Channel(1, Fixtures.PROJECT_ID, "token", "t", config, Fixtures.T0);
    }

    /** Its config is the token itself, sent in a header. */
    private static final class TokenChannel extends HttpAlertChannel<String> {
        private final URI url;

        TokenChannel(String url) {
            super("token", TokenChannel::parse, "url", token -> "https://receiver.example/", TestOutbound.alertClient());
            this.url = URI.create(url);
        }

        private static String parse(String json) {
            if (json.isEmpty()) throw new ValidationException("config.token", "is required");
            return json;
        }

        @Override
        protected AlertRequest request(String token, AlertMessage message, String idempotencyKey) {
            return post(url, Duration.ofSeconds(5), "text/plain", message.incidentKey()).header("X-Token", token).build();
        }

        @Override
        protected List<String> secrets(String token) {
            return List.of(token);
        }
    }
}

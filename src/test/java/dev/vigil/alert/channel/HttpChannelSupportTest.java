package dev.vigil.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.DeliveryException;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.RecordingHttpServer.Response;
import dev.vigil.testing.TestOutbound;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpChannelSupportTest {
    private final RecordingHttpServer receiver = RecordingHttpServer.start();
    private final HttpChannelSupport http = new HttpChannelSupport(TestOutbound.alertClient());

    @AfterEach
    void stop() {
        receiver.close();
    }

    @ParameterizedTest(name = "HTTP {0} is retried")
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void timeouts_rate_limits_and_server_errors_are_retryable(int status) {
        receiver.enqueue(status);

        assertThatThrownBy(() -> http.send(post("/secret-token/hook")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.statusCode()).isEqualTo(status);
                });
    }

    @ParameterizedTest(name = "HTTP {0} is not retried")
    @ValueSource(ints = {400, 401, 403, 404, 410, 422, 301, 302})
    void other_client_errors_and_redirects_are_permanent(int status) {
        receiver.enqueue(status);

        assertThatThrownBy(() -> http.send(post("/secret-token/hook")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.statusCode()).isEqualTo(status);
                });
    }

    @Test
    void error_says_what_the_receiver_answered_but_not_the_url_path_which_may_hold_a_secret() {
        receiver.enqueue(new Response(410, "  this hook\nwas removed ", Duration.ZERO));

        assertThatThrownBy(() -> http.send(post("/secret-token/hook")))
                .hasMessage("127.0.0.1 answered HTTP 410: this hook was removed")
                .message().doesNotContain("secret-token");
    }

    @Test
    void a_huge_error_page_is_cut_short_in_the_error() {
        receiver.enqueue(new Response(500, "x".repeat(100_000), Duration.ZERO));

        assertThatThrownBy(() -> http.send(post("/h")))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(HttpChannelSupport.MAX_ERROR_BODY_CHARS + 50));
    }

    @Test
    void redirect_is_not_followed_and_says_to_configure_the_final_url() {
        receiver.enqueue(301);

        assertThatThrownBy(() -> http.send(post("/h"))).hasMessageContaining("configure the final URL");
        assertThat(receiver.requestCount()).isEqualTo(1);
    }

    @Test
    void success_returns_the_status_code() {
        receiver.enqueue(202);

        assertThat(http.send(post("/h"))).isEqualTo(202);
    }

    private AlertRequest post(String path) {
        return AlertRequest.post(URI.create(receiver.url(path)), Duration.ofSeconds(5), "{}").build();
    }
}

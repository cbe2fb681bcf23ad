package dev.vigil.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertRequestTest {
    private static final URI URL = URI.create("https://hooks.example.test/x");

    private static AlertRequest.Builder post() {
        return AlertRequest.post(URL, Duration.ofSeconds(5), "{}");
    }

    @Test
    void headers_keep_their_order_and_set_replaces_whatever_the_case() {
        AlertRequest r = post().header("User-Agent", "Vigil").header("X-A", "1").setHeader("user-agent", "mine").build();

        assertThat(r.headers()).containsExactly(new AlertRequest.Header("X-A", "1"), new AlertRequest.Header("user-agent", "mine"));
    }

    @Test
    void what_would_break_the_request_is_refused_before_sending() {
        assertThatThrownBy(() -> post().header("Content-Length", "2")).hasMessage("restricted header name: \"Content-Length\"");
        assertThatThrownBy(() -> post().header("X-Token", "a\r\nX-Evil: 1")).hasMessage("invalid header value for \"X-Token\"");
        assertThatThrownBy(() -> post().header("Bad Name", "v")).hasMessage("invalid header name \"Bad Name\"");
        assertThatThrownBy(() -> AlertRequest.post(URI.create("ftp://h/x"), Duration.ofSeconds(5), "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be http or https");
    }
}

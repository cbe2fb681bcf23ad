package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.Config;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import dev.vigil.web.ui.UiClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guessing keys is throttled per client address, on the API and the dashboard's login alike; a
 * configured (possibly human-chosen) admin key works although only a slow hash of it is stored.
 */
class KeyGuessingTest {
    final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(clock, Config.forTests(Files.createTempDirectory("vigil-guess")).withAdminKey(TestServer.ADMIN_KEY));
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    private TestServer.Response withKey(String key) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/projects"))).header("Authorization", "Bearer " + key));
    }

    @Test
    void ten_wrong_keys_in_a_minute_from_one_address_get_429_with_retry_after_until_the_minute_is_over() {
        for (int i = 0; i < KeyCheck.FAILURES; i++) {
            var r = withKey("vk_wrong_guess_" + i);
            assertThat(r.status()).isEqualTo(401);
        }
        var refused = withKey("vk_wrong_guess_x");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("error").asText()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        // While refused, even the right key is not looked at: guessing gains nothing by luck.
        assertThat(withKey(TestServer.ADMIN_KEY).status()).isEqualTo(429);
        clock.advance(KeyCheck.WINDOW.plusSeconds(1));
        assertThat(withKey(TestServer.ADMIN_KEY).status()).isEqualTo(200);
    }

    @Test
    void a_right_key_does_not_count_against_the_address() {
        for (int i = 0; i < KeyCheck.FAILURES - 1; i++) assertThat(withKey("vk_wrong_guess_" + i).status()).isEqualTo(401);
        for (int i = 0; i < 50; i++) assertThat(withKey(TestServer.ADMIN_KEY).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(61));
        for (int i = 0; i < KeyCheck.FAILURES - 1; i++) assertThat(withKey("vk_wrong_guess_" + i).status()).isEqualTo(401);
        assertThat(withKey(TestServer.ADMIN_KEY).status()).isEqualTo(200);
    }

    @Test
    void failed_dashboard_logins_are_throttled_too() throws Exception {
        UiClient ui = new UiClient(server);
        for (int i = 0; i < KeyCheck.FAILURES; i++) {
            assertThat(ui.login("vk_wrong_guess_" + i).statusCode()).isEqualTo(400);
        }
        var refused = ui.login(TestServer.ADMIN_KEY);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("too many failed attempts");
        // API calls from the same address are refused as well: one budget per address.
        assertThat(withKey(TestServer.ADMIN_KEY).status()).isEqualTo(429);
    }
}

package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthApiTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(MutableClock.at("2025-06-01T10:00:00Z"));
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    @Test
    void api_without_a_key_is_401_with_a_json_error() {
        var r = server.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/projects"))).GET());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void unknown_key_is_401() {
        var r = server.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/projects")))
                .header("Authorization", "Bearer vk_not_a_real_key").GET());
        assertThat(r.status()).isEqualTo(401);
    }

    @Test
    void x_api_key_header_is_accepted() {
        var r = server.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/projects")))
                .header("X-Api-Key", TestServer.ADMIN_KEY).GET());
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void configured_admin_key_is_stored_hashed_not_in_clear() {
        var keys = server.vigil.store().read(tx -> tx.apiKeys().list());
        assertThat(keys).hasSize(1);
        // A configured key may be human-chosen: a salted slow hash, and no prefix shown.
        assertThat(keys.getFirst().hash()).doesNotContain(TestServer.ADMIN_KEY).startsWith("pbkdf2-sha256$");
        assertThat(dev.vigil.security.ApiKeys.matchesSlow(TestServer.ADMIN_KEY, keys.getFirst().hash())).isTrue();
        assertThat(keys.getFirst().prefix()).isNull();
    }

    @Test
    void openapi_document_is_public_and_ping_urls_need_no_key() {
        var r = server.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/openapi.json"))).GET());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("openapi").asText()).startsWith("3.");
        assertThat(server.ping("/ping/6f1c3e1e-0000-4000-8000-000000000000", null).status()).isEqualTo(404);
    }

    @Test
    void health_endpoints_answer_without_a_key() {
        assertThat(server.ping("/health/live", null).status()).isEqualTo(200);
        assertThat(server.ping("/health/ready", null).status()).isEqualTo(200);
        var metrics = server.ping("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("vigil_ingest_committed");
    }
}

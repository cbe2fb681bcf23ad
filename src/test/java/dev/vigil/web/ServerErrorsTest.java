package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Errors the HTTP server raises before any route runs (a bad URI, a request line too long, a body
 * too large, no such route) answer in the same shapes as the routes: JSON with {@code error} and
 * {@code message} for the API, plain text for ping URLs.
 */
class ServerErrorsTest {
    static final MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
    static TestServer server;
    static String uuid;

    @BeforeAll
    static void start() {
        server = TestServer.start(clock);
        server.createProject("prod");
        uuid = server.put("/api/v1/jobs/prod/pinged", "{\"every\": \"1h\"}").json().get("uuid").asText();
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    private static void assertJsonError(TestServer.Response r, int status, String code, String messagePart) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").asText()).isEqualTo(code);
        assertThat(r.json().get("message").asText()).contains(messagePart);
    }

    /** The raw answer to a request written byte for byte, for what java.net.http will not send. */
    private static String raw(String requestLine) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.vigil.web().port())) {
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void a_nul_in_an_api_path_is_a_json_400() {
        assertJsonError(server.get("/api/v1/jobs/prod/a%00b"), 400, "invalid", "");
    }

    @Test
    void a_nul_in_a_ping_path_is_a_400_in_the_error_shape_as_no_path_was_read() {
        assertJsonError(server.ping("/ping/" + uuid + "%00", null), 400, "invalid", "%00");
    }

    @Test
    void a_path_that_is_not_utf8_is_a_400_json_for_the_api_and_plain_for_pings() {
        assertJsonError(server.get("/api/v1/jobs/prod/%ff"), 400, "invalid", "Bad UTF-8 encoding");
        var ping = server.ping("/ping/" + uuid + "/%ff", null);
        assertThat(ping.status()).isEqualTo(400);
        assertThat(ping.header("Content-Type")).startsWith("text/plain");
        assertThat(ping.body()).isEqualTo("bad request: Bad UTF-8 encoding");
    }

    @Test
    void a_bad_percent_encoding_is_a_json_400_whatever_the_method() throws IOException {
        for (String method : new String[] {"GET", "PUT", "DELETE"}) {
            String answer = raw(method + " /api/v1/jobs/prod/%zz HTTP/1.1");
            assertThat(answer).as(method).startsWith("HTTP/1.1 400 ");
            assertThat(answer).as(method).contains("Content-Type: application/json");
            assertThat(answer).as(method).contains("{\"error\":\"invalid\",\"message\":\"bad request: ");
        }
    }

    @Test
    void a_uri_too_long_is_a_414_in_the_error_shape_stating_the_limit() {
        assertJsonError(server.ping("/ping/" + uuid + "?rid=" + "r".repeat(10_000), null), 414, "too_large", "8192 bytes");
        assertJsonError(server.get("/api/v1/jobs?tag=" + "t".repeat(10_000)), 414, "too_large", "8192 bytes");
    }

    @Test
    void headers_too_large_are_a_431_in_the_error_shape_stating_the_limit() {
        var r = server.send(server.authed("/api/v1/projects").header("X-Padding", "p".repeat(10_000)).GET());
        assertJsonError(r, 431, "too_large", "8192 bytes");
    }

    @Test
    void a_ping_exit_status_of_many_digits_is_a_400_not_a_404() {
        var r = server.ping("/ping/" + uuid + "/1234567890", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("exit status: must be 0..255, got 1234567890");
        var longer = server.ping("/ping/" + uuid + "/" + "9".repeat(40), null);
        assertThat(longer.status()).isEqualTo(400);
        assertThat(longer.body()).startsWith("exit status: must be 0..255");
    }

    @Test
    void a_body_too_large_is_a_413_stating_the_limit() {
        byte[] big = new byte[4_000_001];
        java.util.Arrays.fill(big, (byte) ' ');
        var r = server.send(server.authed("/api/v1/projects").POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertJsonError(r, 413, "too_large", "at most 4000000 bytes");
    }

    @Test
    void no_such_route_and_a_wrong_method_answer_json() {
        assertJsonError(server.get("/api/v1/no-such-thing"), 404, "not_found", "/api/v1/no-such-thing");
        assertJsonError(server.get("/nowhere"), 404, "not_found", "/nowhere");
        assertJsonError(server.send(server.authed("/api/v1/projects").method("PATCH", HttpRequest.BodyPublishers.noBody())),
                405, "method_not_allowed", "PATCH");
        var ping = server.send(HttpRequest.newBuilder(URI.create(server.url("/ping/a/b/c/d"))).GET());
        assertThat(ping.status()).isEqualTo(404);
        assertThat(ping.body()).isEqualTo("not found");
    }
}

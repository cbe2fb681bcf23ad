package dev.vigil.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.agent.http.CallOutcome.Reason;
import dev.vigil.agent.process.OutputSink;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.RecordingHttpServer.Request;
import dev.vigil.testing.RecordingHttpServer.Response;
import dev.vigil.testing.TestOutbound;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What is sent and what counts as success, against a real server on the loopback address. */
class HttpRunnerTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static HttpRunner runner;
    private RecordingHttpServer server;

    @BeforeAll
    static void startRunner() {
        runner = new HttpRunner(TestOutbound.POLICY);
    }

    @AfterAll
    static void closeRunner() {
        runner.close();
    }

    @BeforeEach
    void startServer() {
        server = RecordingHttpServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    static CallOutcome outcomeOf(RunningCall call) throws Exception {
        return call.outcome().get(5, TimeUnit.SECONDS);
    }

    private CallOutcome call(String method, String path, Map<String, String> headers, String body, RecordingSink sink)
            throws Exception {
        return outcomeOf(runner.start(new HttpCall(method, server.url(path), headers, body, TIMEOUT), sink));
    }

    @Test
    void method_headers_and_body_arrive_exactly_as_configured() throws Exception {
        String body = "{\"date\": \"2025-01-31\", \"note\": \"caf\u00e9\"}";
        Map<String, String> headers = Map.of("Content-Type", "application/json", "X-Token", "s3cret value",
                "User-Agent", "nightly-report/2");

        CallOutcome outcome = call("PUT", "/reports/nightly", headers, body, new RecordingSink());

        assertThat(outcome.succeeded()).isTrue();
        Request got = server.requests().getFirst();
        assertThat(got.method()).isEqualTo("PUT");
        assertThat(got.path()).isEqualTo("/reports/nightly");
        assertThat(got.header("Content-Type")).isEqualTo("application/json");
        assertThat(got.header("X-Token")).isEqualTo("s3cret value");
        assertThat(got.header("User-Agent")).isEqualTo("nightly-report/2");
        assertThat(got.header("Content-Length")).isEqualTo(Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        assertThat(got.body()).isEqualTo(body);
        assertThat(got.headers()).doesNotContainKeys("upgrade", "http2-settings");
    }

    @Test
    void a_request_without_a_body_sends_none_and_gets_vigils_user_agent() throws Exception {
        call("GET", "/ping", Map.of(), null, new RecordingSink());

        Request got = server.requests().getFirst();
        assertThat(got.method()).isEqualTo("GET");
        assertThat(got.body()).isEmpty();
        assertThat(got.header("User-Agent")).isEqualTo(HttpRunner.DEFAULT_USER_AGENT);
    }

    @Test
    void a_2xx_succeeds_and_the_log_shows_the_status_line_then_the_body() throws Exception {
        server.enqueue(new Response(202, "queued job 42\n", Duration.ZERO));
        RecordingSink sink = new RecordingSink();

        CallOutcome outcome = call("POST", "/hook", Map.of(), "", sink);

        assertThat(outcome.reason()).isEqualTo(Reason.COMPLETED);
        assertThat(outcome.status()).isEqualTo(202);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.runReason()).isNull();
        assertThat(outcome.error()).isNull();
        assertThat(sink.all()).isEqualTo("HTTP/1.1 202 Accepted\nqueued job 42\n");
        assertThat(sink.stdout()).isEqualTo("queued job 42\n");
        assertThat(sink.stderr()).isEqualTo("HTTP/1.1 202 Accepted\n");
    }

    @Test
    void a_500_fails_with_the_status() throws Exception {
        server.enqueue(new Response(500, "database is down", Duration.ZERO));
        RecordingSink sink = new RecordingSink();

        CallOutcome outcome = call("POST", "/hook", Map.of(), "x", sink);

        assertThat(outcome.reason()).isEqualTo(Reason.COMPLETED);
        assertThat(outcome.status()).isEqualTo(500);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.runReason()).isEqualTo("HTTP 500 Internal Server Error");
        assertThat(sink.all()).isEqualTo("HTTP/1.1 500 Internal Server Error\ndatabase is down");
    }

    @Test
    void a_401_or_407_is_reported_as_the_answer_not_taken_up_as_a_challenge() throws Exception {
        for (int status : new int[] {401, 407}) {
            server.enqueue(new Response(status, "no entry", Duration.ZERO));
            RecordingSink sink = new RecordingSink();

            CallOutcome outcome = call("POST", "/hook", Map.of(), "x", sink);

            assertThat(outcome.reason()).isEqualTo(Reason.COMPLETED);
            assertThat(outcome.status()).isEqualTo(status);
            assertThat(outcome.succeeded()).isFalse();
            assertThat(sink.stdout()).isEqualTo("no entry");
        }
    }

    @Test
    void a_refused_connection_fails_with_a_clear_reason() throws Exception {
        String url = RecordingHttpServer.refusingUrl("/hook");
        String port = url.substring(url.lastIndexOf(':') + 1, url.indexOf("/hook"));
        RecordingSink sink = new RecordingSink();

        CallOutcome outcome = outcomeOf(runner.start(new HttpCall("POST", url, Map.of(), "x", TIMEOUT), sink));

        assertThat(outcome.reason()).isEqualTo(Reason.FAILED);
        assertThat(outcome.status()).isNull();
        assertThat(outcome.runReason()).isEqualTo("connection refused: 127.0.0.1:" + port);
        assertThat(sink.all()).isEqualTo("vigil: connection refused: 127.0.0.1:" + port + "\n");
    }

    @Test
    void a_redirect_is_not_followed_and_the_log_says_where_it_pointed() throws Exception {
        try (LocalServer moved = LocalServer.start(exchange -> {
            exchange.getResponseHeaders().add("Location", "https://elsewhere.test/hook");
            exchange.sendResponseHeaders(301, -1);
        })) {
            RecordingSink sink = new RecordingSink();

            CallOutcome outcome = outcomeOf(runner.start(new HttpCall("POST", moved.url("/hook"), Map.of(), "x", TIMEOUT), sink));

            assertThat(outcome.status()).isEqualTo(301);
            assertThat(outcome.succeeded()).isFalse();
            assertThat(sink.all()).isEqualTo("HTTP/1.1 301 Moved Permanently\nLocation: https://elsewhere.test/hook\n");
        }
    }

    @Test
    void a_connection_dropped_before_the_response_fails_with_an_io_error() throws Exception {
        try (var listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try (var socket = listener.accept()) {
                        socket.getInputStream().read(new byte[1024]); // the request's first bytes, then hang up
                    } catch (IOException ignored) {
                        // closed by the test
                    }
                }
            });
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/hook";

            CallOutcome outcome = outcomeOf(runner.start(new HttpCall("GET", url, Map.of(), null, TIMEOUT), OutputSink.DISCARD));

            assertThat(outcome.reason()).isEqualTo(Reason.FAILED);
            assertThat(outcome.runReason()).startsWith("I/O error with 127.0.0.1:" + listener.getLocalPort() + ": ");
        }
    }

    @Test
    void a_sink_that_throws_loses_only_that_chunk() throws Exception {
        server.enqueue(new Response(200, "body", Duration.ZERO));
        RecordingSink kept = new RecordingSink();
        AtomicInteger calls = new AtomicInteger();
        OutputSink flaky = (stream, data, offset, length) -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("log store unavailable");
            }
            kept.chunk(stream, data, offset, length);
        };

        CallOutcome outcome = outcomeOf(runner.start(new HttpCall("GET", server.url("/"), Map.of(), null, TIMEOUT), flaky));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(kept.all()).isEqualTo("body");
    }

    @Test
    void starting_after_close_is_refused() {
        HttpRunner closed = new HttpRunner(TestOutbound.POLICY);
        closed.close();

        assertThatThrownBy(() -> closed.start(new HttpCall("GET", server.url("/"), Map.of(), null, TIMEOUT), OutputSink.DISCARD))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_jvms_proxy_is_used_except_for_the_hosts_it_names_as_direct() throws Exception {
        java.util.Properties saved = (java.util.Properties) System.getProperties().clone();
        int proxyPort = java.net.URI.create(server.url("/")).getPort();
        try {
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", Integer.toString(proxyPort));
            System.setProperty("http.nonProxyHosts", "localhost|*.direct.test");
            try (HttpRunner proxied = new HttpRunner(TestOutbound.POLICY)) {
                CallOutcome viaProxy = outcomeOf(proxied.start(new HttpCall("GET", "http://jobs.example.test/nightly",
                        Map.of(), null, TIMEOUT), new RecordingSink()));
                CallOutcome direct = outcomeOf(proxied.start(new HttpCall("GET", "http://db.direct.test/nightly",
                        Map.of(), null, TIMEOUT), new RecordingSink()));

                assertThat(viaProxy.succeeded()).isTrue();
                Request got = server.requests().getFirst();
                assertThat(got.header("Host")).isEqualTo("jobs.example.test");
                assertThat(got.path()).endsWith("/nightly");
                assertThat(server.requests()).hasSize(1);
                assertThat(direct.runReason()).isEqualTo("unknown host: db.direct.test");
            }
        } finally {
            System.setProperties(saved);
        }
    }

    @Test
    void non_proxy_hosts_match_as_java_reads_them() {
        var direct = dev.vigil.util.HttpClients.nonProxyHosts("localhost|*.internal.example|10.*");

        assertThat(direct.matcher("localhost").matches()).isTrue();
        assertThat(direct.matcher("db.internal.example").matches()).isTrue();
        assertThat(direct.matcher("10.0.0.7").matches()).isTrue();
        assertThat(direct.matcher("api.example.com").matches()).isFalse();
        assertThat(direct.matcher("internal.example.com").matches()).isFalse();
        assertThat(dev.vigil.util.HttpClients.nonProxyHosts("").matcher("localhost").matches()).isFalse();
    }
}

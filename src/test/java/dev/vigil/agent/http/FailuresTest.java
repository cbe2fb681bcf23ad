package dev.vigil.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The words for failures that a loopback-only test cannot provoke for real (DNS, TLS), as a client wraps them. */
class FailuresTest {
    private static final HttpCall CALL = new HttpCall("GET", "https://jobs.example.test/run", Map.of(), null, null);

    private static String describe(Throwable e) {
        return Failures.describe(new CompletionException(e), CALL, call -> {
            throw new AssertionError("the exception says enough; no probe expected");
        });
    }

    /** A connect failure without a message (as Java's client reported one: its retry on the closed channel). */
    private static String describeSilentConnectFailure(String probed) {
        var silent = new ConnectException();
        silent.initCause(new ClosedChannelException());
        return Failures.describe(new CompletionException(silent), CALL, call -> probed);
    }

    @Test
    void refused_connections_say_where() {
        var wrapped = new ConnectException();
        wrapped.initCause(new ConnectException("Connection refused"));

        assertThat(describe(wrapped)).isEqualTo("connection refused: jobs.example.test:443");
    }

    @Test
    void a_connect_failure_without_a_message_is_explained_by_a_probe() {
        assertThat(describeSilentConnectFailure("Connection refused")).isEqualTo("connection refused: jobs.example.test:443");
        assertThat(describeSilentConnectFailure("No route to host"))
                .isEqualTo("cannot connect to jobs.example.test:443: No route to host");
        assertThat(describeSilentConnectFailure(null)).isEqualTo("cannot connect to jobs.example.test:443");
    }

    @Test
    void other_connect_failures_keep_the_message() {
        assertThat(describe(new ConnectException("No route to host")))
                .isEqualTo("cannot connect to jobs.example.test:443: No route to host");
    }

    @Test
    void connect_timeout() {
        assertThat(describe(new SocketTimeoutException("Connect Timeout")))
                .isEqualTo("connect timed out: jobs.example.test:443");
        assertThat(describe(new SocketTimeoutException("Read timed out")))
                .isEqualTo("I/O error with jobs.example.test:443: Read timed out");
    }

    @Test
    void unknown_host() {
        var wrapped = new ConnectException();
        wrapped.initCause(new UnresolvedAddressException());

        assertThat(describe(wrapped)).isEqualTo("unknown host: jobs.example.test");
    }

    @Test
    void tls_failures() {
        assertThat(describe(new SSLHandshakeException("PKIX path building failed")))
                .isEqualTo("TLS handshake with jobs.example.test:443 failed: PKIX path building failed");
        assertThat(describe(new IOException("wrapped", new SSLException("bad record MAC"))))
                .isEqualTo("TLS error with jobs.example.test:443: bad record MAC");
    }

    @Test
    void other_io_errors_keep_the_first_message_in_the_chain() {
        assertThat(describe(new IOException("HTTP/1.1 header parser received no bytes")))
                .isEqualTo("I/O error with jobs.example.test:443: HTTP/1.1 header parser received no bytes");
        assertThat(describe(new IOException(null, new IOException("Connection reset"))))
                .isEqualTo("I/O error with jobs.example.test:443: Connection reset");
        assertThat(describe(new IOException()))
                .isEqualTo("I/O error with jobs.example.test:443: IOException");
    }

    @Test
    void a_request_the_client_refused() {
        assertThat(describe(new IllegalArgumentException("restricted header name: \"Date\"")))
                .isEqualTo("invalid request: restricted header name: \"Date\"");
    }
}

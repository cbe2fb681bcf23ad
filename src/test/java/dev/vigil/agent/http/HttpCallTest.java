package dev.vigil.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.Execution;
import dev.vigil.domain.ValidationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpCallTest {
    private static final String URL = "https://example.test/hook";

    private static HttpCall withHeaders(Map<String, String> headers) {
        return new HttpCall("POST", URL, headers, "{}", Duration.ofSeconds(5));
    }

    private static HttpCall withUrl(String url) {
        return new HttpCall("GET", url, Map.of(), null, null);
    }

    @Test
    void a_valid_call_keeps_what_it_was_given() {
        HttpCall call = new HttpCall("PATCH", URL + "?a=1", Map.of("Authorization", "Bearer x"), "{}", Duration.ofSeconds(5));

        assertThat(call.method()).isEqualTo("PATCH");
        assertThat(call.headers()).containsExactly(Map.entry("Authorization", "Bearer x"));
        assertThat(call.uri().getRawQuery()).isEqualTo("a=1");
        assertThat(call.authority()).isEqualTo("example.test:443");
        assertThat(withUrl("http://127.0.0.1:8081/x").authority()).isEqualTo("127.0.0.1:8081");
    }

    @Test
    void no_timeout_means_the_default() {
        assertThat(withUrl(URL).timeout()).isEqualTo(HttpCall.DEFAULT_TIMEOUT);
    }

    @Test
    void built_from_a_jobs_http_target_and_timeout() {
        var target = new Execution.Http("DELETE", URL, Map.of("X-Token", "t"), null);

        HttpCall call = HttpCall.from(target, Duration.ofSeconds(3));

        assertThat(call).isEqualTo(new HttpCall("DELETE", URL, Map.of("X-Token", "t"), null, Duration.ofSeconds(3)));
    }

    @Test
    void method_must_be_a_token_and_not_connect() {
        assertRejected(() -> new HttpCall("GET /x", URL, null, null, null), "http.method", "not a valid method");
        assertRejected(() -> new HttpCall("", URL, null, null, null), "http.method", "required");
        assertRejected(() -> new HttpCall("CONNECT", URL, null, null, null), "http.method", "not supported");
        assertThat(new HttpCall("PROPFIND", URL, null, null, null).method()).isEqualTo("PROPFIND");
    }

    @Test
    void url_must_be_absolute_http_or_https_with_a_host() {
        assertRejected(() -> withUrl(null), "http.url", "required");
        assertRejected(() -> withUrl("/relative"), "http.url", "absolute http or https");
        assertRejected(() -> withUrl("ftp://example.test/x"), "http.url", "absolute http or https");
        assertRejected(() -> withUrl("http://exa mple.test/"), "http.url", "not a valid URL");
        assertRejected(() -> withUrl("http:///path"), "http.url", "valid host");
        assertRejected(() -> withUrl("https://user:secret@example.test/"), "http.url", "Authorization header");
        assertThat(withUrl("HTTPS://example.test/").url()).isEqualTo("HTTPS://example.test/");
    }

    @Test
    void header_names_must_be_tokens_and_not_set_by_the_client() {
        assertRejected(() -> withHeaders(Map.of("X Bad", "v")), "http.headers", "'X Bad' is not a valid header name");
        assertRejected(() -> withHeaders(Map.of("X-Bad:", "v")), "http.headers", "not a valid header name");
        assertRejected(() -> withHeaders(Map.of("host", "evil.test")), "http.headers", "host is set by the client");
        assertRejected(() -> withHeaders(Map.of("Content-Length", "3")), "http.headers", "set by the client");
        assertRejected(() -> withHeaders(Map.of("Transfer-Encoding", "chunked")), "http.headers", "set by the client");
    }

    @Test
    void header_values_must_not_contain_line_breaks_or_controls() {
        assertRejected(() -> withHeaders(Map.of("X-A", "a\r\nX-Injected: 1")), "http.headers", "X-A: value contains a line break");
        assertRejected(() -> withHeaders(Map.of("X-A", "a\nb")), "http.headers", "line break");
        assertRejected(() -> withHeaders(Map.of("X-A", "a\u0000b")), "http.headers", "U+0000");
        assertRejected(() -> withHeaders(Map.of("X-A", "snow \u2603")), "http.headers", "U+2603");
        assertThat(withHeaders(Map.of("X-A", "tab\tand space, caf\u00e9")).headers()).containsKey("X-A");
    }

    @Test
    void header_names_may_not_repeat_in_another_case() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Token", "a");
        headers.put("x-token", "b");

        assertRejected(() -> withHeaders(headers), "http.headers", "given twice");
    }

    @Test
    void timeout_must_be_positive() {
        assertRejected(() -> new HttpCall("GET", URL, null, null, Duration.ZERO), "timeout", "must be positive");
        assertRejected(() -> new HttpCall("GET", URL, null, null, Duration.ofSeconds(-1)), "timeout", "must be positive");
    }

    private static void assertRejected(Runnable build, String field, String message) {
        assertThatThrownBy(build::run)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(message);
    }
}

package dev.vigil.agent.http;

import dev.vigil.domain.Execution;
import dev.vigil.domain.ValidationException;
import dev.vigil.util.HttpHeaders;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One HTTP request to make for an attempt of a job with an {@code http} target. Checked when built,
 * so that the request can be sent exactly as given: what the client would refuse or rewrite is a
 * {@link ValidationException} naming the field ({@code http.method}, {@code http.url},
 * {@code http.headers}, {@code timeout}).
 *
 * @param method an RFC 9110 method token, sent as given (methods are case-sensitive); not CONNECT
 * @param url an absolute {@code http} or {@code https} URL with a host and no user-info
 * @param headers sent as given; names are tokens, values are printable (tab, space, visible ASCII
 *     or Latin-1) with no CR or LF. Headers the client sets itself ({@link #SET_BY_CLIENT}) are refused.
 * @param body sent as UTF-8, or {@code null} to send no body. No Content-Type is added: set one.
 * @param timeout limits the whole call, from start until the last byte of the response body;
 *     {@code null} means {@link #DEFAULT_TIMEOUT}
 */
public record HttpCall(String method, String url, Map<String, String> headers, String body, Duration timeout) {

    /**
     * For a job without a timeout. Unlike a hung process, a request whose peer silently vanished
     * (a dropped NAT entry, a server that never answers) shows no sign of life, so it is never
     * left to wait forever.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    /** Header names the client derives from the URL and body or from the protocol; case-insensitive. */
    public static final Set<String> SET_BY_CLIENT = HttpHeaders.SET_BY_CLIENT;

    public HttpCall {
        checkMethod(method);
        checkUrl(url);
        headers = headers == null ? Map.of() : Map.copyOf(checkHeaders(headers));
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ValidationException("timeout", "must be positive, was " + timeout);
        }
    }

    /** The call for one attempt of a job's http target, limited by the job's timeout (may be null). */
    public static HttpCall from(Execution.Http target, Duration timeout) {
        Objects.requireNonNull(target, "target");
        return new HttpCall(target.method(), target.url(), target.headers(), target.body(), timeout);
    }

    /** The URL, parsed. */
    public URI uri() {
        return URI.create(url);
    }

    /** {@code host:port} of the URL, with the scheme's default port when it names none; for messages. */
    public String authority() {
        URI uri = uri();
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    private static void checkMethod(String method) {
        if (method == null || method.isEmpty()) {
            throw new ValidationException("http.method", "is required");
        }
        if (!HttpHeaders.isToken(method)) {
            throw new ValidationException("http.method", "'" + printable(method) + "' is not a valid method name");
        }
        if (method.equals("CONNECT")) {
            throw new ValidationException("http.method", "CONNECT is not supported");
        }
    }

    private static void checkUrl(String url) {
        if (url == null || url.isEmpty()) {
            throw new ValidationException("http.url", "is required");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ValidationException("http.url", "is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ValidationException("http.url", "must be an absolute http or https URL, was " + printable(url));
        }
        if (uri.getHost() == null) {
            throw new ValidationException("http.url", "must name a valid host, was " + printable(url));
        }
        if (uri.getRawUserInfo() != null) {
            // The client would silently drop them; say so rather than send an unauthenticated request.
            throw new ValidationException("http.url", "must not contain credentials; send them in an Authorization header");
        }
    }

    private static Map<String, String> checkHeaders(Map<String, String> headers) {
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> {
            if (!HttpHeaders.isToken(name)) {
                throw new ValidationException("http.headers", "'" + printable(name) + "' is not a valid header name");
            }
            if (SET_BY_CLIENT.contains(name)) {
                throw new ValidationException("http.headers", name + " is set by the client and cannot be configured");
            }
            if (!seen.add(name)) {
                throw new ValidationException("http.headers", name + " is given twice (header names ignore case)");
            }
            if (value == null) {
                throw new ValidationException("http.headers", name + ": value must not be null");
            }
            int bad = HttpHeaders.badValueChar(value);
            if (bad >= 0) {
                char c = value.charAt(bad);
                throw new ValidationException("http.headers", name + ": value contains "
                        + (c == '\r' || c == '\n' ? "a line break" : String.format("the character U+%04X", (int) c))
                        + "; only tab, space and visible characters are allowed");
            }
        });
        return headers;
    }

    /** For messages: shows line breaks and other controls escaped, so a message stays one line. */
    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}

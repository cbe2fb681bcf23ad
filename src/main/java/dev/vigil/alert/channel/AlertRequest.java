package dev.vigil.alert.channel;

import dev.vigil.util.HttpHeaders;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The POST an HTTP channel sends: where, with which headers, what body (UTF-8) and how long it may
 * take. Built by a channel, sent by {@link HttpChannelSupport}. Headers the client sets itself, and
 * names or values that would break the request's head, are refused with
 * {@link IllegalArgumentException} (a permanent failure: sending again cannot help).
 */
public record AlertRequest(URI uri, List<Header> headers, String body, Duration timeout) {
    public record Header(String name, String value) {}

    public AlertRequest {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timeout, "timeout");
        headers = List.copyOf(headers);
    }

    /** A POST of {@code body} to {@code uri}. */
    public static Builder post(URI uri, Duration timeout, String body) {
        return new Builder(uri, timeout, body);
    }

    /** Headers in the order given; {@link #setHeader} replaces. */
    public static final class Builder {
        private final URI uri;
        private final Duration timeout;
        private final String body;
        private final List<Header> headers = new ArrayList<>();

        private Builder(URI uri, Duration timeout, String body) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("invalid URI scheme " + uri.getScheme() + ": must be http or https");
            }
            if (uri.getHost() == null) throw new IllegalArgumentException("no host in the URI");
            this.uri = uri;
            this.timeout = timeout;
            this.body = body;
        }

        /** Adds a header. */
        public Builder header(String name, String value) {
            headers.add(checked(name, value));
            return this;
        }

        /** Sets a header, replacing any of that name (case-insensitively). */
        public Builder setHeader(String name, String value) {
            Header h = checked(name, value);
            headers.removeIf(x -> x.name().equalsIgnoreCase(name));
            headers.add(h);
            return this;
        }

        public AlertRequest build() {
            return new AlertRequest(uri, headers, body, timeout);
        }

        private static Header checked(String name, String value) {
            if (!HttpHeaders.isToken(name)) throw new IllegalArgumentException("invalid header name \"" + name + "\"");
            if (HttpHeaders.SET_BY_CLIENT.contains(name)) {
                throw new IllegalArgumentException("restricted header name: \"" + name + "\"");
            }
            if (value == null || HttpHeaders.badValueChar(value) >= 0) {
                throw new IllegalArgumentException("invalid header value for \"" + name + "\"");
            }
            return new Header(name, value);
        }
    }
}

package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-like HTTP client for dashboard tests: keeps cookies, does not follow redirects, knows the CSRF token. */
public final class UiClient {
    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern HEADER_CSRF = Pattern.compile("\"X-CSRF-Token\": \"([^\"]+)\"");

    public final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    private final java.util.function.Function<String, String> urlOf;
    private String csrf;

    public UiClient(TestServer server) {
        this.urlOf = server::url;
    }

    /** A client of a server running as a process, by its base URL. */
    public UiClient(String baseUrl) {
        this.urlOf = path -> baseUrl + path;
    }

    public static UiClient loggedIn(String baseUrl, String key) {
        UiClient c = new UiClient(baseUrl);
        HttpResponse<String> r = c.login(key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return c;
    }

    public static UiClient loggedIn(TestServer server, String key) {
        UiClient c = new UiClient(server);
        HttpResponse<String> r = c.login(key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return c;
    }

    public HttpResponse<String> login(String key) {
        HttpResponse<String> page = get("/ui/login");
        Matcher m = HIDDEN_CSRF.matcher(page.body());
        assertThat(m.find()).as("login form has a CSRF token").isTrue();
        return postForm("/ui/login", Map.of("_csrf", m.group(1), "key", key, "next", "/ui"));
    }

    public HttpResponse<String> get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).GET());
        Matcher m = HEADER_CSRF.matcher(r.body());
        if (m.find()) csrf = m.group(1);
        return r;
    }

    /** An htmx-style POST carrying the CSRF header of the last page loaded. */
    public HttpResponse<String> post(String path, Map<String, String> form) {
        assertThat(csrf).as("load a page first, for its CSRF token").isNotNull();
        return send(HttpRequest.newBuilder(uri(path)).header("X-CSRF-Token", csrf).header("HX-Request", "true")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    public HttpResponse<String> postForm(String path, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    public String csrf() {
        return csrf;
    }

    public URI uri(String path) {
        return URI.create(urlOf.apply(path));
    }

    public HttpClient http() {
        return http;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, String> form) {
        return new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}

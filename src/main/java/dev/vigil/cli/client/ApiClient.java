package dev.vigil.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A client of a Vigil server's REST API ({@code /api/v1}) on the JDK's HTTP client. Paths are
 * relative to {@code /api/v1}: {@code api.get("/jobs?project=prod")}. Every failure is an
 * {@link ApiException}: an error answer (with its status and what the API said) or no answer.
 */
public final class ApiClient {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final ObjectMapper JSON = new ObjectMapper();

    private final String server;
    private final String key;
    private final HttpClient http;
    private final Duration timeout;
    private final String keyFrom;

    /** @param server the server's base URL without a trailing slash, e.g. {@code https://vigil.example.com} */
    public ApiClient(String server, String key) {
        this(server, key, null, DEFAULT_TIMEOUT);
    }

    /** @param keyFrom where the key came from, said when the server refuses it ({@code VIGIL_KEY} …); may be null */
    public ApiClient(String server, String key, String keyFrom, Duration timeout) {
        this.server = server;
        this.key = key;
        this.keyFrom = keyFrom;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public String server() { return server; }

    /** An answer with a success status: its body as sent, and parsed (missing for an empty body or text). */
    public record Reply(int status, String body, JsonNode json) {}

    public JsonNode get(String path) { return send("GET", path, null).json(); }

    public JsonNode post(String path, Object body) { return send("POST", path, body).json(); }

    public JsonNode put(String path, Object body) { return send("PUT", path, body).json(); }

    public JsonNode patch(String path, Object body) { return send("PATCH", path, body).json(); }

    public JsonNode delete(String path) { return send("DELETE", path, null).json(); }

    /** A text answer, such as a run's log. */
    public String getText(String path) { return send("GET", path, null).body(); }

    /**
     * Sends a request and returns the answer if its status is 2xx.
     *
     * @param body null for none, a {@code String} sent as is (JSON text), or anything Jackson writes as JSON
     * @throws ApiException on an error status or when the server cannot be reached
     */
    public Reply send(String method, String path, Object body) {
        String url = server + "/api/v1" + path;
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        } catch (IllegalArgumentException e) {
            throw ClientException.usage("not a valid URL: " + url);
        }
        b.header("Authorization", "Bearer " + key).header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json(body)));
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw ApiException.unreachable(server, "connection timed out", e);
        } catch (HttpTimeoutException e) {
            throw ApiException.unreachable(server, "no answer within " + timeout.toSeconds() + "s", e);
        } catch (ConnectException e) {
            throw ApiException.unreachable(server, "connection refused", e);
        } catch (IOException e) {
            throw ApiException.unreachable(server, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ExitCodes.ERROR, "interrupted", e);
        }
        JsonNode parsed = parse(r);
        if (r.statusCode() / 100 != 2) throw ApiException.of(method, url, r.statusCode(), r.body(), parsed, keyFrom);
        return new Reply(r.statusCode(), r.body(), parsed == null ? MissingNode.getInstance() : parsed);
    }

    private static JsonNode parse(HttpResponse<String> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (r.body() == null || r.body().isBlank() || !type.startsWith("application/json")) return null;
        try {
            return JSON.readTree(r.body());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String json(Object body) {
        if (body instanceof String s) return s;
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request as JSON; indicates a bug", e);
        }
    }

    /** One path segment, encoded: {@code "/jobs/" + seg(project) + "/" + seg(slug)}. */
    public static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code ?a=1&b=2} from the non-null values, in order; empty if none. */
    public static String query(Map<String, ?> params) {
        StringJoiner j = new StringJoiner("&", "?", "").setEmptyValue("");
        params.forEach((k, v) -> {
            if (v != null) j.add(seg(k) + "=" + seg(v.toString()));
        });
        return j.toString();
    }

    /** {@code query("project", "prod", "tag", null)}: pairs of name and value. */
    public static String query(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) m.put(pairs[i].toString(), pairs[i + 1]);
        return query(m);
    }
}

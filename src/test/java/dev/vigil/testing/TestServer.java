package dev.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.Config;
import dev.vigil.app.Vigil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real Vigil server on a random port over a fresh data directory, with a real HTTP client and
 * a known admin key. Tests talk to it exactly as users do.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_KEY = "vk_test_admin_key_0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final Vigil vigil;
    public final Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestServer(Vigil vigil, Path dataDir) {
        this.vigil = vigil;
        this.dataDir = dataDir;
    }

    public static TestServer start(Clock clock) {
        try {
            return start(clock, Files.createTempDirectory("vigil-test"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestServer start(Clock clock, Path dataDir) {
        return start(clock, Config.forTests(dataDir).withAdminKey(ADMIN_KEY));
    }

    public static TestServer start(Clock clock, Config config) {
        return new TestServer(Vigil.start(config, clock), config.dataDir());
    }

    public String url(String path) {
        return vigil.baseUrl() + path;
    }

    public Response get(String path) {
        return send(authed(path).GET());
    }

    public Response delete(String path) {
        return send(authed(path).DELETE());
    }

    public Response put(String path, String json) {
        return send(authed(path).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patch(String path, String json) {
        return send(authed(path).method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response post(String path, String json) {
        return send(authed(path).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A ping as curl sends it: no key, GET unless a body is given (then POST). */
    public Response ping(String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)));
        return send(body == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder authed(String path) {
        return HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json");
    }

    /** Creates project {@code slug} and returns its JSON (with the ping key). */
    /** The runs of a job, oldest first, as the API lists them. */
    public java.util.List<JsonNode> runs(String project, String slug) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        get("/api/v1/jobs/" + project + "/" + slug + "/runs").json().get("runs").forEach(out::add);
        return out.reversed();
    }

    public JsonNode createProject(String slug) {
        Response r = post("/api/v1/projects", "{\"slug\":\"" + slug + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Override
    public void close() {
        vigil.close();
    }

    /** Closes the server and deletes its data directory. */
    public void closeAndDelete() {
        close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }
}

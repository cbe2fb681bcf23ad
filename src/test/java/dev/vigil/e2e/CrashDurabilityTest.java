package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Nothing acknowledged is lost on a crash: a server in its own process is killed with SIGKILL while
 * pings pour in; after a restart on the same data directory, every ping that was answered 200 is
 * in the job's run history.
 */
class CrashDurabilityTest {
    private static final String KEY = "vk_crash_test_admin_key_000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void every_acknowledged_ping_survives_kill_minus_nine() throws Exception {
        Path data = Files.createTempDirectory("vigil-crash");
        int port = freePort();
        Process server = startServer(data, port);
        String uuid;
        try {
            call("POST", port, "/api/v1/projects", "{\"slug\": \"crash\"}");
            uuid = JSON.readTree(call("PUT", port, "/api/v1/jobs/crash/pinged", "{}").body()).get("uuid").asText();
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            try (var pool = Executors.newFixedThreadPool(8)) {
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    pool.submit(() -> {
                        for (int i = 0; i < 2_000 && !stop.get(); i++) {
                            String rid = "t" + thread + "-" + i;
                            try {
                                var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping/" + uuid + "?rid=" + rid))
                                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() == 200) acknowledged.add(rid);
                            } catch (IOException | InterruptedException e) {
                                return; // the server is gone: this ping was never acknowledged
                            }
                        }
                    });
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 300);
                server.destroyForcibly().waitFor(); // SIGKILL, mid-stream
                stop.set(true);
            }
            server = startServer(data, port);
            Set<String> stored = new HashSet<>();
            Long before = null;
            while (true) {
                String page = "/api/v1/jobs/crash/pinged/runs?limit=1000" + (before == null ? "" : "&before=" + before);
                JsonNode runs = JSON.readTree(call("GET", port, page, null).body()).get("runs");
                if (runs.isEmpty()) break;
                runs.forEach(r -> stored.add(r.get("rid").asText()));
                before = runs.get(runs.size() - 1).get("id").asLong();
            }
            assertThat(acknowledged).isNotEmpty();
            assertThat(stored).containsAll(acknowledged);
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    private Process startServer(Path data, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.vigil.cli.Main", "server", "--port", Integer.toString(port), "--host", "127.0.0.1",
                "--data-dir", data.toString(), "--no-example"));
        pb.environment().put("VIGIL_ADMIN_KEY", KEY);
        pb.environment().put("VIGIL_PING_RATE_LIMIT", "0"); // all pings to one job, as fast as possible
        pb.redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile());
        Process p = pb.start();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return p;
    }

    private HttpResponse<String> call(String method, int port, String path, String body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        return r;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

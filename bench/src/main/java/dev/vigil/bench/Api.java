package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/** The few API calls the benchmarks need, over java.net.http. */
final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** No call waits forever; the server itself answers 503 after 30 s when its writer is stuck. */
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(120);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String key;

    Api(int port, String key) {
        this.base = "http://127.0.0.1:" + port;
        this.key = key;
    }

    JsonNode send(String method, String path, String body, int expected) throws Exception {
        return JSON.readTree(text(method, path, body, expected));
    }

    /** The answer's body as text (pings answer {@code OK}, not JSON). */
    String text(String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Creates {@code count} jobs {@code every} apart, {@code parallel} requests at a time; returns their uuids. */
    List<UUID> createJobs(String project, int count, String every, int parallel) throws Exception {
        Semaphore slots = new Semaphore(parallel);
        List<Future<UUID>> futures = new ArrayList<>(count);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                String path = "/api/v1/jobs/" + project + "/j" + i;
                slots.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        JsonNode job = send("PUT", path, "{\"every\": \"" + every + "\"}", 201);
                        return UUID.fromString(job.get("uuid").asText());
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        List<UUID> uuids = new ArrayList<>(count);
        for (Future<UUID> f : futures) uuids.add(f.get());
        return uuids;
    }
}

package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's server-sent event stream: a committed change reaches an open page at once. */
class LiveFeedTest {
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(MutableClock.at("2026-06-01T10:00:00Z"));
        server.createProject("prod");
        assertThat(server.put("/api/v1/jobs/prod/backup", "{\"every\": \"1h\"}").status()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    @Test
    void a_ping_sends_a_change_event_to_every_open_page() throws Exception {
        UiClient ui = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<InputStream> stream = ui.http().send(HttpRequest.newBuilder(ui.uri("/ui/events")).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (java.io.IOException e) {
                // the server closed the stream at the end of the test
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("event: hello"));
        assertThat(lines).doesNotContain("event: change");

        String uuid = server.get("/api/v1/jobs/prod/backup").json().get("uuid").asText();
        assertThat(server.ping("/ping/" + uuid + "/fail", "").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("event: change")); // a bound for a slow machine, not a latency measurement
        server.close();
        reader.join(Duration.ofSeconds(5));
        assertThat(reader.isAlive()).as("closing the server ends the stream").isFalse();
    }

    @Test
    void a_run_queued_outside_the_writer_sends_a_change_event_too() throws Exception {
        // Labels no agent has: the run stays queued, so only the queueing itself can announce it.
        assertThat(server.put("/api/v1/jobs/prod/gpu", "{\"command\": [\"true\"], \"labels\": [\"gpu\"]}").status()).isEqualTo(201);
        UiClient ui = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
        List<String> lines = listen(ui);
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("event: hello"));
        lines.clear();

        assertThat(server.post("/api/v1/jobs/prod/gpu/runs", "").status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("event: change")); // a bound for a slow machine, not a latency measurement
    }

    private static List<String> listen(UiClient ui) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<InputStream> stream = ui.http().send(HttpRequest.newBuilder(ui.uri("/ui/events"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (java.io.IOException e) {
                // the server closed the stream at the end of the test
            }
        });
        return lines;
    }

    @Test
    void the_event_stream_needs_a_session() {
        UiClient anon = new UiClient(server);
        HttpResponse<String> r = anon.get("/ui/events");
        assertThat(r.statusCode()).isEqualTo(302);
    }
}

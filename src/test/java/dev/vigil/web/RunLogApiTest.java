package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.Config;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.LogChunk;
import dev.vigil.execution.RunLogs;
import dev.vigil.security.ApiKeys;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A run's stored output through {@code GET /api/v1/runs/{id}/log} and {@code /log/chunks}. */
class RunLogApiTest {
    private static final int LIMIT = 1_000;
    static final MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        Config config = Config.forTests(Files.createTempDirectory("vigil-test")).withAdminKey(TestServer.ADMIN_KEY)
                .withRunLog(LIMIT, Config.DEFAULT_RUN_LOG_RETENTION);
        server = TestServer.start(clock, config);
        server.createProject("logs");
        server.createProject("other");
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    /** A job of project logs with one open run (a start ping); returns the run's id. */
    private static long openRun(String slug) {
        String uuid = server.put("/api/v1/jobs/logs/" + slug, "{\"schedule\": {\"every\": \"1h\"}}").json().get("uuid").asText();
        assertThat(server.ping("/ping/" + uuid + "/start", null).status()).isEqualTo(200);
        return server.get("/api/v1/jobs/logs/" + slug + "/runs").json().get("runs").get(0).get("id").asLong();
    }

    private static void finish(String slug) {
        String uuid = server.get("/api/v1/jobs/logs/" + slug).json().get("uuid").asText();
        assertThat(server.ping("/ping/" + uuid, null).status()).isEqualTo(200);
    }

    private static void append(long run, long seq, String text) {
        server.vigil.runLogs().append(run, seq, Instant.parse("2025-06-01T10:00:00Z").plusSeconds(seq), text);
    }

    private static List<Long> seqs(JsonNode answer) {
        List<Long> seqs = new ArrayList<>();
        answer.get("chunks").forEach(c -> seqs.add(c.get("seq").asLong()));
        return seqs;
    }

    @Test
    void stored_chunks_show_up_in_seq_order_and_once_in_both_endpoints() {
        long run = openRun("ordered");
        append(run, 3, "three\n");
        append(run, 1, "one\n");
        append(run, 2, "two\n");
        append(run, 1, "one\n");

        var log = server.get("/api/v1/runs/" + run + "/log");
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.header("Content-Type")).matches("(?i)text/plain; ?charset=utf-8");
        assertThat(log.header("Content-Disposition")).isNull();
        assertThat(log.body()).isEqualTo("one\ntwo\nthree\n");

        var chunks = server.get("/api/v1/runs/" + run + "/log/chunks");
        assertThat(chunks.status()).isEqualTo(200);
        JsonNode body = chunks.json();
        assertThat(seqs(body)).containsExactly(1L, 2L, 3L);
        assertThat(body.get("chunks").get(0).get("text").asText()).isEqualTo("one\n");
        assertThat(body.get("chunks").get(0).get("at").asText()).isEqualTo("2025-06-01T10:00:01Z");
        assertThat(body.get("next").asLong()).isEqualTo(3);
        assertThat(body.get("done").asBoolean()).isFalse();
    }

    @Test
    void after_pages_through_the_chunks_and_done_comes_once_the_run_ended_and_all_was_read() {
        long run = openRun("paged");
        for (long seq : List.of(1L, 2L, 5L)) append(run, seq, "line " + seq + "\n");

        JsonNode first = server.get("/api/v1/runs/" + run + "/log/chunks?limit=2").json();
        assertThat(seqs(first)).containsExactly(1L, 2L);
        assertThat(first.get("done").asBoolean()).isFalse();

        finish("paged");
        JsonNode whileMore = server.get("/api/v1/runs/" + run + "/log/chunks?after=0&limit=2").json();
        assertThat(whileMore.get("done").asBoolean()).as("more chunks follow").isFalse();
        JsonNode last = server.get("/api/v1/runs/" + run + "/log/chunks?after=" + first.get("next").asLong() + "&limit=2").json();
        assertThat(seqs(last)).containsExactly(5L);
        assertThat(last.get("next").asLong()).isEqualTo(5);
        assertThat(last.get("done").asBoolean()).isTrue();
        JsonNode beyond = server.get("/api/v1/runs/" + run + "/log/chunks?after=5").json();
        assertThat(seqs(beyond)).isEmpty();
        assertThat(beyond.get("next").asLong()).as("next stays at after when nothing is new").isEqualTo(5);
        assertThat(beyond.get("done").asBoolean()).isTrue();
    }

    @Test
    void output_beyond_the_limit_is_dropped_with_one_marker() {
        long run = openRun("chatty");
        String line = "x".repeat(599) + "\n";
        append(run, 1, line);
        append(run, 2, line);
        append(run, 3, line);
        append(run, 2, line);

        String log = server.get("/api/v1/runs/" + run + "/log").body();
        String marker = "[vigil: output beyond 1000 bytes was dropped]";
        assertThat(log).startsWith(line + "x".repeat(400)).endsWith("\n" + marker + "\n");
        assertThat(log.split("\\[vigil:", -1)).hasSize(2);
        JsonNode chunks = server.get("/api/v1/runs/" + run + "/log/chunks").json();
        assertThat(seqs(chunks)).containsExactly(1L, 2L, RunLogs.MARKER_SEQ);
        assertThat(chunks.get("next").asLong()).isEqualTo(RunLogs.MARKER_SEQ);
    }

    @Test
    void a_log_of_many_pages_is_served_whole() {
        long run = openRun("long");
        int chunks = 1_201; // over two pages of the reader; stored directly, past the limit
        server.vigil.store().write(tx -> {
            for (int seq = 1; seq <= chunks; seq++) {
                tx.runLogs().append(new LogChunk(run, seq, clock.instant(), seq + "\n"));
            }
            return null;
        });

        String[] lines = server.get("/api/v1/runs/" + run + "/log").body().split("\n");

        assertThat(lines).hasSize(chunks);
        assertThat(lines[chunks - 1]).isEqualTo(String.valueOf(chunks));
    }

    @Test
    void download_names_the_file_after_project_job_and_run() {
        long run = openRun("nightly-backup");
        append(run, 1, "done\n");

        var r = server.get("/api/v1/runs/" + run + "/log?download=1");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"logs-nightly-backup-run-" + run + ".log\"");
        assertThat(r.body()).isEqualTo("done\n");
    }

    @Test
    void a_pinged_run_without_chunks_shows_its_ping_body() {
        String uuid = server.put("/api/v1/jobs/logs/pinged", "{\"schedule\": {\"every\": \"1h\"}}").json().get("uuid").asText();
        server.ping("/ping/" + uuid + "/fail", "disk full");
        long run = server.get("/api/v1/jobs/logs/pinged/runs").json().get("runs").get(0).get("id").asLong();

        assertThat(server.get("/api/v1/runs/" + run + "/log").body()).isEqualTo("disk full");
        JsonNode chunks = server.get("/api/v1/runs/" + run + "/log/chunks").json();
        assertThat(seqs(chunks)).isEmpty();
        assertThat(chunks.get("next").asLong()).isZero();
        assertThat(chunks.get("done").asBoolean()).isTrue();
    }

    @Test
    void bad_paging_and_download_values_are_400_naming_the_field() {
        long run = openRun("validated");
        for (String query : List.of("after=abc", "after=-1", "after=1.5")) {
            var r = server.get("/api/v1/runs/" + run + "/log/chunks?" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.json().get("error").asText()).isEqualTo("invalid");
            assertThat(r.json().get("field").asText()).isEqualTo("after");
        }
        for (String query : List.of("limit=0", "limit=1001", "limit=x")) {
            var r = server.get("/api/v1/runs/" + run + "/log/chunks?" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("limit");
        }
        var r = server.get("/api/v1/runs/" + run + "/log?download=yes");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("download");
    }

    @Test
    void an_unknown_run_is_404() {
        assertThat(server.get("/api/v1/runs/987654/log").status()).isEqualTo(404);
        assertThat(server.get("/api/v1/runs/987654/log/chunks").status()).isEqualTo(404);
        assertThat(server.get("/api/v1/runs/abc/log/chunks").status()).isEqualTo(404);
    }

    @Test
    void only_viewers_of_the_jobs_project_may_read_its_output() {
        long run = openRun("secret");
        append(run, 1, "password=hunter2\n");
        String otherViewer = key(server.vigil.store().read(tx -> tx.projects().bySlug("other")).orElseThrow().id());
        String viewer = key(server.vigil.store().read(tx -> tx.projects().bySlug("logs")).orElseThrow().id());

        for (String path : List.of("/log", "/log/chunks")) {
            assertThat(get(otherViewer, "/api/v1/runs/" + run + path).status()).as(path).isEqualTo(403);
            assertThat(get(viewer, "/api/v1/runs/" + run + path).status()).as(path).isEqualTo(200);
        }
    }

    private static String key(long projectId) {
        String key = ApiKeys.generate();
        server.vigil.store().write(tx -> tx.apiKeys().insert(new ApiKey(0, "viewer-" + projectId, ApiKeys.prefix(key),
                ApiKeys.hash(key), projectId, ApiKey.Role.VIEWER, clock.instant())));
        return key;
    }

    private static TestServer.Response get(String key, String path) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(path))).header("Authorization", "Bearer " + key).GET());
    }
}

package dev.vigil.web.ui;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The run page: its live header, its output tailed after a seq, and the download, through a real server. */
class RunPageTest {
    private static final Pattern TAIL = Pattern.compile("id=\"log-tail\" hx-get=\"/ui/runs/\\d+/log\\?after=(\\d+)\"");
    static final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    static TestServer server;
    static UiClient ui;

    @BeforeAll
    static void start() {
        server = TestServer.start(clock);
        server.createProject("ops");
        server.createProject("other");
        ui = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    /** A watched job with one open run (a start ping); returns the run's id. */
    private static long openRun(String slug) {
        String uuid = server.put("/api/v1/jobs/ops/" + slug, "{\"every\": \"1h\"}").json().get("uuid").asText();
        assertThat(server.ping("/ping/" + uuid + "/start", null).status()).isEqualTo(200);
        return server.get("/api/v1/jobs/ops/" + slug + "/runs").json().get("runs").get(0).get("id").asLong();
    }

    private static void finish(String slug, String body) {
        String uuid = server.get("/api/v1/jobs/ops/" + slug).json().get("uuid").asText();
        assertThat(server.ping("/ping/" + uuid, body).status()).isEqualTo(200);
    }

    private static void append(long run, long seq, String text) {
        server.vigil.runLogs().append(run, seq, clock.instant(), text);
    }

    private static String state(long run) {
        return server.get("/api/v1/runs/" + run).json().get("state").asText();
    }

    private static long tailAfter(String html) {
        Matcher m = TAIL.matcher(html);
        assertThat(m.find()).as("a tail fetching what follows in " + html).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void a_managed_run_shows_its_output_live_and_all_of_it_once_finished() {
        var job = server.put("/api/v1/jobs/ops/twice", "{\"every\": \"1h\", \"command\": [\"sh\", \"-c\", \"echo one; sleep 2; echo two\"]}");
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        long run = server.post("/api/v1/jobs/ops/twice/runs", "").json().get("id").asLong();
        server.vigil.agent().runOnce();

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            String page = ui.get("/ui/runs/" + run).body();
            return page.contains("data-run-state=\"running\"") && page.contains(">one\n");
        });
        HttpResponse<String> live = ui.get("/ui/runs/" + run);
        assertThat(live.body()).contains("id=\"run-log\"").contains("id=\"log-tail\"").contains("id=\"log-follow\"")
                .contains("href=\"/ui/p/ops/jobs/twice\"").contains("data-action=\"download-log\"");

        await().atMost(Duration.ofSeconds(20)).until(() -> state(run).equals("succeeded"));
        HttpResponse<String> done = ui.get("/ui/runs/" + run);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("data-run-state=\"succeeded\"").contains("one\n").contains("two\n")
                .doesNotContain("id=\"log-tail\"").doesNotContain("No output");
        assertThat(done.body()).containsPattern("data-field=\"exit-code\"><code>0</code>");
        HttpResponse<String> header = ui.get("/ui/runs/" + run + "?fragment=1");
        assertThat(header.body().strip()).startsWith("<section id=\"run-state\"").contains("data-run-state=\"succeeded\"")
                .doesNotContain("<html");
    }

    @Test
    void the_tail_answers_only_newer_chunks_and_stops_polling_once_the_run_ended() {
        long run = openRun("tailed");
        append(run, 1, "first line\n");
        HttpResponse<String> page = ui.get("/ui/runs/" + run);
        assertThat(page.body()).contains("<span class=\"chunk\" data-seq=\"1\">first line\n</span>");
        long after = tailAfter(page.body());
        assertThat(after).isEqualTo(1);

        HttpResponse<String> nothing = ui.get("/ui/runs/" + run + "/log?after=" + after);
        assertThat(nothing.statusCode()).isEqualTo(200);
        assertThat(nothing.body()).doesNotContain("chunk");
        assertThat(tailAfter(nothing.body())).isEqualTo(1);

        append(run, 2, "second <b>line</b>\n");
        append(run, 3, "third line\n");
        HttpResponse<String> newer = ui.get("/ui/runs/" + run + "/log?after=" + after);
        assertThat(newer.statusCode()).isEqualTo(200);
        assertThat(newer.body()).doesNotContain("first line").contains("second &lt;b&gt;line&lt;/b&gt;\n").contains("third line");
        assertThat(tailAfter(newer.body())).isEqualTo(3);

        finish("tailed", null);
        HttpResponse<String> last = ui.get("/ui/runs/" + run + "/log?after=3");
        assertThat(last.statusCode()).as("286 stops htmx polling").isEqualTo(RunPage.STOP_POLLING);
        assertThat(last.body()).doesNotContain("log-tail");
        HttpResponse<String> whole = ui.get("/ui/runs/" + run);
        assertThat(whole.body()).contains("first line").contains("third line").doesNotContain("log-tail");
    }

    @Test
    void the_download_is_an_attachment_with_the_whole_output() {
        long run = openRun("saved");
        append(run, 1, "alpha\n");
        append(run, 2, "beta ü\n");

        HttpResponse<String> r = ui.get("/ui/runs/" + run + "/log.txt");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).matches("(?i)text/plain; ?charset=utf-8");
        assertThat(r.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"saved-run-" + run + ".log\"");
        assertThat(r.body()).isEqualTo("alpha\nbeta ü\n");
    }

    @Test
    void a_run_without_output_says_so_and_a_pinged_run_shows_its_captured_body() {
        long silent = openRun("silent");
        assertThat(ui.get("/ui/runs/" + silent).body()).contains("id=\"log-empty\"").contains("No output yet.");
        finish("silent", null);
        assertThat(ui.get("/ui/runs/" + silent).body()).contains("This run wrote no output.");
        HttpResponse<String> tail = ui.get("/ui/runs/" + silent + "/log?after=0");
        assertThat(tail.statusCode()).isEqualTo(RunPage.STOP_POLLING);
        assertThat(tail.body()).contains("hx-swap-oob=\"true\"").contains("This run wrote no output.");

        long pinged = openRun("pinged");
        finish("pinged", "backup of 3 files done");
        assertThat(ui.get("/ui/runs/" + pinged).body()).contains("backup of 3 files done").doesNotContain("log-empty");
        assertThat(ui.get("/ui/runs/" + pinged + "/log.txt").body()).isEqualTo("backup of 3 files done");
    }

    @Test
    void a_viewer_of_another_project_may_not_see_the_run() {
        long run = openRun("private");
        String key = createKey(server, TestServer.ADMIN_KEY, "other-viewer", "viewer", "other").get("key").asText();
        UiClient stranger = UiClient.loggedIn(server, key);

        for (String path : new String[] {"", "?fragment=1", "/log?after=0", "/log.txt"}) {
            HttpResponse<String> r = stranger.get("/ui/runs/" + run + path);
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.body()).as(path).doesNotContain("private");
        }
        assertThat(ui.get("/ui/runs/999999").statusCode()).isEqualTo(404);
        assertThat(ui.get("/ui/runs/abc").statusCode()).isEqualTo(404);
        assertThat(ui.get("/ui/runs/" + run + "/log?after=-1").statusCode()).isEqualTo(400);
    }

    @Test
    void the_page_needs_a_session() {
        HttpResponse<String> r = new UiClient(server).get("/ui/runs/1/log.txt");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith("/ui/login");
    }
}

package dev.vigil.web.ui;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Running, Upcoming, Agents and Alerts pages through a real server, each test with its own. */
class ClusterPagesTest {
    final MutableClock clock = MutableClock.at("2026-06-01T10:00:10Z");
    TestServer server;
    UiClient ui;

    @BeforeEach
    void start() {
        server = TestServer.start(clock);
        server.createProject("ops");
        server.createProject("other");
        ui = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    private void define(String slug, String json) {
        var r = server.put("/api/v1/jobs/ops/" + slug, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private String runState(long run) {
        return server.get("/api/v1/runs/" + run).json().get("state").asText();
    }

    @Test
    void running_lists_a_run_in_progress_with_its_elapsed_time_against_max_runtime_and_what_waits() {
        define("slow", "{\"every\": \"1h\", \"command\": [\"sleep\", \"30\"], \"maxRuntime\": \"10s\"}");
        long run = server.post("/api/v1/jobs/ops/slow/runs", "").json().get("id").asLong();
        server.vigil.agent().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> runState(run).equals("running"));
        long queued = server.post("/api/v1/jobs/ops/slow/runs", "").json().get("id").asLong();

        HttpResponse<String> page = ui.get("/ui/p/ops/running");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-run=\"" + run + "\"").contains("href=\"/ui/runs/" + run + "\"")
                .contains("href=\"/ui/p/ops/jobs/slow\"").contains("0 ms</time> of 10 s").doesNotContain("over by")
                .contains("aria-current=\"page\">Running");
        assertThat(page.body().substring(page.body().indexOf("Waiting"))).contains("data-run=\"" + queued + "\"")
                .contains("data-run-state=\"queued\"");

        clock.advance(Duration.ofSeconds(15));
        HttpResponse<String> later = ui.get("/ui/p/ops/running?fragment=1");
        assertThat(later.body().strip()).startsWith("<section id=\"running\"");
        assertThat(later.body()).contains("15 s</time> of 10 s").contains("over by 5.0 s").contains("class=\"run over\"");

        assertThat(server.post("/api/v1/runs/" + queued + "/cancel", "").status()).isEqualTo(200);
        assertThat(server.post("/api/v1/runs/" + run + "/cancel", "").status()).isEqualTo(200);
        server.vigil.agent().runOnce(); // the agent learns of the stop on its next poll: now
        await().atMost(Duration.ofSeconds(20)).until(() -> runState(run).equals("cancelled"));
        assertThat(ui.get("/ui/p/ops/running").body()).contains("Nothing is running in this project right now.")
                .contains("No run is queued");
    }

    @Test
    void upcoming_lists_fire_times_and_expected_pings_soonest_first() {
        define("nightly", "{\"schedule\": {\"cron\": \"30 2 * * *\"}, \"command\": \"true\"}");
        define("noon", "{\"schedule\": {\"cron\": \"0 12 * * *\"}}");
        define("adhoc", "{\"command\": \"true\"}");

        HttpResponse<String> page = ui.get("/ui/p/ops/upcoming");

        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains("data-job=\"nightly\" data-kind=\"run\"").contains("datetime=\"2026-06-02T02:30:00Z\"")
                .contains("every day at 02:30").contains("Vigil starts a run");
        assertThat(body).contains("data-job=\"noon\" data-kind=\"ping\"").contains("datetime=\"2026-06-01T12:00:00Z\"")
                .contains("Ping expected").doesNotContain("data-job=\"adhoc\"");
        assertThat(body.indexOf("data-job=\"noon\"")).as("soonest first").isLessThan(body.indexOf("data-job=\"nightly\""));
        assertThat(ui.get("/ui/p/ops/upcoming?fragment=1").body().strip()).startsWith("<section id=\"upcoming\"");
        assertThat(ui.get("/ui/p/other/upcoming").body()).contains("Nothing is scheduled in this project.");
    }

    @Test
    void agents_lists_the_embedded_agent_as_connected_to_keys_valid_in_every_project() {
        await().atMost(Duration.ofSeconds(20)).until(() -> ui.get("/ui/agents").body().contains("data-agent-state=\"connected\""));

        HttpResponse<String> page = ui.get("/ui/agents");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-agent=\"" + server.vigil.agent().name() + "\"").contains("embedded")
                .contains("> Connected</span>").contains("/ " + server.vigil.agent().capacity() + " running").contains("hx-trigger=\"every 5s\"")
                .containsPattern("data-count=\"connected\">.*<span class=\"n\">1</span>");
        assertThat(ui.get("/ui/agents?fragment=1").body().strip()).startsWith("<section id=\"agents\"");
        String projectKey = createKey(server, TestServer.ADMIN_KEY, "ops-viewer", "viewer", "ops").get("key").asText();
        assertThat(UiClient.loggedIn(server, projectKey).get("/ui/agents").statusCode()).isEqualTo(403);
    }

    @Test
    void alerts_lists_deliveries_with_the_flip_the_channel_and_how_each_went() {
        try (RecordingHttpServer ok = RecordingHttpServer.start(); RecordingHttpServer failing = RecordingHttpServer.start()) {
            failing.respondAlways(RecordingHttpServer.Response.of(500));
            channel("hook", ok.url("/hook"));
            channel("broken", failing.url("/hook"));
            assertThat(ui.get("/ui/p/ops/alerts").body()).contains("No alert has been sent in this project yet.");
            define("backup", "{\"schedule\": {\"cron\": \"* * * * *\"}, \"grace\": \"30s\"}");

            clock.set(Instant.parse("2026-06-01T10:01:01Z"));
            server.vigil.timer().runOnce();
            // The tick is applied by the writer: wait for it, or a later clock would skip "late".
            await().atMost(Duration.ofSeconds(20)).until(() -> server.get("/api/v1/jobs/ops/backup").json().get("status").asText().equals("late"));
            clock.set(Instant.parse("2026-06-01T10:01:31Z"));
            server.vigil.timer().runOnce();
            await().atMost(Duration.ofSeconds(20)).until(() -> ok.requestCount() == 1 && failing.requestCount() >= 1);

            await().atMost(Duration.ofSeconds(20)).until(() -> ui.get("/ui/p/ops/alerts").body().contains("data-delivery=\"delivered\""));
            String body = ui.get("/ui/p/ops/alerts").body();
            assertThat(body).contains("href=\"/ui/p/ops/jobs/backup\"").contains("hook <span class=\"tag\">webhook</span>")
                    .contains("data-status=\"late\"").contains("data-status=\"missed\"").contains("> Delivered</span>")
                    .contains("broken <span class=\"tag\">webhook</span>").contains("data-delivery=\"pending\"")
                    .contains("> Retrying</span>").contains("data-field=\"last-error\"").contains("1 attempt");
            assertThat(ui.get("/ui/p/ops/alerts?fragment=1").body().strip()).startsWith("<section id=\"alerts\"");
        }
    }

    private void channel(String name, String url) {
        var r = server.post("/api/v1/projects/ops/channels",
                "{\"kind\": \"webhook\", \"name\": \"" + name + "\", \"config\": {\"url\": \"" + url + "\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void project_pages_need_a_viewer_of_the_project() {
        String otherKey = createKey(server, TestServer.ADMIN_KEY, "other-viewer", "viewer", "other").get("key").asText();
        UiClient stranger = UiClient.loggedIn(server, otherKey);
        for (String section : new String[] {"running", "upcoming", "alerts"}) {
            assertThat(stranger.get("/ui/p/ops/" + section).statusCode()).as(section).isEqualTo(403);
            assertThat(stranger.get("/ui/p/other/" + section).statusCode()).as(section).isEqualTo(200);
        }
    }
}

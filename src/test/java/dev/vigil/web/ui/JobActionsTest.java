package dev.vigil.web.ui;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Run now, pause, resume, cancel and re-run from the job page, checked through the REST API. */
class JobActionsTest {
    static final String PAGE = "/ui/p/alpha/jobs/";
    MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    TestServer server;
    UiClient admin;

    @BeforeEach
    void start() {
        server = TestServer.start(clock);
        server.createProject("alpha");
        admin = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    private void define(String slug, String json) {
        TestServer.Response r = server.put("/api/v1/jobs/alpha/" + slug, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private JsonNode runs(String slug) {
        return server.get("/api/v1/jobs/alpha/" + slug + "/runs").json().get("runs");
    }

    private String state(long runId) {
        return server.get("/api/v1/runs/" + runId).json().get("state").asText();
    }

    /** An htmx POST aimed at one element of the page, as the buttons send it. */
    private HttpResponse<String> hxPost(UiClient ui, String path, Map<String, String> form, String target) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            return ui.http().send(HttpRequest.newBuilder(ui.uri(path)).header("X-CSRF-Token", ui.csrf()).header("HX-Request", "true")
                    .header("HX-Target", target).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void run_now_creates_a_manual_run_with_the_overridden_parameters() {
        define("report", "{\"command\": \"echo DAY=$DAY MODE=$MODE\", \"params\": {\"DAY\": \"mon\", \"MODE\": \"full\"}}");
        String page = admin.get(PAGE + "report").body();
        assertThat(page).contains("data-action=\"run-now\"", "name=\"param.DAY\" value=\"mon\"", "name=\"param.MODE\" value=\"full\"");

        HttpResponse<String> r = hxPost(admin, PAGE + "report/run", Map.of("param.DAY", "fri", "param.MODE", "full", "extra", "\n MODE=quick\n"), "job-runs");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("HX-Trigger").orElseThrow()).matches("\\{\"vigil:toast\":\"Run #\\d+ queued\"}");
        assertThat(r.body().strip()).startsWith("<section id=\"job-runs\"");
        JsonNode run = runs("report").get(0);
        assertThat(run.get("trigger").asText()).isEqualTo("manual");
        assertThat(r.body()).contains("data-run=\"" + run.get("id").asLong() + "\"");
        server.vigil.agent().runOnce();
        long id = run.get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("succeeded"));
        assertThat(server.get("/api/v1/runs/" + id).json().get("output").asText()).contains("DAY=fri MODE=quick");
    }

    @Test
    void a_bad_parameter_is_refused_with_a_message_naming_the_field_and_creates_nothing() {
        define("report", "{\"command\": [\"true\"], \"params\": {\"DAY\": \"mon\"}}");
        admin.get(PAGE + "report");

        HttpResponse<String> badName = admin.post(PAGE + "report/run", Map.of("extra", "DAY=tue\nbad-name=1"));
        HttpResponse<String> noEquals = admin.post(PAGE + "report/run", Map.of("extra", "DAY"));
        HttpResponse<String> undeclared = admin.post(PAGE + "report/run", Map.of("extra", "OTHER=1"));

        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).isEqualTo("extra: line 2: 'bad-name' is not a valid parameter name: use letters, digits and _, not starting with a digit");
        assertThat(noEquals.statusCode()).isEqualTo(400);
        assertThat(noEquals.body()).contains("extra: line 1: write NAME=value");
        assertThat(undeclared.statusCode()).isEqualTo(400);
        assertThat(undeclared.body()).contains("params.OTHER", "is not a parameter of this job");
        assertThat(runs("report")).isEmpty();
    }

    @Test
    void pause_then_resume_change_the_status_and_the_button() {
        define("nightly", "{\"cron\": \"0 3 * * *\"}");
        assertThat(admin.get(PAGE + "nightly").body()).contains("data-action=\"pause\"").doesNotContain("data-action=\"resume\"");

        HttpResponse<String> paused = hxPost(admin, PAGE + "nightly/pause", Map.of(), "job-head");

        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(paused.headers().firstValue("HX-Trigger").orElseThrow()).contains("Paused nightly");
        assertThat(paused.body().strip()).startsWith("<header id=\"job-head\"");
        assertThat(paused.body()).contains("data-action=\"resume\"", "data-status=\"paused\"");
        JsonNode job = server.get("/api/v1/jobs/alpha/nightly").json();
        assertThat(job.get("paused").asBoolean()).isTrue();
        assertThat(job.get("status").asText()).isEqualTo("paused");

        HttpResponse<String> resumed = admin.post(PAGE + "nightly/resume", Map.of());

        assertThat(resumed.statusCode()).as("no target: nothing to swap, only the toast").isEqualTo(204);
        assertThat(resumed.headers().firstValue("HX-Trigger").orElseThrow()).contains("Resumed nightly");
        job = server.get("/api/v1/jobs/alpha/nightly").json();
        assertThat(job.get("paused").asBoolean()).isFalse();
        assertThat(job.get("status").asText()).isNotEqualTo("paused");
    }

    @Test
    void a_plain_form_without_javascript_is_redirected_back_to_the_job_page() {
        define("nightly", "{\"cron\": \"0 3 * * *\"}");
        admin.get(PAGE + "nightly");

        HttpResponse<String> r = admin.postForm(PAGE + "nightly/pause", Map.of("_csrf", admin.csrf()));

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains(PAGE + "nightly");
        assertThat(server.get("/api/v1/jobs/alpha/nightly").json().get("paused").asBoolean()).isTrue();
        assertThat(admin.postForm(PAGE + "nightly/resume", Map.of()).statusCode()).as("no CSRF token").isEqualTo(403);
    }

    @Test
    void a_viewer_sees_no_action_buttons_and_every_action_is_refused() {
        define("report", "{\"command\": [\"true\"]}");
        long runId = server.post("/api/v1/jobs/alpha/report/runs", "").json().get("id").asLong();
        UiClient viewer = UiClient.loggedIn(server, createKey(server, TestServer.ADMIN_KEY, "view", "viewer", "alpha").get("key").asText());

        String page = viewer.get(PAGE + "report").body();

        assertThat(page).contains("data-run=\"" + runId + "\"").doesNotContain("data-action=\"run-now\"", "data-action=\"pause\"",
                "data-action=\"resume\"", "data-action=\"cancel\"", "data-action=\"rerun\"", "run-now-form");
        for (String path : new String[] {PAGE + "report/run", PAGE + "report/pause", PAGE + "report/resume",
                "/ui/runs/" + runId + "/cancel", "/ui/runs/" + runId + "/rerun"}) {
            assertThat(viewer.post(path, Map.of()).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(runs("report")).hasSize(1);
        assertThat(server.get("/api/v1/jobs/alpha/report").json().get("paused").asBoolean()).isFalse();
    }

    @Test
    void a_running_run_is_cancelled_and_a_finished_one_rerun_from_its_row() {
        define("long", "{\"command\": [\"sleep\", \"30\"]}");
        long id = server.post("/api/v1/jobs/alpha/long/runs", "").json().get("id").asLong();
        server.vigil.agent().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("running"));
        assertThat(admin.get(PAGE + "long").body()).contains("data-action=\"cancel\" data-run=\"" + id + "\"");

        HttpResponse<String> cancel = hxPost(admin, "/ui/runs/" + id + "/cancel", Map.of(), "job-runs");

        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(cancel.headers().firstValue("HX-Trigger").orElseThrow()).contains("Stopping run #" + id);
        await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("cancelled"));
        assertThat(admin.get(PAGE + "long").body()).contains("data-action=\"rerun\" data-run=\"" + id + "\"");
        assertThat(admin.post("/ui/runs/" + id + "/cancel", Map.of()).statusCode()).as("already ended").isEqualTo(409);

        HttpResponse<String> rerun = admin.postForm("/ui/runs/" + id + "/rerun", Map.of("_csrf", admin.csrf(), "next", PAGE + "long"));

        assertThat(rerun.statusCode()).isEqualTo(303);
        assertThat(rerun.headers().firstValue("Location")).contains(PAGE + "long");
        JsonNode all = runs("long");
        assertThat(all).hasSize(2);
        assertThat(all.findValuesAsText("trigger")).containsOnly("manual");
        long again = all.get(0).get("id").asLong() == id ? all.get(1).get("id").asLong() : all.get(0).get("id").asLong();
        assertThat(state(again)).isIn("queued", "dispatched", "running");
        server.post("/api/v1/runs/" + again + "/cancel", "");
    }
}

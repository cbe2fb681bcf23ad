package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The status board through a real server: colours with labels, counts, order, filters, search. */
class BoardPageTest {
    private static final Pattern JOB_ROW = Pattern.compile("data-job=\"([a-z0-9-]+)\" data-status=\"([a-z]+)\"");
    static TestServer server;
    static UiClient ui;

    @BeforeAll
    static void start() {
        server = TestServer.start(MutableClock.at("2026-06-01T10:00:00Z"));
        server.createProject("prod");
        define("backup", "{\"name\": \"Nightly backup\", \"every\": \"1h\", \"owner\": \"ops\", \"tags\": [\"db\"]}");
        define("etl", "{\"name\": \"ETL\", \"every\": \"1h\", \"owner\": \"data\", \"tags\": [\"db\", \"warehouse\"]}");
        define("report", "{\"name\": \"Report\", \"every\": \"1h\", \"owner\": \"data\"}");
        define("cleanup", "{\"name\": \"Cleanup\", \"every\": \"1h\", \"owner\": \"ops\"}");
        ping("backup", "");             // up
        ping("etl", "/fail");           // failed, still healthy (1 of 2)
        ping("report", "/fail");
        ping("report", "/fail");        // failed and unhealthy
        ping("cleanup", "/start");      // running
        ui = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    private static void define(String slug, String json) {
        assertThat(server.put("/api/v1/jobs/prod/" + slug, json).status()).isEqualTo(201);
    }

    private static void ping(String slug, String suffix) {
        String uuid = server.get("/api/v1/jobs/prod/" + slug).json().get("uuid").asText();
        assertThat(server.ping("/ping/" + uuid + suffix, "").status()).isEqualTo(200);
    }

    private static List<String> rows(String body) {
        Matcher m = JOB_ROW.matcher(body);
        List<String> rows = new java.util.ArrayList<>();
        while (m.find()) rows.add(m.group(1) + ":" + m.group(2));
        return rows;
    }

    @Test
    void every_job_shows_its_status_with_label_and_unhealthy_jobs_sort_first() {
        String body = ui.get("/ui/p/prod").body();

        assertThat(rows(body)).containsExactly("report:failed", "etl:failed", "cleanup:running", "backup:up");
        assertThat(body).contains("Failed").contains("Running").contains("Up").contains("Unhealthy");
        assertThat(body).containsPattern("data-status=\"failed\"><span class=\"icon\"><svg [^>]*aria-hidden=\"true\"[^>]*>.*?</svg></span> Failed");
    }

    @Test
    void counts_per_status_cover_the_whole_project() {
        String body = ui.get("/ui/p/prod?status=up").body();

        assertThat(count(body, "failed")).isEqualTo(2);
        assertThat(count(body, "running")).isEqualTo(1);
        assertThat(count(body, "up")).isEqualTo(1);
        assertThat(count(body, "unhealthy")).isEqualTo(1);
    }

    private static int count(String body, String name) {
        Matcher m = Pattern.compile("data-count=\"" + name + "\"[^>]*>.{0,1200}?<span class=\"n\">(\\d+)</span>").matcher(body);
        assertThat(m.find()).as("count of " + name).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void filters_narrow_the_jobs_by_status_health_tag_owner_and_name() {
        assertThat(rows(ui.get("/ui/p/prod?status=failed").body())).containsExactly("report:failed", "etl:failed");
        assertThat(rows(ui.get("/ui/p/prod?health=unhealthy").body())).containsExactly("report:failed");
        assertThat(rows(ui.get("/ui/p/prod?tag=db").body())).containsExactly("etl:failed", "backup:up");
        assertThat(rows(ui.get("/ui/p/prod?owner=ops").body())).containsExactly("cleanup:running", "backup:up");
        assertThat(rows(ui.get("/ui/p/prod?q=BACK").body())).containsExactly("backup:up");
        assertThat(ui.get("/ui/p/prod?q=zzz").body()).contains("No job matches this filter.");
    }

    @Test
    void a_bad_filter_value_is_a_clear_error() {
        HttpResponse<String> r = ui.get("/ui/p/prod?status=purple");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("status");
    }

    @Test
    void the_live_fragment_is_the_board_alone_and_keeps_the_filter() {
        HttpResponse<String> r = ui.get("/ui/p/prod?status=failed&fragment=1");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("<section id=\"board\"").doesNotContain("<html");
        assertThat(r.body()).contains("data-live=\"/ui/p/prod?status=failed&amp;fragment=1\"");
        assertThat(rows(r.body())).containsExactly("report:failed", "etl:failed");
    }

    @Test
    void times_carry_the_utc_instant_for_the_browser_to_localise() {
        String body = ui.get("/ui/p/prod").body();
        assertThat(body).containsPattern("<time datetime=\"2026-06-01T10:00:00Z\" title=\"2026-06-01 10:00:00 UTC\" data-style=\"relative\">");
    }
}

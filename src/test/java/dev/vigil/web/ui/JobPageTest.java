package dev.vigil.web.ui;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job page: schedule, settings, run history, duration chart, timeline and its live fragments, through a real server. */
class JobPageTest {
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

    private String define(String slug, String json) {
        TestServer.Response r = server.put("/api/v1/jobs/alpha/" + slug, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("uuid").asText();
    }

    private String page(UiClient ui, String path) {
        HttpResponse<String> r = ui.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** A run reported by pings: start, {@code took} later success (or failure). */
    private void pingedRun(String uuid, Duration took, boolean ok) {
        assertThat(server.ping("/ping/" + uuid + "/start", null).status()).isEqualTo(200);
        clock.advance(took);
        assertThat(server.ping("/ping/" + uuid + (ok ? "" : "/fail"), null).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
    }

    @Test
    void shows_the_header_the_schedule_in_words_and_the_next_five_fire_times_of_a_cron_job() {
        define("nightly", "{\"name\": \"Nightly backup\", \"owner\": \"db-team\", \"tags\": [\"db\"], \"description\": \"Dumps <all> databases\","
                + " \"cron\": \"30 2 * * *\", \"timezone\": \"Europe/London\"}");

        String body = page(admin, PAGE + "nightly");

        assertThat(body).contains("<h1>Nightly backup</h1>", "db-team", ">db</a>", "Dumps &lt;all&gt; databases", "data-status=\"new\"")
                .contains("every day at 02:30 (Europe/London)");
        String fires = section(body, "<ol class=\"fire-times\"", "</ol>");
        // 02:30 in London in June is 01:30 UTC (summer time).
        assertThat(fires).contains("datetime=\"2026-06-02T01:30:00Z\"", "datetime=\"2026-06-03T01:30:00Z\"",
                "datetime=\"2026-06-04T01:30:00Z\"", "datetime=\"2026-06-05T01:30:00Z\"", "datetime=\"2026-06-06T01:30:00Z\"");
        assertThat(fires.split("<li>").length - 1).isEqualTo(5);
        assertThat(body).contains(Assets.UPLOT_JS, Assets.UPLOT_CSS, "/ui/assets/job.js");
    }

    @Test
    void an_on_demand_job_says_so_and_lists_no_fire_times() {
        define("adhoc", "{\"command\": [\"true\"]}");

        String body = page(admin, PAGE + "adhoc");

        assertThat(body).contains("On demand only", "none (on demand)").doesNotContain("fire-times");
    }

    @Test
    void shows_the_settings_of_a_managed_job_with_upstream_links_and_parameters() {
        define("extract", "{\"command\": [\"true\"]}");
        define("load", "{\"command\": [\"./load.sh\", \"--all\", \"two words\"], \"workdir\": \"/srv/etl\", \"timeout\": \"1h\","
                + " \"retries\": 2, \"retryBackoff\": \"1m\", \"overlap\": \"skip\", \"catchUp\": \"none\", \"labels\": [\"linux\"],"
                + " \"after\": [\"extract\"], \"params\": {\"DAY\": \"mon\"}, \"grace\": \"5m\", \"maxRuntime\": \"2h\", \"every\": \"1d\"}");

        String settings = section(page(admin, PAGE + "load"), "<section id=\"job-settings\"", "</section>");

        assertThat(settings).contains("5 min", "2 h", "unhealthy after 2 failures in a row", "./load.sh --all 'two words'", "/srv/etl",
                "2, the first after 1 min, then doubling", ">skip<", "none <span class=\"muted\">within 1 h", ">linux<",
                "href=\"/ui/p/alpha/jobs/extract\"", "<code>DAY</code> = <code>mon</code>");
    }

    @Test
    void the_ping_url_is_shown_to_an_operator_key_and_never_to_a_viewer_key() {
        String uuid = define("watched", "{\"every\": \"1h\"}");
        UiClient operator = UiClient.loggedIn(server, createKey(server, TestServer.ADMIN_KEY, "op", "operator", "alpha").get("key").asText());
        UiClient viewer = UiClient.loggedIn(server, createKey(server, TestServer.ADMIN_KEY, "view", "viewer", "alpha").get("key").asText());

        assertThat(page(operator, PAGE + "watched")).contains("id=\"ping-url\"", server.url("/ping/" + uuid));
        assertThat(page(viewer, PAGE + "watched")).doesNotContain("ping-url").doesNotContain(uuid);
    }

    @Test
    void run_history_shows_runs_newest_first_and_pages_older_ones() {
        String uuid = define("pinged", "{\"every\": \"1h\"}");
        for (int i = 0; i < 21; i++) pingedRun(uuid, Duration.ofSeconds(5 + i), i != 20);

        String body = page(admin, PAGE + "pinged");

        String runs = section(body, "<section id=\"job-runs\"", "</section>");
        assertThat(runs.split("<tr class=\"run ").length - 1).isEqualTo(20);
        assertThat(runs.indexOf("data-run-state=\"failed\"")).as("the newest run, failed, comes first").isLessThan(runs.indexOf("data-run-state=\"succeeded\""));
        assertThat(runs).contains("Failed", "external", "25 s", "href=\"/ui/runs/");
        Matcher older = Pattern.compile("href=\"(/ui/p/alpha/jobs/pinged\\?before=\\d+)#job-runs\" rel=\"next\" data-action=\"older\"").matcher(runs);
        assertThat(older.find()).as(runs).isTrue();

        String olderPage = section(page(admin, older.group(1)), "<section id=\"job-runs\"", "</section>");
        assertThat(olderPage.split("<tr class=\"run ").length - 1).isEqualTo(1);
        assertThat(olderPage).contains("data-action=\"newest\"", "5.0 s").doesNotContain("data-action=\"older\"");
    }

    @Test
    void the_chart_data_holds_the_durations_of_finished_runs_and_the_max_runtime() {
        String uuid = define("timed", "{\"every\": \"1h\", \"maxRuntime\": \"10m\"}");
        assertThat(page(admin, PAGE + "timed")).contains("id=\"duration-empty\"").doesNotContain("duration-data");
        pingedRun(uuid, Duration.ofSeconds(90), true);
        pingedRun(uuid, Duration.ofMillis(30_500), false);

        String chart = section(page(admin, PAGE + "timed"), "<section id=\"job-chart\"", "</section>");

        String json = section(chart, "<script type=\"application/json\" id=\"duration-data\">", "</script>");
        assertThat(json).contains("\"at\":[\"2026-06-01T10:00:00Z\",\"2026-06-01T10:02:30Z\"]", "\"seconds\":[90.000,30.500]",
                "\"failed\":[0,1]", "\"maxRuntime\":600.000");
        assertThat(chart).contains("id=\"duration-chart\"", "role=\"img\"", "max runtime 10 min");
    }

    @Test
    void the_timeline_shows_events_and_status_flips_newest_first() {
        String uuid = define("flaky", "{\"every\": \"1h\"}");
        pingedRun(uuid, Duration.ofSeconds(3), true);
        pingedRun(uuid, Duration.ofSeconds(3), false);

        String timeline = section(page(admin, PAGE + "flaky"), "<section id=\"job-timeline\"", "</section>");

        assertThat(timeline).contains("data-kind=\"started\" data-to=\"running\"", "data-kind=\"succeeded\" data-to=\"up\"",
                "data-kind=\"failed\" data-to=\"failed\"").doesNotContain("status_changed");
        assertThat(timeline.indexOf("data-kind=\"failed\"")).as("the failure is the newest").isLessThan(timeline.indexOf("data-kind=\"succeeded\""));
        assertThat(timeline.split("<li class=\"tl ").length - 1).as("each flip is on the line of the ping that caused it").isEqualTo(5);
    }

    @Test
    void each_live_part_renders_alone_as_a_fragment() {
        define("parts", "{\"cron\": \"*/5 * * * *\"}");
        for (String part : new String[] {"head", "when", "runs", "chart", "timeline"}) {
            HttpResponse<String> r = admin.get(PAGE + "parts?fragment=" + part);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body().strip()).startsWith(part.equals("head") ? "<header id=\"job-head\"" : "<section id=\"job-" + part + "\"")
                    .doesNotContain("<html").contains("data-live=\"/ui/p/alpha/jobs/parts?fragment=" + part + "\"");
        }
        assertThat(admin.get(PAGE + "parts?fragment=nonsense").statusCode()).isEqualTo(400);
    }

    @Test
    void an_unknown_job_is_a_404_page() {
        HttpResponse<String> r = admin.get(PAGE + "nope");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("<html", "no job 'nope' in project 'alpha'");
    }

    static String section(String body, String start, String end) {
        int from = body.indexOf(start);
        assertThat(from).as("has " + start + " in\n" + body).isNotNegative();
        int to = body.indexOf(end, from);
        return body.substring(from, to < 0 ? body.length() : to + end.length());
    }
}

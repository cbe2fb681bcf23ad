package dev.vigil.web.ui;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The "How to report" panel of a watched job: its real ping URL in ready snippets, for those who may see it. */
class ReportPanelTest {
    static TestServer server;
    static String pingUrl;

    @BeforeAll
    static void start() {
        server = TestServer.start(MutableClock.at("2026-06-01T10:00:00Z"));
        server.createProject("ops");
        assertThat(server.put("/api/v1/jobs/ops/backup", "{\"schedule\": {\"cron\": \"30 2 * * *\", \"timezone\": \"Europe/Paris\"}}").status()).isEqualTo(201);
        assertThat(server.put("/api/v1/jobs/ops/etl", "{\"command\": \"true\"}").status()).isEqualTo(201);
        pingUrl = server.get("/api/v1/jobs/ops/backup").json().get("pingUrl").asText();
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    private static String page(String role, String slug) {
        String key = createKey(server, TestServer.ADMIN_KEY, role + "-" + slug, role, "ops").get("key").asText();
        return UiClient.loggedIn(server, key).get("/ui/p/ops/jobs/" + slug).body();
    }

    @Test
    void an_operator_sees_the_ping_url_and_snippets_for_crontab_vigil_run_python_and_powershell() {
        String body = page("operator", "backup");
        assertThat(pingUrl).startsWith(server.url("/ping/"));
        assertThat(body).contains("id=\"job-report\"").contains("<code class=\"wrap\" id=\"report-ping-url\">" + pingUrl + "</code>")
                .contains("data-action=\"copy-ping-url\"").contains("data-action=\"copy-snippet\"");
        assertThat(body).contains("30 2 * * * URL=" + pingUrl + "; curl -fsS -m 10 --retry 5 -o /dev/null \"$URL/start\";")
                .contains("rc=$?;").contains("\"$URL/$rc\"").contains("Europe/Paris");
        assertThat(body).contains("vigil run --ping-url " + pingUrl + " -- /path/to/command")
                .contains("export VIGIL_SERVER=" + server.url("") + " VIGIL_KEY_FILE=/etc/vigil/key")
                .contains("vigil run --job ops/backup -- /path/to/command");
        assertThat(body).contains("URL = \"" + pingUrl + "\"").contains("urllib.request.urlopen(URL + suffix, data=body, timeout=10)")
                .contains("ping(\"/%d\" % result.returncode");
        assertThat(body).contains("$Url = \"" + pingUrl + "\"").contains("Invoke-RestMethod -Uri \"$Url/start\"")
                .contains("Invoke-RestMethod -Uri \"$Url/$LASTEXITCODE\" -Method Post");
    }

    @Test
    void the_crontab_line_follows_the_schedule_an_interval_as_cron_writes_it() {
        assertThat(ReportSnippets.cron(dev.vigil.schedule.Schedules.parseEvery("15m"))).isEqualTo("*/15 * * * *");
        assertThat(ReportSnippets.cron(dev.vigil.schedule.Schedules.parseEvery("1h"))).isEqualTo("0 * * * *");
        assertThat(ReportSnippets.cron(dev.vigil.schedule.Schedules.parseEvery("6h"))).isEqualTo("0 */6 * * *");
        assertThat(ReportSnippets.cron(dev.vigil.schedule.Schedules.parseEvery("1d"))).isEqualTo("0 0 * * *");
        assertThat(ReportSnippets.cron(dev.vigil.schedule.Schedules.parseEvery("7m"))).as("no cron for it: a time to set").isEqualTo("0 2 * * *");
        assertThat(ReportSnippets.cron(dev.vigil.schedule.Schedules.parseEvery("90s"))).isEqualTo("0 2 * * *");
        assertThat(ReportSnippets.cron(dev.vigil.schedule.Schedules.parseCron("5 4 * * 1", "UTC"))).isEqualTo("5 4 * * 1");
    }

    @Test
    void a_viewer_sees_no_panel_and_no_ping_url() {
        String body = page("viewer", "backup");
        assertThat(body).doesNotContain("id=\"job-report\"").doesNotContain(pingUrl);
    }

    @Test
    void a_managed_job_reports_by_itself_and_has_no_panel() {
        assertThat(page("operator", "etl")).doesNotContain("id=\"job-report\"");
    }
}

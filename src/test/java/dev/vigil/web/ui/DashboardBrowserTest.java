package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.Browser;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * The dashboard in a real headless Chromium against a real server: log in, the board, run now
 * turning a job yellow then green without a reload, a live log, pause and resume, a missed job
 * turning red with its label. Writes the screenshots the README shows to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Duration LIVE = Duration.ofSeconds(10);
    static MutableClock clock;
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        // Near the browser's own clock, so that "3 min ago" reads true in the screenshots.
        clock = MutableClock.at(java.time.Instant.now().minus(Duration.ofMinutes(26)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        server = TestServer.start(clock);
        server.post("/api/v1/projects", "{\"slug\": \"prod\", \"name\": \"Production\"}");
        server.createProject("staging");
        define("deploy-check", "{\"name\": \"Deploy check\", \"owner\": \"platform\", \"tags\": [\"deploy\"],"
                + " \"command\": [\"sh\", \"-c\", \"echo checking; sleep 2; echo all good\"]}");
        define("log-tail", "{\"name\": \"Log shipper\", \"owner\": \"platform\", \"tags\": [\"logs\"],"
                + " \"command\": [\"sh\", \"-c\", \"for i in 1 2 3 4 5 6 7 8 9 10; do echo line $i; sleep 0.4; done\"]}");
        define("nightly-backup", "{\"name\": \"Nightly backup\", \"owner\": \"ops\", \"tags\": [\"db\"],"
                + " \"schedule\": {\"cron\": \"30 2 * * *\", \"timezone\": \"Europe/London\"}, \"maxRuntime\": \"2h\"}");
        define("heartbeat", "{\"name\": \"Heartbeat\", \"owner\": \"ops\", \"every\": \"1m\", \"grace\": \"30s\"}");
        define("warehouse-etl", "{\"name\": \"Warehouse ETL\", \"owner\": \"data\", \"tags\": [\"db\", \"warehouse\"],"
                + " \"every\": \"1h\", \"maxRuntime\": \"1m\"}");
        define("invoice-report", "{\"name\": \"Invoice report\", \"owner\": \"finance\", \"every\": \"1h\"}");
        define("cache-warmup", "{\"name\": \"Cache warm-up\", \"owner\": \"platform\", \"every\": \"1h\"}");
        // A history for the duration chart: start and success pings some seconds apart, one over maxRuntime.
        int[] seconds = {38, 41, 36, 44, 52, 47, 39, 71, 45, 42, 40, 43};
        for (int s : seconds) {
            ping("warehouse-etl", "/start");
            clock.advance(Duration.ofSeconds(s));
            ping("warehouse-etl", "");
            clock.advance(Duration.ofSeconds(60));
        }
        ping("invoice-report", "/fail");
        ping("invoice-report", "/fail");
        ping("cache-warmup", "/start");
        ping("heartbeat", "");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        server.closeAndDelete();
    }

    private static void define(String slug, String json) {
        assertThat(server.put("/api/v1/jobs/prod/" + slug, json).status()).isEqualTo(201);
    }

    private static void ping(String slug, String suffix) {
        String uuid = server.get("/api/v1/jobs/prod/" + slug).json().get("uuid").asText();
        assertThat(server.ping("/ping/" + uuid + suffix, "").status()).isEqualTo(200);
    }

    /**
     * Waits until the element shows the status in all three ways at once — data, colour class and
     * label — checked in one script, since a live update may replace the element between calls.
     */
    private static void waitUntilShown(String css, String status, String colourClass, String label) {
        waitUntilShown(css, status, colourClass, label, LIVE);
    }

    private static void waitUntilShown(String css, String status, String colourClass, String label, Duration within) {
        browser.waitFor(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "var e = document.querySelector(arguments[0]);"
                        + " return !!e && e.dataset.status === arguments[1] && e.classList.contains(arguments[2])"
                        + " && e.textContent.includes(arguments[3]);", css, status, colourClass, label)), within);
    }


    @Test
    @Order(1)
    void logs_in_with_the_admin_key_and_sees_the_board() {
        browser.open(server.url("/ui/p/prod"));
        assertThat(browser.url()).contains("/ui/login");
        browser.type("#key", TestServer.ADMIN_KEY).click("button[type=submit]");

        browser.waitFor("#board");
        assertThat(browser.url()).endsWith("/ui/p/prod");
        assertThat(browser.text("tr[data-job=invoice-report]")).contains("Failed").contains("Unhealthy");
        assertThat(browser.findAll("tr.job").getFirst().getAttribute("data-job")).isEqualTo("invoice-report");
        assertThat(browser.text("tr[data-job=cache-warmup]")).contains("Running");
        assertThat(browser.text("tr[data-job=warehouse-etl]")).contains("Up");
        browser.waitFor("#live-state[data-state=live]");
        browser.screenshot("board");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void filters_and_search_narrow_the_board_in_place() {
        browser.open(server.url("/ui/p/prod"));
        browser.mark();
        browser.type("input[name=q]", "ware");
        browser.waitFor(d -> d.findElements(By.cssSelector("tr.job")).size() == 1, LIVE);
        assertThat(browser.find("tr.job").getAttribute("data-job")).isEqualTo("warehouse-etl");
        assertThat(browser.url()).contains("q=ware");
        assertThat(browser.stillMarked()).as("not reloaded").isTrue();
    }

    @Test
    @Order(2)
    void the_board_works_from_the_keyboard() {
        browser.open(server.url("/ui/p/prod"));
        var body = browser.find("body");
        body.sendKeys(org.openqa.selenium.Keys.TAB);
        assertThat(browser.script("return document.activeElement.textContent;")).isEqualTo("Skip to content");
        browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
        assertThat(browser.script("return document.activeElement.id;")).isEqualTo("main");
        browser.script("document.querySelector('tr[data-job=warehouse-etl] .name a').focus();");
        browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
        browser.waitFor("#job-head");
        assertThat(browser.url()).endsWith("/ui/p/prod/jobs/warehouse-etl");
    }

    @Test
    @Order(3)
    void run_now_turns_the_job_yellow_then_green_without_a_reload() {
        browser.open(server.url("/ui/p/prod/jobs/deploy-check"));
        browser.mark();

        browser.click("[data-action=run-now]");

        waitUntilShown("#job-head", "running", "s-yellow", "Running");
        waitUntilShown("#job-head", "up", "s-green", "Up");
        browser.waitFor("tr.run[data-run-state=succeeded]", LIVE);
        assertThat(browser.stillMarked()).as("not reloaded").isTrue();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(4)
    void the_job_page_shows_the_schedule_chart_and_history() {
        browser.open(server.url("/ui/p/prod/jobs/warehouse-etl"));
        browser.waitFor("#duration-chart .uplot");
        assertThat(browser.findAll("#duration-chart .uplot")).hasSize(1);
        assertThat(browser.text("#job-when")).contains("every 1h");
        browser.screenshot("job");

        browser.open(server.url("/ui/p/prod/jobs/nightly-backup"));
        assertThat(browser.text("#job-when")).contains("02:30").contains("Europe/London");
        assertThat(browser.findAll("#fire-times li")).hasSize(5);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(5)
    void the_log_of_a_running_run_grows_live_and_is_complete_afterwards() {
        long runId = server.post("/api/v1/jobs/prod/log-tail/runs", "").json().get("id").asLong();
        browser.open(server.url("/ui/runs/" + runId));
        browser.mark();

        browser.waitFor(d -> d.findElement(By.id("run-log")).getText().contains("line 2"), LIVE);
        String early = browser.text("#run-log");
        assertThat(early).doesNotContain("line 10");
        browser.waitFor(d -> d.findElement(By.id("run-log")).getText().contains("line 6"), LIVE);
        browser.waitFor(d -> d.findElement(By.id("run-log")).getText().contains("line 10"), LIVE);
        browser.waitFor("#run-state [data-run-state=succeeded]", LIVE);
        assertThat(browser.stillMarked()).as("not reloaded").isTrue();
        assertThat(browser.text("#run-log").lines().filter(l -> l.startsWith("line ")).toList()).hasSize(10);
        browser.screenshot("run");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(6)
    void pause_and_resume_from_the_job_page() {
        browser.open(server.url("/ui/p/prod/jobs/nightly-backup"));
        browser.mark();

        browser.click("[data-action=pause]");
        browser.waitFor("#job-head[data-status=paused]", LIVE);
        assertThat(browser.text("#job-head")).contains("Paused");
        assertThat(server.get("/api/v1/jobs/prod/nightly-backup").json().get("paused").asBoolean()).isTrue();

        browser.click("[data-action=resume]");
        browser.waitFor("#job-head[data-status=new]", LIVE);
        assertThat(server.get("/api/v1/jobs/prod/nightly-backup").json().get("paused").asBoolean()).isFalse();
        assertThat(browser.stillMarked()).as("not reloaded").isTrue();
    }

    @Test
    @Order(7)
    void a_missed_job_turns_red_with_its_label_on_an_open_board() {
        browser.open(server.url("/ui/p/prod"));
        browser.waitFor("#live-state[data-state=live]");
        browser.mark();
        assertThat(browser.find("tr[data-job=heartbeat]").getAttribute("data-status")).isNotEqualTo("missed");

        clock.advance(Duration.ofSeconds(61)); // its expected ping is a second overdue: late
        server.vigil.timer().runOnce();
        waitUntilShown("tr[data-job=heartbeat]", "late", "s-orange", "Late");

        clock.advance(Duration.ofSeconds(30)); // and now past its 30 s grace: missed
        server.vigil.timer().runOnce();

        waitUntilShown("tr[data-job=heartbeat]", "missed", "s-red", "Missed", Duration.ofSeconds(5));
        assertThat(browser.text("[data-count=missed] .n")).isEqualTo("1");
        assertThat(browser.stillMarked()).as("not reloaded").isTrue();
    }

    @Test
    @Order(8)
    void the_board_reads_on_a_phone() {
        try (Browser phone = Browser.phone()) {
            phone.open(server.url("/ui/login"));
            phone.type("#key", TestServer.ADMIN_KEY).click("button[type=submit]");
            phone.waitFor("[data-project=prod]"); // the landing page, across projects
            assertThat((Long) phone.script("return document.documentElement.scrollWidth;")).isLessThanOrEqualTo(phone.viewport()[0]);
            phone.open(server.url("/ui/p/prod"));
            phone.waitFor("#board");
            List<Long> widths = phone.findAll("tr.job").stream().map(e -> (long) e.getRect().getWidth()).toList();
            assertThat(widths).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(phone.viewport()[0]));
            assertThat((Long) phone.script("return document.documentElement.scrollWidth;")).isLessThanOrEqualTo(phone.viewport()[0]);
            phone.screenshot("board-phone");
        }
    }
}

package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.Browser;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * Defining a job from the dashboard in a real headless Chromium: the form with an invalid cron
 * (the live preview and then the saved form show the error at the field), then valid; editing it
 * with the preview following the typing; copying its ping snippet; deleting it after the
 * confirmation page. Writes job-form.png and job-report.png to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobFormsBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        server = TestServer.start(MutableClock.at(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
        server.post("/api/v1/projects", "{\"slug\": \"prod\", \"name\": \"Production\"}");
        browser = Browser.start();
        browser.open(server.url("/ui/login"));
        browser.type("#key", TestServer.ADMIN_KEY).click("button[type=submit]");
        browser.waitFor("[data-project=prod]");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        server.closeAndDelete();
    }

    private static String previewText() {
        return browser.text("#schedule-preview");
    }

    @Test
    @Order(1)
    void the_landing_page_leads_to_the_form_which_shows_an_invalid_cron_at_its_field_then_creates_the_job() {
        browser.open(server.url("/ui"));
        assertThat(browser.text("[data-project=prod]")).contains("Production").contains("0 jobs");
        browser.click("[data-first-job] [data-action=new-job]");
        browser.waitFor("#job-form");
        assertThat(browser.find("[data-managed]").isDisplayed()).as("a watched job's form hides the managed fields").isFalse();
        browser.click("input[name=mode][value=managed]");
        assertThat(browser.find("[data-managed]").isDisplayed()).isTrue();
        browser.click("input[name=mode][value=watched]");
        assertThat(browser.find("[data-managed]").isDisplayed()).isFalse();

        browser.type("#f-slug", "nightly-report").type("#f-name", "Nightly report").type("#f-owner", "finance");
        browser.type("#f-cron", "61 2 * * *");
        browser.waitFor("#schedule-preview [data-error=cron]", WAIT);
        assertThat(browser.text("#schedule-preview [data-error=cron]")).contains("61");
        assertThat(browser.find("#f-cron").getAttribute("aria-invalid")).as("marked while typing").isEqualTo("true");
        browser.click("[data-action=save-job]");

        browser.waitFor("#f-cron-error");
        assertThat(browser.find("#f-cron").getAttribute("value")).isEqualTo("61 2 * * *");
        assertThat(browser.find("#f-cron").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#f-name").getAttribute("value")).isEqualTo("Nightly report");
        assertThat(server.get("/api/v1/jobs/prod/nightly-report").status()).isEqualTo(404);
        browser.screenshot("job-form");
        browser.clearConsole(); // the refused form came back as 422, which the console reports

        browser.type("#f-cron", "0 3 * * *");
        browser.waitFor(d -> d.findElements(By.cssSelector("#schedule-preview [data-preview=fire-times] li")).size() == 5, WAIT);
        browser.click("[data-action=save-job]");

        browser.waitFor("#job-head");
        assertThat(browser.url()).endsWith("/ui/p/prod/jobs/nightly-report");
        JsonNode job = server.get("/api/v1/jobs/prod/nightly-report").json();
        assertThat(job.get("schedule").get("cron").asText()).isEqualTo("0 3 * * *");
        assertThat(job.get("owner").asText()).isEqualTo("finance");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void editing_follows_the_typing_with_the_schedule_preview() {
        browser.open(server.url("/ui/p/prod/jobs/nightly-report"));
        browser.click("[data-action=edit-job]");
        browser.waitFor("#job-form");
        assertThat(browser.find("#f-cron").getAttribute("value")).isEqualTo("0 3 * * *");
        browser.waitFor(d -> d.findElements(By.cssSelector("#schedule-preview [data-preview=fire-times] li")).size() == 5, WAIT);
        String before = previewText();
        browser.mark();

        browser.type("#f-cron", "30 6 * * *");
        browser.waitFor(d -> !previewText().equals(before) && previewText().contains("06:30"), WAIT);
        browser.type("#f-timezone", "Europe/Paris");
        browser.waitFor(d -> previewText().contains("Europe/Paris"), WAIT);
        assertThat(browser.stillMarked()).as("the preview is live, not a reload").isTrue();
        browser.click("[data-action=save-job]");

        browser.waitFor("#job-head");
        JsonNode schedule = server.get("/api/v1/jobs/prod/nightly-report").json().get("schedule");
        assertThat(schedule.get("cron").asText()).isEqualTo("30 6 * * *");
        assertThat(schedule.get("timezone").asText()).isEqualTo("Europe/Paris");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(3)
    void the_ping_snippet_is_copied_to_the_clipboard() {
        String pingUrl = server.get("/api/v1/jobs/prod/nightly-report").json().get("pingUrl").asText();
        String origin = server.url("");
        ((ChromeDriver) browser.driver()).executeCdpCommand("Browser.grantPermissions", Map.of(
                "origin", origin, "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        browser.open(server.url("/ui/p/prod/jobs/nightly-report"));
        browser.waitFor("#job-report");
        assertThat(browser.text("#report-ping-url")).isEqualTo(pingUrl);
        assertThat(browser.find("pre[data-snippet=crontab]").isDisplayed()).isTrue();
        assertThat(browser.find("pre[data-snippet=python]").isDisplayed()).as("one snippet at a time").isFalse();

        new Select(browser.find("#snippet-choice")).selectByValue("python");
        browser.waitFor("pre[data-snippet=python]");
        assertThat(browser.find("pre[data-snippet=crontab]").isDisplayed()).isFalse();
        String snippet = browser.text("pre[data-snippet=python]");
        assertThat(snippet).contains("URL = \"" + pingUrl + "\"").contains("urllib.request");
        browser.screenshot("job-report");

        browser.click("[data-action=copy-snippet]");
        browser.waitFor(d -> "yes".equals(d.findElement(By.cssSelector("[data-action=copy-snippet]")).getAttribute("data-copied")), WAIT);
        assertThat(browser.text("[data-action=copy-snippet]")).isEqualTo("Copied");
        Object clipboard = browser.driver() instanceof org.openqa.selenium.JavascriptExecutor js ? js.executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + " navigator.clipboard.readText().then(done, function (e) { done('unreadable: ' + e); });") : null;
        assertThat(String.valueOf(clipboard).strip()).isEqualTo(snippet.strip());

        browser.click("[data-action=copy-ping-url]");
        browser.waitFor(d -> "yes".equals(d.findElement(By.cssSelector("[data-action=copy-ping-url]")).getAttribute("data-copied")), WAIT);
        Object url = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript(
                "var done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, function (e) { done('unreadable: ' + e); });");
        assertThat(url).isEqualTo(pingUrl);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(4)
    void delete_asks_on_its_own_page_then_deletes() {
        browser.open(server.url("/ui/p/prod/jobs/nightly-report"));
        browser.click("[data-action=delete-job]");
        browser.waitFor("[data-action=confirm-delete]");
        assertThat(browser.text("main")).contains("Delete Nightly report?").contains("cannot be undone");
        assertThat(server.get("/api/v1/jobs/prod/nightly-report").status()).as("not before the confirmation").isEqualTo(200);

        browser.click("[data-action=confirm-delete]");

        browser.waitFor("#board");
        assertThat(browser.url()).endsWith("/ui/p/prod");
        assertThat(server.get("/api/v1/jobs/prod/nightly-report").status()).isEqualTo(404);
        assertThat(browser.text("#board")).contains("No jobs in this project yet");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}

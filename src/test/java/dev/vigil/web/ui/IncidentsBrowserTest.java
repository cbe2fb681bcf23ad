package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.Browser;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.support.ui.Select;

/**
 * Incidents and silences in a real headless Chromium against a real server: jobs go missed and late
 * through the real timer, the incidents open and are notified through a real webhook; acknowledge
 * changes the row without a reload; a silence is created from the form and expired. Writes
 * incidents.png and silences.png to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncidentsBrowserTest {
    private static final Duration LIVE = Duration.ofSeconds(10);
    static MutableClock clock;
    static TestServer server;
    static RecordingHttpServer hook;
    static Browser browser;

    @BeforeAll
    static void start() {
        // The setup advances the clock 111 s: it ends near the browser's own clock, so that "2 min ago" reads true.
        clock = MutableClock.at(Instant.now().minus(Duration.ofSeconds(111)).truncatedTo(ChronoUnit.SECONDS).toString());
        server = TestServer.start(clock);
        hook = RecordingHttpServer.start();
        ok(server.post("/api/v1/projects", "{\"slug\": \"prod\", \"name\": \"Production\"}"), 201);
        ok(server.post("/api/v1/projects/prod/channels", "{\"kind\": \"webhook\", \"name\": \"ops-hook\", \"config\": {\"url\": \"" + hook.url("/hook") + "\"}}"), 201);
        ok(server.put("/api/v1/projects/prod/routes", "{\"routes\": [{\"name\": \"everything\", \"match\": {\"severities\": [\"critical\", \"warning\"]}, \"channels\": [\"ops-hook\"]}]}"), 200);
        define("nightly-backup", "{\"name\": \"Nightly backup\", \"owner\": \"ops\", \"tags\": [\"db\"], \"every\": \"1m\", \"grace\": \"30s\"}");
        define("invoice-report", "{\"name\": \"Invoice report\", \"owner\": \"finance\", \"every\": \"1m\", \"grace\": \"10m\"}");
        define("deploy-check", "{\"name\": \"Deploy check\", \"owner\": \"platform\", \"every\": \"1m\", \"grace\": \"30s\"}");
        for (String job : new String[] {"nightly-backup", "invoice-report", "deploy-check"}) ping(job);
        clock.advance(Duration.ofSeconds(61)); // every expected ping is a second overdue: late
        server.vigil.timer().runOnce();
        awaitStatus("nightly-backup", "late");
        clock.advance(Duration.ofSeconds(30)); // past the 30 s grace: missed
        server.vigil.timer().runOnce();
        awaitStatus("nightly-backup", "missed");
        awaitStatus("deploy-check", "missed");
        clock.advance(Duration.ofSeconds(20));
        ping("deploy-check"); // recovers: its incident resolves
        awaitStatus("deploy-check", "up");
        server.vigil.incidentLoop().runOnce(); // the incidents of those flips are decided by the time it returns
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        hook.close();
        server.closeAndDelete();
    }

    private static void ok(TestServer.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
    }

    private static void define(String slug, String json) {
        ok(server.put("/api/v1/jobs/prod/" + slug, json), 201);
    }

    private static void ping(String slug) {
        String uuid = server.get("/api/v1/jobs/prod/" + slug).json().get("uuid").asText();
        ok(server.ping("/ping/" + uuid, ""), 200);
    }

    private static void awaitStatus(String slug, String status) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> server.get("/api/v1/jobs/prod/" + slug).json().get("status").asText().equals(status));
    }

    private static long incidentOf(String slug) {
        for (var i : server.get("/api/v1/incidents?project=prod&state=open,acknowledged").json().get("incidents")) {
            if (i.get("job").asText().equals(slug)) return i.get("id").asLong();
        }
        throw new AssertionError("no active incident of " + slug);
    }


    @Test
    @Order(1)
    void acknowledge_changes_the_row_without_a_reload() {
        browser.open(server.url("/ui/login?next=/ui/p/prod/incidents"));
        browser.type("#key", TestServer.ADMIN_KEY).click("button[type=submit]");
        browser.waitFor("#incidents");
        browser.waitFor("#live-state[data-state=live]");
        long id = incidentOf("nightly-backup");
        String row = "#incident-" + id;
        assertThat(browser.find(row).getAttribute("data-state")).isEqualTo("open");
        assertThat(browser.text(row)).contains("Critical").contains("Open").contains("Nightly backup");
        assertThat(browser.findAll("#incidents tbody tr").getFirst().getAttribute("id")).as("critical first").isEqualTo("incident-" + id);
        assertThat(browser.text("#incident-" + incidentOf("invoice-report"))).contains("Warning");
        assertThat(browser.text("#incidents")).contains("Resolved").contains("the job recovered");
        browser.mark();

        browser.type(row + " input[name=comment]", "restoring from snapshot");
        browser.click(row + " [data-action=acknowledge]");

        browser.waitFor(row + "[data-state=acknowledged]", LIVE);
        browser.waitForText("#toast", "Incident #" + id + " acknowledged");
        assertThat(browser.text(row)).contains("Acknowledged by admin");
        assertThat(browser.findAll(row + " [data-action=acknowledge]")).isEmpty();
        assertThat(server.get("/api/v1/incidents/" + id).json().get("state").asText()).isEqualTo("acknowledged");
        assertThat(browser.stillMarked()).as("not reloaded").isTrue();
        browser.screenshot("incidents");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void the_incident_page_shows_its_history_and_notifications() {
        long id = incidentOf("nightly-backup");
        browser.open(server.url("/ui/p/prod/incidents/" + id));
        browser.waitFor("#incident-detail");
        assertThat(browser.text("#incident-history")).contains("opened").contains("notified").contains("acknowledged")
                .contains("restoring from snapshot");
        assertThat(browser.text("#incident-detail")).contains("ops-hook");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(3)
    void a_silence_is_created_from_the_form_and_expired() {
        ok(server.post("/api/v1/projects/prod/maintenance-windows", "{\"name\": \"Sunday patching\", \"tag\": \"db\","
                + " \"cron\": \"0 2 * * 0\", \"duration\": \"2h\", \"timezone\": \"Europe/London\", \"comment\": \"OS updates\"}"), 201);
        browser.open(server.url("/ui/p/prod/silences"));
        browser.waitFor("#silence-form");
        browser.mark();

        browser.click("input[name=scope][value=job]");
        new Select(browser.find("select[name=job]")).selectByValue("nightly-backup");
        new Select(browser.find("select[name=duration]")).selectByValue("4h");
        browser.click("[data-action=create-silence]");
        browser.waitFor("[data-error=comment]", LIVE);
        assertThat(browser.text("[data-error=comment]")).contains("is required");
        assertThat(server.get("/api/v1/projects/prod/silences").json().get("silences")).isEmpty();

        browser.type("#silence-comment", "Restoring the database from last night's snapshot");
        browser.click("[data-action=create-silence]");

        browser.waitFor("tr.silence[data-active=true] [data-action=expire]", LIVE);
        browser.waitForText("#toast", "Silenced job nightly-backup");
        assertThat(browser.text("#silence-list")).contains("nightly-backup").contains("In force").contains("ends in 4 h")
                .contains("Sunday patching").contains("every Sunday");
        assertThat(browser.findAll("[data-error]")).isEmpty();
        assertThat(browser.stillMarked()).as("not reloaded").isTrue();
        browser.screenshot("silences");

        browser.click("[data-action=expire]");
        browser.waitFor("[data-empty=silences]", LIVE);
        assertThat(server.get("/api/v1/projects/prod/silences").json().get("silences")).isEmpty();
        assertThat(browser.stillMarked()).as("not reloaded").isTrue();
        assertThat(browser.consoleErrors()).isEmpty();
    }
}

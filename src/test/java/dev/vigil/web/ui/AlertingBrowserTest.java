package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.Browser;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Defining alerting and keys in a real headless Chromium against a real server: a webhook channel
 * created from the form and tested against a receiver on loopback, whose answer the page shows; an
 * API key created (its secret shown once, then used against the API) and revoked (the API then
 * refuses it); a route added from the form. Writes channels.png, keys.png and rules.png to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertingBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    static TestServer server;
    static RecordingHttpServer receiver;
    static Browser browser;

    @BeforeAll
    static void start() {
        server = TestServer.start(MutableClock.at(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
        assertThat(server.post("/api/v1/projects", "{\"slug\": \"prod\", \"name\": \"Production\"}").status()).isEqualTo(201);
        receiver = RecordingHttpServer.start();
        receiver.respondAlways(new RecordingHttpServer.Response(202, "{\"accepted\": \"yes\"}", Duration.ZERO));
        browser = Browser.start();
        browser.open(server.url("/ui/login?next=/ui/p/prod/channels"));
        browser.type("#key", TestServer.ADMIN_KEY).click("button[type=submit]");
        browser.waitFor("#channel-form");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (receiver != null) receiver.close();
        server.closeAndDelete();
    }

    private static int apiStatus(String key, String path) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(path))).header("Authorization", "Bearer " + key)).status();
    }

    @Test
    @Order(1)
    void a_webhook_channel_is_created_and_a_test_shows_the_receivers_answer() {
        browser.open(server.url("/ui/p/prod/channels"));
        new Select(browser.find("#channel-kind")).selectByValue("slack");
        browser.waitFor("#channel-config-mentions", WAIT); // the form follows the kind
        new Select(browser.find("#channel-kind")).selectByValue("webhook");
        browser.waitFor("#channel-config-template", WAIT);
        browser.type("#channel-name", "ops-hook");
        browser.type("#channel-config-url", "ftp://nowhere");
        browser.click("[data-action=create-channel]");
        browser.waitFor("[data-error='config.url']", WAIT);
        assertThat(server.get("/api/v1/projects/prod/channels").json().get("channels")).isEmpty();

        browser.find("#channel-config-url").clear();
        browser.type("#channel-config-url", receiver.url("/vigil"));
        browser.type("#channel-config-secret", "browser-secret");
        browser.click("[data-action=create-channel]");
        browser.waitFor("tr[data-name=ops-hook]", WAIT);
        assertThat(browser.text("[data-done]")).isEqualTo("Channel created.");
        long id = server.get("/api/v1/projects/prod/channels").json().get("channels").get(0).get("id").asLong();
        assertThat(browser.driver().getPageSource()).doesNotContain("browser-secret");

        browser.click("tr[data-name=ops-hook] [data-action=test]");

        browser.waitFor("#channel-test-" + id + "[data-delivered=true]", WAIT);
        assertThat(browser.text("#channel-test-" + id)).contains("Delivered").contains("HTTP 202").contains("{\"accepted\": \"yes\"}");
        assertThat(receiver.requests()).hasSize(1);
        assertThat(receiver.requests().getFirst().path()).isEqualTo("/vigil");
        assertThat(receiver.requests().getFirst().body()).contains("Test notification from Vigil");
        assertThat(receiver.requests().getFirst().header("X-Vigil-Signature")).startsWith("sha256=");
        browser.screenshot("channels");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void a_key_is_shown_once_works_and_is_refused_once_revoked() {
        browser.open(server.url("/ui/keys"));
        browser.type("#key-name", "deploy-bot");
        new Select(browser.find("#key-role")).selectByValue("operator");
        new Select(browser.find("#key-project")).selectByValue("prod");
        browser.click("[data-action=create-key]");

        browser.waitFor("#new-key-secret", WAIT);
        String secret = browser.text("#new-key-secret");
        assertThat(browser.text("#new-key")).contains("it will not be shown again");
        assertThat(browser.findAll("[data-copy='#new-key-secret']")).hasSize(1);
        assertThat(apiStatus(secret, "/api/v1/jobs?project=prod")).isEqualTo(200);
        browser.screenshot("keys");

        browser.open(server.url("/ui/keys"));
        assertThat(browser.driver().getPageSource()).doesNotContain(secret);
        browser.click("tr[data-name=deploy-bot] [data-action=revoke]");
        browser.waitFor(ExpectedConditions.alertIsPresent(), WAIT);
        assertThat(browser.driver().switchTo().alert().getText()).contains("Revoke key deploy-bot?");
        browser.driver().switchTo().alert().accept();

        browser.waitForText("[data-done]", "Key revoked");
        assertThat(browser.findAll("tr[data-name=deploy-bot]")).isEmpty();
        assertThat(apiStatus(secret, "/api/v1/jobs?project=prod")).isEqualTo(401);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(3)
    void a_route_is_added_from_the_form() {
        browser.open(server.url("/ui/p/prod/rules"));
        browser.type("#route-name", "everything");
        browser.click("input[name=channels][value=ops-hook]");
        browser.click("input[name=severities][value=warning]");
        browser.click("[data-action=add-route]");

        browser.waitForText("[data-done]", "Saved.");
        assertThat(browser.text("tr[data-route='0']")).contains("everything").contains("ops-hook").contains("warning");
        var route = server.get("/api/v1/projects/prod/routes").json().get("routes").get(0);
        assertThat(route.get("channels").get(0).asText()).isEqualTo("ops-hook");
        browser.screenshot("rules");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}

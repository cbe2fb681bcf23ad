package dev.vigil.web;

import static dev.vigil.web.KeyApiTest.call;
import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestServer;
import dev.vigil.testing.TestServer.Response;
import dev.vigil.web.ui.UiClient;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A read-only key sees nothing that can ping (PRODUCT.md §9): every GET route of the OpenAPI document
 * and the dashboard's pages, read with viewer keys on a real server holding real jobs, runs, pings,
 * an incident and its notifications, carry no job uuid and no ping key; nor do the alerts receivers
 * get, nor the server's log lines. Operators still see the uuid, which shows the scan can find it.
 */
class ViewerSeesNoSecretsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MutableClock clock = MutableClock.at("2026-03-01T01:00:00Z");
    private static final RecordingHttpServer receiver = RecordingHttpServer.start();
    private static final ListAppender<ILoggingEvent> logLines = new ListAppender<>();
    private static TestServer server;
    private static final List<String> secrets = new ArrayList<>();
    private static final Map<String, String> params = new LinkedHashMap<>();
    private static String viewer;
    private static String projectViewer;
    private static String operator;

    @BeforeAll
    static void start() throws Exception {
        logLines.start();
        root().addAppender(logLines);
        server = TestServer.start(clock);
        String pingKey = server.createProject("prod").get("pingKey").asText();
        secrets.add(pingKey);
        created(server.post("/api/v1/projects/prod/channels", "{\"kind\": \"log\", \"name\": \"server-log\"}"));
        created(server.post("/api/v1/projects/prod/channels", "{\"kind\": \"webhook\", \"name\": \"pager\", \"config\": {\"url\": \""
                + receiver.url("/hook") + "\"}}"));
        created(server.put("/api/v1/projects/prod/escalation-policies/ops", "{\"steps\": [{\"after\": \"PT0S\", \"channels\": [\"pager\"]}]}"));

        String backup = job("backup", "{\"schedule\": {\"cron\": \"0 2 * * *\"}, \"grace\": \"10m\", \"owner\": \"alice\"}");
        String pinged = job("pinged", "{\"every\": \"1h\"}");
        String managed = job("sync", "{\"every\": \"1d\", \"command\": \"echo synced\", \"env\": {\"TOKEN\": \"t0ken\"}}");
        // Reports of every kind, by uuid (in upper case too) and by ping key and slug.
        assertThat(server.ping("/ping/" + pinged + "/start?rid=r-1", null).status()).isEqualTo(200);
        assertThat(server.ping("/ping/" + pinged.toUpperCase(Locale.ROOT) + "/progress?rid=r-1&step=load", null).status()).isEqualTo(200);
        assertThat(server.ping("/ping/" + pinged + "?rid=r-1", "loaded 10 rows").status()).isEqualTo(200);
        assertThat(server.ping("/ping/" + pingKey + "/pinged/fail", "it broke").status()).isEqualTo(200);
        assertThat(server.ping("/ping/" + pingKey + "/created-by-ping?create=1", null).status()).isEqualTo(201);
        secrets.add(server.get("/api/v1/jobs/prod/created-by-ping").json().get("uuid").asText());
        Response run = server.post("/api/v1/jobs/prod/sync/runs", "");
        assertThat(run.status()).as(run.body()).isIn(201, 202);
        long runId = run.json().get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.get("/api/v1/runs/" + runId).json().get("state").asText().equals("succeeded"));

        // backup misses its 02:00 run: an incident, notified to both channels.
        clock.set(Instant.parse("2026-03-01T02:00:01Z"));
        server.vigil.timer().runOnce();
        clock.set(Instant.parse("2026-03-01T02:10:01Z"));
        server.vigil.timer().runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requestCount() >= 1
                && server.get("/api/v1/notifications?project=prod&job=backup").json().get("notifications").findValuesAsText("state")
                .stream().filter("delivered"::equals).count() == 2);
        long incident = server.get("/api/v1/incidents?project=prod").json().get("incidents").get(0).get("id").asLong();

        secrets.add(backup);
        secrets.add(pinged);
        secrets.add(managed);
        params.put("project", "prod");
        params.put("slug", "backup");
        params.put("name", "ops");
        params.put("run", Long.toString(runId));
        params.put("incident", Long.toString(incident));
        viewer = createKey(server, TestServer.ADMIN_KEY, "viewer", "viewer", null).get("key").asText();
        projectViewer = createKey(server, TestServer.ADMIN_KEY, "prod-viewer", "viewer", "prod").get("key").asText();
        operator = createKey(server, TestServer.ADMIN_KEY, "operator", "operator", null).get("key").asText();
    }

    @AfterAll
    static void stop() {
        root().detachAppender(logLines);
        server.closeAndDelete();
        receiver.close();
    }

    @Test
    void no_json_route_a_viewer_can_read_carries_a_uuid_or_a_ping_key() throws Exception {
        List<String> paths = readablePaths();
        for (String key : List.of(viewer, projectViewer)) {
            int read = 0;
            for (String path : paths) {
                Response r = call(server, key, "GET", path, null);
                assertNoSecret("GET " + path, r.body());
                if (r.status() == 200) read++;
            }
            assertThat(read).as("routes read with 200").isGreaterThanOrEqualTo(25);
        }
        JsonNode job = call(server, viewer, "GET", "/api/v1/jobs/prod/backup", null).json();
        assertThat(job.get("uniqueKey").asText()).as("a viewer still has an id for the job").hasSize(32);
        assertThat(job.has("uuid")).isFalse();
        assertThat(job.has("pingUrl")).isFalse();
        JsonNode notification = call(server, viewer, "GET", "/api/v1/notifications?project=prod&job=backup", null).json()
                .get("notifications").get(0);
        assertThat(notification.get("idempotencyKey").asText()).startsWith("vigil-" + job.get("uniqueKey").asText() + "-");
    }

    @Test
    void an_operator_sees_the_uuid_so_the_scan_would_find_it() {
        Response r = call(server, operator, "GET", "/api/v1/jobs/prod/backup", null);
        assertThat(secrets).anySatisfy(s -> assertThat(r.body()).contains(s));
        assertThat(r.json().get("pingUrl").asText()).endsWith("/ping/" + r.json().get("uuid").asText());
        assertThat(call(server, operator, "GET", "/api/v1/projects/prod", null).json().has("pingKey")).isTrue();
    }

    @Test
    void no_dashboard_page_a_viewer_can_open_carries_a_uuid_or_a_ping_key() throws Exception {
        UiClient ui = UiClient.loggedIn(server, viewer);
        String run = params.get("run");
        String incident = params.get("incident");
        List<String> pages = new ArrayList<>(List.of("/ui", "/ui/p/prod", "/ui/p/prod?fragment=1", "/ui/p/prod/alerts",
                "/ui/p/prod/alerts?fragment=1", "/ui/p/prod/incidents", "/ui/p/prod/incidents?fragment=1",
                "/ui/p/prod/incidents/" + incident, "/ui/p/prod/incidents/" + incident + "?fragment=1", "/ui/p/prod/running",
                "/ui/p/prod/upcoming", "/ui/p/prod/silences", "/ui/p/prod/channels", "/ui/p/prod/rules", "/ui/agents", "/ui/cluster", "/ui/runs/" + run,
                "/ui/runs/" + run + "/log", "/ui/runs/" + run + "/log.txt"));
        for (String slug : List.of("backup", "pinged", "sync", "created-by-ping")) {
            pages.add("/ui/p/prod/jobs/" + slug);
            for (String part : List.of("head", "when", "runs", "chart", "timeline")) {
                pages.add("/ui/p/prod/jobs/" + slug + "?fragment=" + part);
            }
        }
        for (String page : pages) {
            HttpResponse<String> r = ui.get(page);
            assertThat(r.statusCode()).as(page).isBetween(200, 299); // a finished run's log tail says 286: stop polling
            assertNoSecret(page, r.body());
            assertNoSecret(page + " headers", r.headers().map().toString());
        }
        UiClient operatorUi = UiClient.loggedIn(server, operator);
        assertThat(secrets).as("an operator's job page shows the ping URL")
                .anySatisfy(s -> assertThat(operatorUi.get("/ui/p/prod/jobs/backup").body()).contains(s));

        HttpResponse<InputStream> feed = ui.http().send(HttpRequest.newBuilder(ui.uri("/ui/events"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(feed.statusCode()).isEqualTo(200);
        try (InputStream in = feed.body()) {
            String first = new String(in.readNBytes(12), StandardCharsets.UTF_8);
            assertThat(first).contains("hello");
            assertNoSecret("/ui/events", first);
        }
    }

    @Test
    void alert_receivers_and_the_server_log_get_no_uuid_or_ping_key() {
        assertThat(receiver.requests()).isNotEmpty().allSatisfy(r -> {
            assertNoSecret("webhook body", r.body());
            assertNoSecret("webhook headers", r.headers().toString());
        });
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : logLines.list) {
            lines.add(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) lines.add(t.getMessage());
        }
        assertThat(lines).as("the log channel wrote its line").anySatisfy(l -> assertThat(l).contains("alert down job=prod/backup"));
        for (String line : lines) assertNoSecret("log line", line);
    }

    private static void assertNoSecret(String where, String text) {
        if (text == null) return;
        String lower = text.toLowerCase(Locale.ROOT);
        for (String secret : secrets) {
            assertThat(lower).as("%s carries %s:%n%s", where, secret, text).doesNotContain(secret.toLowerCase(Locale.ROOT));
        }
    }

    /** Every GET path of the OpenAPI document but the ping URLs, with parameters filled in, plus the list filters. */
    private static List<String> readablePaths() throws Exception {
        JsonNode doc = JSON.readTree(Files.readString(Path.of("src/main/resources/openapi.json")));
        List<String> paths = new ArrayList<>();
        doc.get("paths").properties().forEach(e -> {
            String path = e.getKey();
            if (!e.getValue().has("get") || path.startsWith("/ping/")) return;
            String id = path.startsWith("/api/v1/incidents") ? params.get("incident") : params.get("run");
            paths.add(path.replace("{project}", params.get("project")).replace("{slug}", params.get("slug"))
                    .replace("{name}", params.get("name")).replace("{id}", id));
            if (path.contains("{slug}")) {
                for (String slug : List.of("pinged", "sync", "created-by-ping")) {
                    paths.add(path.replace("{project}", "prod").replace("{slug}", slug));
                }
            }
        });
        paths.addAll(List.of("/api/v1/jobs?project=prod", "/api/v1/notifications?project=prod",
                "/api/v1/notifications?project=prod&job=backup", "/api/v1/incidents?project=prod",
                "/api/v1/incidents?project=prod&job=backup", "/api/v1/runs?project=prod", "/api/v1/upcoming?project=prod",
                "/api/v1/runs/" + params.get("run") + "/log/chunks?after=0", "/api/v1/schedules/preview?every=5m"));
        assertThat(paths).as("the document lists the routes a viewer reads").hasSizeGreaterThan(25);
        return paths;
    }

    private static String job(String slug, String json) {
        Response r = server.put("/api/v1/jobs/prod/" + slug, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("uuid").asText();
    }

    private static void created(Response r) {
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}

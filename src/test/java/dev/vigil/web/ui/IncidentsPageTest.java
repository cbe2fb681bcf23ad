package dev.vigil.web.ui;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Incident;
import dev.vigil.domain.Incident.Severity;
import dev.vigil.domain.Incident.State;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The incidents list and page, and acknowledge and resolve from them, through a real server. */
class IncidentsPageTest {
    static final String LIST = "/ui/p/ops/incidents";
    final MutableClock clock = MutableClock.at("2026-06-01T10:00:10Z");
    TestServer server;
    UiClient admin;
    long projectId;

    @BeforeEach
    void start() {
        server = TestServer.start(clock);
        server.createProject("ops");
        projectId = server.vigil.store().read(tx -> tx.projects().bySlug("ops")).orElseThrow().id();
        server.createProject("other");
        admin = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    private long job(String slug) {
        var r = server.put("/api/v1/jobs/ops/" + slug, "{\"every\": \"1h\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return server.vigil.store().read(tx -> tx.jobs().bySlug(projectId, slug)).orElseThrow().id();
    }

    /** An incident stored as the engine would have left it, opened at 10:00 plus {@code minutes}. */
    private long incident(long jobId, Severity severity, State state, int minutes) {
        Instant opened = Instant.parse("2026-06-01T10:00:00Z").plus(Duration.ofMinutes(minutes));
        boolean resolved = state == State.RESOLVED;
        Incident i = new Incident(0, jobId, projectId, severity, state, opened, null, "missed: no ping within grace",
                state == State.ACKNOWLEDGED ? opened.plusSeconds(60) : null, state == State.ACKNOWLEDGED ? "alice" : null,
                resolved ? opened.plusSeconds(120) : null, null, false, !resolved, opened, null,
                resolved ? null : "no route matches it", null, 0, 0, null, 0);
        return server.vigil.store().write(tx -> tx.incidents().insert(i)).id();
    }

    private JsonNode api(long id) {
        return server.get("/api/v1/incidents/" + id).json();
    }

    private static List<String> ids(String html, String attribute) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(attribute + "=\"(\\d+)\"").matcher(html);
        while (m.find()) found.add(m.group(1));
        return found;
    }

    /** An htmx POST aimed at one element, as the buttons send it; {@code csrf} null sends none. */
    private static HttpResponse<String> hxPost(UiClient ui, String path, Map<String, String> form, String target, String csrf) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(ui.uri(path)).header("HX-Request", "true").header("HX-Target", target)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrf != null) b.header("X-CSRF-Token", csrf);
        try {
            return ui.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void lists_active_incidents_critical_first_then_newest_then_resolved_ones_a_page_at_a_time() {
        long a = job("a"), b = job("b"), c = job("c"), d = job("d");
        long oldCritical = incident(a, Severity.CRITICAL, State.OPEN, 1);
        long newWarning = incident(b, Severity.WARNING, State.OPEN, 9);
        long newCritical = incident(c, Severity.CRITICAL, State.ACKNOWLEDGED, 5);
        List<Long> resolved = new ArrayList<>();
        for (int n = 0; n < IncidentsPage.RESOLVED_PAGE + 3; n++) resolved.add(incident(d, Severity.CRITICAL, State.RESOLVED, n));

        String page = admin.get(LIST).body();

        List<String> rows = ids(page, "data-incident");
        List<String> expected = new ArrayList<>(List.of(newCritical, oldCritical, newWarning).stream().map(String::valueOf).toList());
        resolved.reversed().stream().limit(IncidentsPage.RESOLVED_PAGE).forEach(id -> expected.add(String.valueOf(id)));
        assertThat(rows.stream().distinct().toList()).containsExactlyElementsOf(expected);
        assertThat(page).contains("aria-current=\"page\">Incidents").contains("data-live=\"/ui/p/ops/incidents?fragment=1\"")
                .contains("> Critical</span>").contains("> Warning</span>").contains("> Acknowledged</span>")
                .contains("Acknowledged by alice").contains("Held: no route matches it").contains("Resolved: the job recovered")
                .contains("href=\"/ui/p/ops/jobs/a\"").contains("for 2 min").contains("not notified");
        String older = "?before=" + resolved.get(3);
        assertThat(page).contains("href=\"/ui/p/ops/incidents" + older + "\"");

        String next = admin.get(LIST + older).body();
        assertThat(ids(next, "data-incident").stream().distinct().toList()).as("the active ones stay on top")
                .containsExactly(String.valueOf(newCritical), String.valueOf(oldCritical), String.valueOf(newWarning),
                        String.valueOf(resolved.get(2)), String.valueOf(resolved.get(1)), String.valueOf(resolved.get(0)));
        assertThat(next).doesNotContain("data-action=\"older\"").contains("data-action=\"newest\"");
        assertThat(admin.get(LIST + "?fragment=1").body().strip()).startsWith("<section id=\"incidents\"");
        assertThat(admin.get("/ui/p/other/incidents").body()).contains("No open incident.");
    }

    @Test
    void only_operators_see_and_may_use_the_buttons() {
        long id = incident(job("a"), Severity.CRITICAL, State.OPEN, 1);
        assertThat(admin.get(LIST).body()).contains("data-action=\"acknowledge\" data-incident=\"" + id + "\"")
                .contains("data-action=\"resolve\" data-incident=\"" + id + "\"");
        String operatorKey = createKey(server, TestServer.ADMIN_KEY, "olga", "operator", "ops").get("key").asText();
        assertThat(UiClient.loggedIn(server, operatorKey).get(LIST).body()).contains("data-action=\"acknowledge\"");

        UiClient viewer = UiClient.loggedIn(server, createKey(server, TestServer.ADMIN_KEY, "vic", "viewer", "ops").get("key").asText());
        String page = viewer.get(LIST).body();
        assertThat(page).contains("data-incident=\"" + id + "\"").doesNotContain("data-action=\"acknowledge\"").doesNotContain("data-action=\"resolve\"");
        assertThat(viewer.get(LIST + "/" + id).body()).doesNotContain("data-action=\"acknowledge\"");
        HttpResponse<String> r = hxPost(viewer, LIST + "/" + id + "/acknowledge", Map.of(), "incident-" + id, viewer.csrf());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(api(id).get("state").asText()).isEqualTo("open");
    }

    @Test
    void acknowledge_changes_the_incident_and_answers_its_row_with_a_toast() {
        long id = incident(job("a"), Severity.CRITICAL, State.OPEN, 1);
        admin.get(LIST);

        HttpResponse<String> r = hxPost(admin, LIST + "/" + id + "/acknowledge", Map.of("comment", "looking into it"), "incident-" + id, admin.csrf());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("HX-Trigger").orElseThrow()).isEqualTo("{\"vigil:toast\":\"Incident #" + id + " acknowledged\"}");
        assertThat(r.body().strip()).startsWith("<tr id=\"incident-" + id + "\"").contains("data-state=\"acknowledged\"")
                .contains("Acknowledged by admin").doesNotContain("data-action=\"acknowledge\"").contains("data-action=\"resolve\"");
        JsonNode now = api(id);
        assertThat(now.get("state").asText()).isEqualTo("acknowledged");
        assertThat(now.get("acknowledgedBy").asText()).isEqualTo("admin (configured)");
        assertThat(now.get("history").toString()).contains("looking into it");
    }

    @Test
    void resolve_from_the_incident_page_answers_the_page_part_and_a_plain_form_redirects() {
        long a = incident(job("a"), Severity.CRITICAL, State.OPEN, 1);
        long b = incident(job("b"), Severity.WARNING, State.OPEN, 2);
        admin.get(LIST + "/" + a);

        HttpResponse<String> r = hxPost(admin, LIST + "/" + a + "/resolve", Map.of(), IncidentActions.DETAIL, admin.csrf());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body().strip()).startsWith("<section id=\"incident-detail\"").contains("data-state=\"resolved\"")
                .contains("Resolved</span> admin").doesNotContain("data-action=\"resolve\"");
        assertThat(api(a).get("resolvedBy").asText()).isEqualTo("admin (configured)");

        HttpResponse<String> plain = admin.postForm(LIST + "/" + b + "/resolve", Map.of("_csrf", admin.csrf(), "comment", "", "next", LIST + "/" + b));
        assertThat(plain.statusCode()).isEqualTo(303);
        assertThat(plain.headers().firstValue("Location").orElseThrow()).isEqualTo(LIST + "/" + b);
        assertThat(api(b).get("state").asText()).isEqualTo("resolved");
    }

    @Test
    void actions_need_the_csrf_token() {
        long id = incident(job("a"), Severity.CRITICAL, State.OPEN, 1);
        admin.get(LIST);
        assertThat(hxPost(admin, LIST + "/" + id + "/acknowledge", Map.of(), "incident-" + id, null).statusCode()).isEqualTo(403);
        assertThat(admin.postForm(LIST + "/" + id + "/resolve", Map.of("_csrf", "wrong")).statusCode()).isEqualTo(403);
        assertThat(api(id).get("state").asText()).isEqualTo("open");
    }

    @Test
    void acting_on_an_incident_someone_else_already_took_says_so_and_changes_nothing() {
        long id = incident(job("a"), Severity.CRITICAL, State.ACKNOWLEDGED, 1);
        admin.get(LIST);

        HttpResponse<String> r = hxPost(admin, LIST + "/" + id + "/acknowledge", Map.of(), "incident-" + id, admin.csrf());

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("already acknowledged by alice");
        HttpResponse<String> plain = admin.postForm(LIST + "/" + id + "/acknowledge", Map.of("_csrf", admin.csrf()));
        assertThat(plain.statusCode()).isEqualTo(409);
        assertThat(plain.body()).contains("already acknowledged by alice").contains("<html");
        assertThat(api(id).get("acknowledgedBy").asText()).isEqualTo("alice");
        assertThat(hxPost(admin, "/ui/p/other/incidents/" + id + "/resolve", Map.of(), "incident-" + id, admin.csrf()).statusCode())
                .as("another project's incident").isEqualTo(404);
    }

    @Test
    void the_incident_page_shows_its_history_and_its_notifications_of_a_real_missed_job() {
        try (RecordingHttpServer hook = RecordingHttpServer.start()) {
            var ch = server.post("/api/v1/projects/ops/channels", "{\"kind\": \"webhook\", \"name\": \"hook\", \"config\": {\"url\": \"" + hook.url("/hook") + "\"}}");
            assertThat(ch.status()).as(ch.body()).isEqualTo(201);
            var routes = server.put("/api/v1/projects/ops/routes", "{\"routes\": [{\"channels\": [\"hook\"], \"match\": {\"severities\": [\"critical\"]}}]}");
            assertThat(routes.status()).as(routes.body()).isEqualTo(200);
            assertThat(server.put("/api/v1/jobs/ops/backup", "{\"schedule\": {\"cron\": \"* * * * *\"}, \"grace\": \"30s\"}").status()).isEqualTo(201);

            clock.set(Instant.parse("2026-06-01T10:01:01Z"));
            server.vigil.timer().runOnce();
            // The tick is applied by the writer: wait for it, or a later clock would skip "late".
            await().atMost(Duration.ofSeconds(20)).until(() -> server.get("/api/v1/jobs/ops/backup").json().get("status").asText().equals("late"));
            clock.set(Instant.parse("2026-06-01T10:01:31Z"));
            server.vigil.timer().runOnce();
            await().atMost(Duration.ofSeconds(20)).until(() -> hook.requestCount() == 1);
            long id = server.get("/api/v1/incidents?project=ops").json().get("incidents").get(0).get("id").asLong();

            // The receiver has the request a moment before the outbox records the delivery.
            await().atMost(Duration.ofSeconds(20)).until(() -> admin.get(LIST + "/" + id).body().contains("data-delivery=\"delivered\""));
            String page = admin.get(LIST + "/" + id).body();

            assertThat(page).contains("Incident #" + id).contains("data-action=\"opened\"").contains("data-action=\"notified\"")
                    .contains("hook <span class=\"tag\">webhook</span>").contains("data-delivery=\"delivered\"")
                    .contains("data-live=\"/ui/p/ops/incidents/" + id + "?fragment=1\"").contains("step 1");
            assertThat(admin.get(LIST + "/" + id + "?fragment=1").body().strip()).startsWith("<section id=\"incident-detail\"");
            assertThat(admin.get("/ui/p/other/incidents/" + id).statusCode()).isEqualTo(404);
        }
    }
}

package dev.vigil.web.ui;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The silences page: listing, creating through the API's own validation, and expiring; maintenance windows. */
class SilencesPageTest {
    static final String PAGE = "/ui/p/ops/silences";
    final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    TestServer server;
    UiClient admin;

    @BeforeEach
    void start() {
        server = TestServer.start(clock);
        server.createProject("ops");
        assertThat(server.put("/api/v1/jobs/ops/backup", "{\"name\": \"Nightly backup\", \"every\": \"1h\", \"tags\": [\"db\"]}").status()).isEqualTo(201);
        admin = UiClient.loggedIn(server, TestServer.ADMIN_KEY);
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    private JsonNode silences() {
        return server.get("/api/v1/projects/ops/silences").json().get("silences");
    }

    private static Map<String, String> form(String... pairs) {
        Map<String, String> m = new java.util.LinkedHashMap<>(Map.of("scope", "project", "job", "", "tag", "", "duration", "1h", "endsAt", "", "comment", ""));
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }

    @Test
    void lists_silences_in_force_and_to_come_and_the_maintenance_windows() {
        assertThat(server.post("/api/v1/projects/ops/silences", "{\"job\": \"backup\", \"duration\": \"2h\", \"comment\": \"disk swap\"}").status()).isEqualTo(201);
        assertThat(server.post("/api/v1/projects/ops/silences", "{\"tag\": \"db\", \"startsAt\": \"2026-06-01T12:00:00Z\", \"endsAt\": \"2026-06-01T13:00:00Z\", \"comment\": \"upgrade\"}").status()).isEqualTo(201);
        assertThat(server.post("/api/v1/projects/ops/maintenance-windows", "{\"name\": \"sunday\", \"cron\": \"0 2 * * 0\", \"duration\": \"2h\", \"timezone\": \"Europe/London\", \"comment\": \"patching\"}").status()).isEqualTo(201);

        String page = admin.get(PAGE).body();

        assertThat(page).contains("aria-current=\"page\">Silences").contains("data-live=\"/ui/p/ops/silences?fragment=1\"")
                .contains("job <a href=\"/ui/p/ops/jobs/backup\">backup</a>").contains("> In force</span><div class=\"sub\">ends in 2 h</div>")
                .contains("tag db").contains("> Upcoming</span><div class=\"sub\">starts in 2 h</div>").contains("disk swap")
                .contains("admin (configured)").contains("data-action=\"expire\"").contains("data-action=\"create-silence\"")
                .contains("<option value=\"backup\">Nightly backup (backup)</option>");
        assertThat(page).contains("sunday").contains("Europe/London").contains("2 h").contains("datetime=\"2026-06-07T01:00:00Z\"")
                .contains("patching");
        assertThat(admin.get(PAGE + "?fragment=1").body().strip()).startsWith("<section id=\"silence-list\"");

        UiClient viewer = UiClient.loggedIn(server, createKey(server, TestServer.ADMIN_KEY, "vic", "viewer", "ops").get("key").asText());
        assertThat(viewer.get(PAGE).body()).contains("disk swap").doesNotContain("data-action=\"expire\"").doesNotContain("data-action=\"create-silence\"");
        assertThat(viewer.post(PAGE, form("comment", "nope")).statusCode()).isEqualTo(403);
    }

    @Test
    void creating_a_silence_answers_an_empty_form_and_the_list_with_it() {
        admin.get(PAGE);

        HttpResponse<String> r = admin.post(PAGE, form("scope", "job", "job", "backup", "duration", "4h", "comment", "restoring"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("HX-Trigger").orElseThrow()).contains("Silenced job backup until 2026-06-01 14:00:00 UTC");
        assertThat(r.body().strip()).startsWith("<section id=\"silence-form\"").contains("<section id=\"silence-list\"")
                .contains("hx-swap-oob=\"true\"").contains("restoring");
        JsonNode s = silences().get(0);
        assertThat(s.get("job").asText()).isEqualTo("backup");
        assertThat(s.get("endsAt").asText()).isEqualTo("2026-06-01T14:00:00Z");
        assertThat(s.get("createdBy").asText()).isEqualTo("admin (configured)");

        HttpResponse<String> plain = admin.postForm(PAGE, Map.of("_csrf", admin.csrf(), "scope", "tag", "tag", "db", "endsAt", "2026-06-02T08:30", "comment", "migration"));
        assertThat(plain.statusCode()).isEqualTo(303);
        assertThat(silences()).hasSize(2);
        assertThat(silences().get(1).get("endsAt").asText()).isEqualTo("2026-06-02T08:30:00Z");
    }

    @Test
    void a_bad_field_is_shown_next_to_it_and_creates_nothing() {
        admin.get(PAGE);

        HttpResponse<String> noComment = admin.post(PAGE, form("scope", "tag", "tag", "db"));
        assertThat(noComment.statusCode()).isEqualTo(200);
        assertThat(noComment.body()).contains("data-error=\"comment\" role=\"alert\">is required: say why</p>")
                .contains("value=\"db\"").doesNotContain("HX-Trigger");

        assertThat(admin.post(PAGE, form("endsAt", "2026-05-01T10:00", "comment", "x")).body())
                .contains("data-error=\"end\" role=\"alert\">must end after it starts (2026-06-01T10:00:00Z)</p>");
        assertThat(admin.post(PAGE, form("scope", "job", "comment", "x")).body()).contains("data-error=\"job\" role=\"alert\">choose a job</p>");
        assertThat(admin.post(PAGE, form("scope", "job", "job", "nope", "comment", "x")).body())
                .contains("data-error=\"job\" role=\"alert\">no job 'nope' in this project</p>");

        HttpResponse<String> plain = admin.postForm(PAGE, Map.of("_csrf", admin.csrf(), "scope", "tag", "tag", " ", "duration", "1h", "comment", "x"));
        assertThat(plain.statusCode()).isEqualTo(422);
        assertThat(plain.body()).contains("<html").contains("data-error=\"tag\"");
        assertThat(silences()).isEmpty();
    }

    @Test
    void expire_ends_a_silence_and_needs_the_csrf_token() {
        long id = server.post("/api/v1/projects/ops/silences", "{\"duration\": \"1d\", \"comment\": \"freeze\"}").json().get("id").asLong();
        admin.get(PAGE);
        assertThat(admin.postForm(PAGE + "/" + id + "/expire", Map.of()).statusCode()).isEqualTo(403);
        assertThat(silences()).hasSize(1);
        clock.advance(Duration.ofMinutes(5));

        HttpResponse<String> r = admin.post(PAGE + "/" + id + "/expire", Map.of());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("HX-Trigger").orElseThrow()).contains("Silence #" + id + " expired");
        assertThat(r.body().strip()).startsWith("<section id=\"silence-list\"").contains("No silence is in force or planned.");
        assertThat(silences()).isEmpty();
        assertThat(server.get("/api/v1/projects/ops/silences?all=true").json().get("silences").get(0).get("endsAt").asText())
                .isEqualTo("2026-06-01T10:05:00Z");
        assertThat(admin.post("/ui/p/ops/silences/999/expire", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void maintenance_windows_are_created_and_deleted_here_through_the_api_validation() {
        admin.get(PAGE);
        Map<String, String> window = new java.util.LinkedHashMap<>(Map.of("_csrf", admin.csrf(), "name", "sunday", "scope", "tag", "tag", "db",
                "cron", "0 2 * * 0", "timezone", "Europe/London", "duration", "2h", "comment", "patching"));

        window.put("cron", "0 2 * *");
        HttpResponse<String> bad = admin.postForm(PAGE + "/windows", window);
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("data-error=\"cron\" role=\"alert\">must have 5 fields").contains("value=\"Europe/London\"");
        window.put("cron", "0 2 * * 0");
        window.put("duration", "8d");
        assertThat(admin.postForm(PAGE + "/windows", window).body()).contains("data-error=\"duration\" role=\"alert\">must be at most 7d</p>");
        window.put("duration", "2h");
        window.put("comment", "");
        assertThat(admin.postForm(PAGE + "/windows", window).body()).contains("data-error=\"comment\" role=\"alert\">is required: say why</p>");
        assertThat(server.get("/api/v1/projects/ops/maintenance-windows").json().get("maintenanceWindows")).isEmpty();

        window.put("comment", "patching");
        assertThat(admin.postForm(PAGE + "/windows", window).statusCode()).isEqualTo(303);
        JsonNode w = server.get("/api/v1/projects/ops/maintenance-windows").json().get("maintenanceWindows").get(0);
        assertThat(w.get("tag").asText()).isEqualTo("db");
        assertThat(w.get("timezone").asText()).isEqualTo("Europe/London");
        assertThat(w.get("createdBy").asText()).isEqualTo("admin (configured)");
        String page = admin.get(PAGE).body();
        assertThat(page).contains("data-window=\"" + w.get("id").asText() + "\"").contains("data-action=\"delete-window\"")
                .contains("hx-confirm=\"Delete maintenance window sunday?\"");

        UiClient viewer = UiClient.loggedIn(server, createKey(server, TestServer.ADMIN_KEY, "vic", "viewer", "ops").get("key").asText());
        assertThat(viewer.get(PAGE).body()).contains("sunday").doesNotContain("data-action=\"delete-window\"").doesNotContain("create-window");
        assertThat(viewer.post(PAGE + "/windows/" + w.get("id").asText() + "/delete", Map.of()).statusCode()).isEqualTo(403);

        HttpResponse<String> deleted = admin.post(PAGE + "/windows/" + w.get("id").asText() + "/delete", Map.of());
        assertThat(deleted.headers().firstValue("HX-Redirect").orElseThrow()).isEqualTo(PAGE);
        assertThat(server.get("/api/v1/projects/ops/maintenance-windows").json().get("maintenanceWindows")).isEmpty();
        assertThat(server.get("/api/v1/audit?action=window").json().get("entries")).extracting(e -> e.get("action").asText())
                .containsExactly("window.delete", "window.create");
    }
}

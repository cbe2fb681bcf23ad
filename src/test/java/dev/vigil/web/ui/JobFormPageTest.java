package dev.vigil.web.ui;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Defining jobs from the dashboard: the forms read by the API's own code, audited as the session; delete after a confirmation. */
class JobFormPageTest {
    final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    TestServer server;
    UiClient editor;

    @BeforeEach
    void start() {
        server = TestServer.start(clock);
        server.createProject("ops");
        editor = UiClient.loggedIn(server, key("eddie", "editor"));
        editor.get("/ui/p/ops/new-job");
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    private String key(String name, String role) {
        return createKey(server, TestServer.ADMIN_KEY, name, role, "ops").get("key").asText();
    }

    /** A watched job's form as a browser sends it: every field, most of them empty. */
    static Map<String, String> form(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : JobForm.FIELDS) m.put(f, "");
        m.put("mode", "watched");
        m.put("scheduleKind", "none");
        m.put("commandKind", "shell");
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        if (!m.get("cron").isEmpty() && !java.util.List.of(pairs).contains("scheduleKind")) m.put("scheduleKind", "cron");
        return m;
    }

    private JsonNode job(String slug) {
        return server.get("/api/v1/jobs/ops/" + slug).json();
    }

    private JsonNode lastAudit(String action) {
        return server.get("/api/v1/audit?action=" + action).json().get("entries").get(0);
    }

    @Test
    void an_editor_creates_a_watched_job_and_the_change_is_audited_as_the_session() {
        HttpResponse<String> page = editor.get("/ui/p/ops/new-job");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"mode\" value=\"watched\" checked").contains("data-action=\"save-job\"");

        HttpResponse<String> r = editor.post("/ui/p/ops/jobs", form("slug", "backup", "name", "Nightly backup", "owner", "dba",
                "tags", "db, nightly", "cron", "0 2 * * *", "timezone", "Europe/London", "grace", "10m", "maxRuntime", "2h",
                "consecutiveFailures", "3", "failureWithoutSuccessFor", "2d", "description", "Dumps the database"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/ui/p/ops/jobs/backup");
        JsonNode job = job("backup");
        assertThat(job.get("name").asText()).isEqualTo("Nightly backup");
        assertThat(job.get("owner").asText()).isEqualTo("dba");
        assertThat(job.get("tags").toString()).isEqualTo("[\"db\",\"nightly\"]");
        assertThat(job.get("schedule").get("cron").asText()).isEqualTo("0 2 * * *");
        assertThat(job.get("schedule").get("timezone").asText()).isEqualTo("Europe/London");
        assertThat(job.get("grace").asText()).isEqualTo("10m");
        assertThat(job.get("maxRuntime").asText()).isEqualTo("2h");
        assertThat(job.get("healthPolicy").get("consecutiveFailures").asInt()).isEqualTo(3);
        assertThat(job.has("command")).isFalse();
        JsonNode audit = lastAudit("job.create");
        assertThat(audit.get("target").asText()).isEqualTo("ops/backup");
        assertThat(audit.get("actor").get("kind").asText()).isEqualTo("session");
        assertThat(audit.get("actor").get("name").asText()).isEqualTo("eddie");
    }

    @Test
    void an_invalid_cron_is_shown_at_its_field_with_what_was_typed_and_nothing_is_created() {
        HttpResponse<String> r = editor.post("/ui/p/ops/jobs", form("slug", "backup", "name", "Kept name", "cron", "61 * * * *"));

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("data-error=\"cron\"").contains("value=\"61 * * * *\"").contains("value=\"Kept name\"")
                .contains("id=\"f-cron\" name=\"cron\" value=\"61 * * * *\"");
        assertThat(r.body()).containsPattern("id=\"f-cron\"[^>]*aria-invalid=\"true\"");
        assertThat(server.get("/api/v1/jobs/ops/backup").status()).isEqualTo(404);
    }

    @Test
    void the_api_field_paths_of_errors_land_on_the_form_fields() {
        assertThat(editor.post("/ui/p/ops/jobs", form("slug", "Bad Slug")).body()).contains("data-error=\"slug\"");
        assertThat(editor.post("/ui/p/ops/jobs", form("slug", "a", "consecutiveFailures", "many")).body())
                .contains("data-error=\"consecutiveFailures\"").contains("must be a whole number");
        assertThat(editor.post("/ui/p/ops/jobs", form("slug", "a", "scheduleKind", "every", "every", "soon")).body())
                .contains("data-error=\"every\"");
        assertThat(editor.post("/ui/p/ops/jobs", form("slug", "a", "cron", "0 2 * * *", "timezone", "Mars/Olympus")).body())
                .contains("data-error=\"timezone\"");
        assertThat(editor.post("/ui/p/ops/jobs", form("slug", "a", "maxRuntime", "1m", "minRuntime", "5m")).body())
                .contains("data-error=\"minRuntime\"").contains("must be less than maxRuntime");
        assertThat(editor.post("/ui/p/ops/jobs", form("slug", "a", "mode", "managed", "command", "true", "env", "1X=y")).body())
                .contains("data-error=\"env\"");
        assertThat(editor.post("/ui/p/ops/jobs", form("slug", "a", "mode", "managed", "command", "true", "workdir", "tmp")).body())
                .contains("data-error=\"workdir\"").contains("must be an absolute path");
        assertThat(editor.post("/ui/p/ops/jobs", form("slug", "a", "mode", "managed")).body()).contains("data-error=\"command\"");
        assertThat(editor.post("/ui/p/ops/jobs", form("slug", "a", "dependsOn", "a")).body())
                .contains("data-error=\"dependsOn\"").contains("cannot depend on itself");
        assertThat(server.get("/api/v1/jobs?project=ops").json().get("jobs")).isEmpty();
    }

    @Test
    void a_managed_job_gets_its_command_environment_retries_and_policies() {
        HttpResponse<String> r = editor.post("/ui/p/ops/jobs", form("slug", "etl", "mode", "managed", "scheduleKind", "every",
                "every", "15m", "commandKind", "argv", "command", "python3\n-m\netl\n", "workdir", "/srv/etl", "env", "MODE=full\nLEVEL=2",
                "timeout", "10m", "retries", "3", "retryBackoff", "1m", "overlap", "skip", "catchUp", "none", "labels", "linux, big",
                "params", "DAY=today"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        JsonNode job = job("etl");
        assertThat(job.get("command").toString()).isEqualTo("[\"python3\",\"-m\",\"etl\"]");
        assertThat(job.get("schedule").get("every").asText()).isEqualTo("15m");
        assertThat(job.get("workdir").asText()).isEqualTo("/srv/etl");
        assertThat(job.get("env").get("MODE").asText()).isEqualTo("full");
        assertThat(job.get("retries").asInt()).isEqualTo(3);
        assertThat(job.get("overlap").asText()).isEqualTo("skip");
        assertThat(job.get("catchUp").asText()).isEqualTo("none");
        assertThat(job.get("labels").toString()).isEqualTo("[\"linux\",\"big\"]");
        assertThat(job.get("params").get("DAY").asText()).isEqualTo("today");
    }

    @Test
    void editing_shows_the_definition_and_saves_the_change_as_a_job_update() {
        assertThat(server.put("/api/v1/jobs/ops/backup", "{\"name\": \"Backup\", \"owner\": \"dba\", \"schedule\": {\"cron\": \"0 2 * * *\","
                + " \"timezone\": \"Europe/Paris\"}, \"command\": \"pg_dump app\", \"retries\": 2}").status()).isEqualTo(201);
        String uuid = job("backup").get("uuid").asText();

        HttpResponse<String> page = editor.get("/ui/p/ops/jobs/backup/edit");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"Backup\"").contains("value=\"0 2 * * *\"").contains("value=\"Europe/Paris\"")
                .contains(">pg_dump app</textarea>").contains("name=\"mode\" value=\"managed\" checked").contains("value=\"2\"");

        Map<String, String> f = form("name", "Backup", "owner", "", "scheduleKind", "every", "every", "6h", "mode", "managed",
                "command", "pg_dump app --clean", "retries", "2");
        HttpResponse<String> r = editor.post("/ui/p/ops/jobs/backup/edit", f);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/ui/p/ops/jobs/backup");
        JsonNode job = job("backup");
        assertThat(job.get("uuid").asText()).as("the same job").isEqualTo(uuid);
        assertThat(job.get("schedule").get("every").asText()).isEqualTo("6h");
        assertThat(job.path("owner").isMissingNode() || job.get("owner").isNull()).as("emptied").isTrue();
        assertThat(job.get("command").asText()).isEqualTo("pg_dump app --clean");
        JsonNode audit = lastAudit("job.update");
        assertThat(audit.get("actor").get("name").asText()).isEqualTo("eddie");
        assertThat(audit.get("before").get("owner").asText()).isEqualTo("dba");

        HttpResponse<String> watched = editor.post("/ui/p/ops/jobs/backup/edit", form("scheduleKind", "none", "command", "ignored"));
        assertThat(watched.statusCode()).isEqualTo(303);
        assertThat(job("backup").has("command")).as("a watched job has no command").isFalse();
        assertThat(job("backup").path("schedule").has("every")).as("no schedule").isFalse();
        assertThat(job("backup").path("schedule").has("cron")).as("no schedule").isFalse();
    }

    @Test
    void editing_a_job_with_an_http_target_keeps_the_target_the_form_does_not_edit() {
        assertThat(server.put("/api/v1/jobs/ops/hook", "{\"every\": \"1h\", \"http\": {\"method\": \"POST\", \"url\": \"https://example.com/run\"},"
                + " \"timeout\": \"30s\"}").status()).isEqualTo(201);
        String page = editor.get("/ui/p/ops/jobs/hook/edit").body();
        assertThat(page).contains("data-http-target").contains("POST https://example.com/run");

        HttpResponse<String> r = editor.post("/ui/p/ops/jobs/hook/edit", form("scheduleKind", "every", "every", "2h", "mode", "managed", "timeout", "1m"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        JsonNode job = job("hook");
        assertThat(job.get("http").get("url").asText()).isEqualTo("https://example.com/run");
        assertThat(job.get("timeout").asText()).isEqualTo("1m");
        assertThat(job.get("schedule").get("every").asText()).isEqualTo("2h");
    }

    @Test
    void delete_asks_first_and_deletes_only_with_the_confirmation() {
        assertThat(server.put("/api/v1/jobs/ops/old", "{\"every\": \"1h\"}").status()).isEqualTo(201);

        HttpResponse<String> confirm = editor.get("/ui/p/ops/jobs/old/delete");
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("Delete old?").contains("name=\"confirm\" value=\"old\"").contains("data-action=\"confirm-delete\"");

        HttpResponse<String> unconfirmed = editor.post("/ui/p/ops/jobs/old/delete", Map.of());
        assertThat(unconfirmed.statusCode()).isEqualTo(303);
        assertThat(unconfirmed.headers().firstValue("Location")).contains("/ui/p/ops/jobs/old/delete");
        assertThat(server.get("/api/v1/jobs/ops/old").status()).isEqualTo(200);

        HttpResponse<String> r = editor.post("/ui/p/ops/jobs/old/delete", Map.of("confirm", "old"));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/ui/p/ops");
        assertThat(server.get("/api/v1/jobs/ops/old").status()).isEqualTo(404);
        assertThat(editor.get("/ui/p/ops/jobs/old/delete").statusCode()).isEqualTo(404);
        assertThat(lastAudit("job.delete").get("actor").get("name").asText()).isEqualTo("eddie");
    }

    @Test
    void viewers_and_operators_see_no_forms_and_their_posts_are_refused() {
        assertThat(server.put("/api/v1/jobs/ops/backup", "{\"every\": \"1h\"}").status()).isEqualTo(201);
        assertThat(editor.get("/ui/p/ops").body()).contains("data-action=\"new-job\"");
        assertThat(editor.get("/ui/p/ops/jobs/backup").body()).contains("data-action=\"edit-job\"").contains("data-action=\"delete-job\"");
        for (String role : new String[] {"viewer", "operator"}) {
            UiClient ui = UiClient.loggedIn(server, key(role + "-key", role));
            assertThat(ui.get("/ui/p/ops").body()).as(role).doesNotContain("data-action=\"new-job\"");
            assertThat(ui.get("/ui/p/ops/jobs/backup").body()).as(role).doesNotContain("data-action=\"edit-job\"").doesNotContain("data-action=\"delete-job\"");
            assertThat(ui.get("/ui/p/ops/new-job").statusCode()).as(role).isEqualTo(403);
            assertThat(ui.get("/ui/p/ops/jobs/backup/edit").statusCode()).as(role).isEqualTo(403);
            assertThat(ui.post("/ui/p/ops/jobs", form("slug", "sneaky", "cron", "0 2 * * *")).statusCode()).as(role).isEqualTo(403);
            assertThat(ui.post("/ui/p/ops/jobs/backup/edit", form("scheduleKind", "none")).statusCode()).as(role).isEqualTo(403);
            assertThat(ui.post("/ui/p/ops/jobs/backup/delete", Map.of("confirm", "backup")).statusCode()).as(role).isEqualTo(403);
        }
        assertThat(server.get("/api/v1/jobs/ops/sneaky").status()).isEqualTo(404);
        assertThat(job("backup").get("schedule").get("every").asText()).isEqualTo("1h");
    }

    @Test
    void a_slug_already_taken_is_an_error_at_the_slug_not_a_replacement() {
        assertThat(server.put("/api/v1/jobs/ops/backup", "{\"name\": \"First\", \"every\": \"1h\"}").status()).isEqualTo(201);
        HttpResponse<String> r = editor.post("/ui/p/ops/jobs", form("slug", "backup", "name", "Second"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("data-error=\"slug\"").contains("already exists");
        assertThat(job("backup").get("name").asText()).isEqualTo("First");
    }

    @Test
    void the_schedule_preview_says_the_schedule_in_words_and_the_next_fire_times_or_the_error() {
        HttpResponse<String> ok = editor.get("/ui/p/ops/schedule-preview?scheduleKind=cron&cron=0+2+*+*+*&timezone=Europe/London");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("Europe/London").contains("datetime=\"2026-06-02T01:00:00Z\"");
        assertThat(ok.body().split("<li>")).hasSize(6);

        assertThat(editor.get("/ui/p/ops/schedule-preview?scheduleKind=cron&cron=61+*+*+*+*").body()).contains("data-error=\"cron\"");
        assertThat(editor.get("/ui/p/ops/schedule-preview?scheduleKind=cron&cron=0+2+*+*+*&timezone=Nowhere").body()).contains("data-error=\"timezone\"");
        assertThat(editor.get("/ui/p/ops/schedule-preview?scheduleKind=every&every=15m").body()).contains("every 15m").contains("data-schedule=\"every\"");
        assertThat(editor.get("/ui/p/ops/schedule-preview?scheduleKind=none").body()).contains("On demand only");
        for (String partial : new String[] {"*", "*/", "*/1", "*/15 *", "*/15 * * * * * *", "@", "@daily", "0 2 * * MON-"}) {
            HttpResponse<String> r = editor.get("/ui/p/ops/schedule-preview?scheduleKind=cron&timezone=UTC&cron="
                    + java.net.URLEncoder.encode(partial, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(partial + ": " + r.body()).isEqualTo(200);
        }
        assertThat(editor.get("/ui/p/ops/schedule-preview?scheduleKind=cron&timezone=UTC&cron=*/15+*+*+*+*").body()).contains("15");
        for (String zone : new String[] {"E", "Europe/", "Europe/P", "+", "UTC+", "GMT+1x", "/", "a b"}) {
            HttpResponse<String> r = editor.get("/ui/p/ops/schedule-preview?scheduleKind=cron&cron=0+2+*+*+*&timezone="
                    + java.net.URLEncoder.encode(zone, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(zone + ": " + r.body()).isEqualTo(200);
            assertThat(r.body()).as(zone).contains("data-error=\"timezone\"");
        }
    }
}

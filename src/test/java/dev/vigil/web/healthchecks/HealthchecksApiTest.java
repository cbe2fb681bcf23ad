package dev.vigil.web.healthchecks;

import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import dev.vigil.testing.TestServer.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Healthchecks' management API over a real server with a real HTTP client, held to the examples of
 * Healthchecks' documentation ({@code healthchecks/examples.json}) and to Vigil's keys and job rules.
 */
class HealthchecksApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
    static TestServer server;
    static JsonNode examples;
    static String editor;
    static String operator;
    static String viewer;
    static String betaEditor;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(clock);
        server.createProject("alpha");
        server.createProject("beta");
        editor = key("editor", "alpha");
        operator = key("operator", "alpha");
        viewer = key("viewer", "alpha");
        betaEditor = key("editor", "beta");
        try (InputStream in = HealthchecksApiTest.class.getResourceAsStream("/healthchecks/examples.json")) {
            examples = JSON.readTree(in);
        }
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    private static String key(String role, String project) {
        return createKey(server, TestServer.ADMIN_KEY, "hc-" + role + "-" + project, role, project).get("key").asText();
    }

    static Response call(String key, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)));
        if (key != null) b.header("X-Api-Key", key);
        return server.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode ok(Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        return r.json();
    }

    private static String uuidOf(JsonNode check) {
        return check.get("ping_url").asText().substring(check.get("ping_url").asText().lastIndexOf('/') + 1);
    }

    /** The documented answer with this server's addresses and the check's uuid, less Vigil's documented differences. */
    private static JsonNode documented(String example, String uuid) throws IOException {
        String text = examples.get(example).get("response").toString()
                .replace("SITE_ROOT", server.url("")).replace("PING_ENDPOINT", server.url("/ping/")).replace("{uuid}", uuid);
        ObjectNode expected = (ObjectNode) JSON.readTree(text);
        // docs/healthchecks.md: a ping never resumes a paused Vigil job, so every check is manual_resume.
        expected.put("manual_resume", true);
        return expected;
    }

    private static void assertDocumented(JsonNode actual, String example, String uuid) throws IOException {
        JsonNode expected = documented(example, uuid);
        expected.properties().forEach(e -> assertThat(actual.get(e.getKey())).as(example + ": " + e.getKey()).isEqualTo(e.getValue()));
    }

    private static JsonNode create(String key, String body) {
        return ok(call(key, "POST", "/api/v3/checks/", body), 201);
    }

    @Test
    void the_documented_lifecycle_create_update_pause_resume_delete_answers_as_documented() throws IOException {
        JsonNode ex = examples.get("create");
        JsonNode created = ok(call(editor, "POST", "/api/v3/checks/", ex.get("request").toString()), ex.get("status").asInt());
        String uuid = uuidOf(created);
        assertDocumented(created, "create", uuid);

        JsonNode updated = ok(call(editor, "POST", "/api/v3/checks/" + uuid, examples.get("update").get("request").toString()),
                examples.get("update").get("status").asInt());
        assertDocumented(updated, "update", uuid);

        assertDocumented(ok(call(operator, "POST", "/api/v3/checks/" + uuid + "/pause", ""), 200), "pause", uuid);
        assertDocumented(ok(call(operator, "POST", "/api/v3/checks/" + uuid + "/resume", ""), 200), "resume", uuid);
        JsonNode notPaused = examples.get("errors").get("notPaused");
        Response again = call(operator, "POST", "/api/v3/checks/" + uuid + "/resume", "");
        assertThat(again.status()).isEqualTo(notPaused.get("status").asInt());
        assertThat(again.json().get("error")).isEqualTo(notPaused.get("error"));

        assertDocumented(ok(call(editor, "DELETE", "/api/v3/checks/" + uuid, null), 200), "delete", uuid);
        assertThat(call(editor, "GET", "/api/v3/checks/" + uuid, null).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/jobs/alpha/backups").status()).isEqualTo(404);
    }

    @Test
    void a_created_check_is_a_real_vigil_job_that_pings_reach() {
        JsonNode created = create(editor, "{\"name\": \"Nightly DB\", \"tags\": \"db prod\", \"desc\": \"dump\", \"timeout\": 86400, \"grace\": 600}");
        String uuid = uuidOf(created);
        JsonNode job = ok(server.get("/api/v1/jobs/alpha/nightly-db"), 200);
        assertThat(job.get("uuid").asText()).isEqualTo(uuid);
        assertThat(job.get("schedule").get("every").asText()).isEqualTo("1d");
        assertThat(job.get("grace").asText()).isEqualTo("10m");
        assertThat(job.get("tags")).hasToString("[\"db\",\"prod\"]");
        assertThat(job.get("description").asText()).isEqualTo("dump");

        assertThat(server.ping("/ping/" + uuid + "/start?rid=r1", null).status()).isEqualTo(200);
        java.time.Instant started = clock.instant();
        clock.advance(Duration.ofSeconds(3));
        assertThat(server.ping("/ping/" + uuid + "?rid=r1", null).status()).isEqualTo(200);

        JsonNode check = ok(call(editor, "GET", "/api/v3/checks/" + uuid, null), 200);
        assertThat(check.get("status").asText()).isEqualTo("up");
        assertThat(check.get("n_pings").asInt()).isEqualTo(2);
        assertThat(check.get("last_ping").asText()).isEqualTo(CheckView.seconds(clock.instant()));
        // Vigil expects the next start one interval after this run's start (docs/healthchecks.md)
        assertThat(check.get("next_ping").asText()).isEqualTo(CheckView.seconds(started.plus(Duration.ofDays(1))));

        JsonNode pings = ok(call(editor, "GET", "/api/v3/checks/" + uuid + "/pings/", null), 200).get("pings");
        assertThat(pings).hasSize(2);
        List<String> types = new ArrayList<>();
        pings.forEach(p -> types.add(p.get("type").asText()));
        assertThat(types).containsExactlyElementsOf(iterable(examples.get("pings").get("types")));
        examples.get("pings").get("fields").forEach(f -> assertThat(pings.get(0).has(f.asText())).as(f.asText()).isTrue());
        assertThat(pings.get(0).get("duration").asDouble()).isEqualTo(3.0);
        assertThat(pings.get(0).get("rid").asText()).isEqualTo("r1");
        assertThat(pings.get(0).get("n").asLong()).isGreaterThan(pings.get(1).get("n").asLong());
    }

    @Test
    void flips_are_the_changes_between_up_and_down_newest_first_with_time_filters() {
        String uuid = uuidOf(create(editor, "{\"name\": \"flippy\", \"timeout\": 3600}"));
        server.ping("/ping/" + uuid + "/fail", null);
        clock.advance(Duration.ofMinutes(1));
        server.ping("/ping/" + uuid, null);
        JsonNode flips = ok(call(viewer, "GET", "/api/v3/checks/" + uuid + "/flips/", null), 200).get("flips");
        assertThat(flips).hasSize(2);
        examples.get("flips").get("fields").forEach(f -> assertThat(flips.get(0).has(f.asText())).isTrue());
        assertThat(flips.get(0).get("up").asInt()).isEqualTo(1);
        assertThat(flips.get(1).get("up").asInt()).isEqualTo(0);
        assertThat(flips.get(0).get("timestamp").asText()).isEqualTo(CheckView.seconds(clock.instant()));

        JsonNode recent = ok(call(viewer, "GET", "/api/v3/checks/" + uuid + "/flips/?seconds=30", null), 200).get("flips");
        assertThat(recent).hasSize(1);
        long now = clock.instant().getEpochSecond();
        assertThat(ok(call(viewer, "GET", "/api/v3/checks/" + uuid + "/flips/?end=" + now, null), 200).get("flips")).hasSize(1);
        assertThat(call(viewer, "GET", "/api/v3/checks/" + uuid + "/flips/?seconds=abc", null).status()).isEqualTo(400);
    }

    @Test
    void a_slug_with_underscores_is_accepted_as_healthchecks_does_and_kept_from_a_name() {
        JsonNode given = create(editor, "{\"name\": \"Given\", \"slug\": \"db_backup_given\"}");
        assertThat(given.get("slug").asText()).isEqualTo("db_backup_given");
        JsonNode named = create(editor, "{\"name\": \"_Nightly db_dump.sql_\"}");
        assertThat(named.get("slug").asText()).isEqualTo("nightly-db_dump-sql");
        assertThat(call(editor, "POST", "/api/v3/checks/", "{\"slug\": \"Bad_Slug\"}").status()).isEqualTo(400);
    }

    @Test
    void create_with_unique_returns_the_existing_check_with_200_and_updates_it() {
        JsonNode first = create(editor, "{\"name\": \"Upsert me\", \"timeout\": 3600, \"unique\": [\"name\"]}");
        JsonNode second = ok(call(editor, "POST", "/api/v3/checks/", "{\"name\": \"Upsert me\", \"timeout\": 7200, \"unique\": [\"name\"]}"), 200);
        assertThat(second.get("ping_url")).isEqualTo(first.get("ping_url"));
        assertThat(second.get("timeout").asInt()).isEqualTo(7200);
        assertThat(ok(call(editor, "GET", "/api/v3/checks/?slug=upsert-me", null), 200).get("checks")).hasSize(1);
        // without unique, a second check of the same slug cannot exist in Vigil: refused, not replaced
        Response dup = call(editor, "POST", "/api/v3/checks/", "{\"name\": \"Upsert me\"}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.json().get("error").asText()).contains("unique");
    }

    @Test
    void update_to_a_cron_schedule_goes_through_vigils_job_rules_and_audit() {
        String uuid = uuidOf(create(editor, "{\"name\": \"reports\", \"timeout\": 3600}"));
        JsonNode updated = ok(call(editor, "POST", "/api/v3/checks/" + uuid,
                "{\"schedule\": \"15 5 * * *\", \"tz\": \"Europe/Riga\", \"desc\": \"daily\"}"), 200);
        assertThat(updated.get("schedule").asText()).isEqualTo("15 5 * * *");
        assertThat(updated.get("tz").asText()).isEqualTo("Europe/Riga");
        assertThat(updated.has("timeout")).isFalse();
        JsonNode job = ok(server.get("/api/v1/jobs/alpha/reports"), 200);
        assertThat(job.get("schedule").get("cron").asText()).isEqualTo("15 5 * * *");
        assertThat(job.get("schedule").get("timezone").asText()).isEqualTo("Europe/Riga");
        JsonNode audit = ok(server.get("/api/v1/audit?target=alpha/reports&action=job.update"), 200).get("entries");
        assertThat(audit).isNotEmpty();
        assertThat(audit.get(0).get("actor").get("name").asText()).isEqualTo("hc-editor-alpha");

        Response bad = call(editor, "POST", "/api/v3/checks/" + uuid, "{\"schedule\": \"61 * * * *\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).startsWith("json validation error: schedule is not a valid cron");
        assertThat(call(editor, "POST", "/api/v3/checks/" + uuid, "{\"slug\": \"renamed\"}").status()).isEqualTo(400);
    }

    @Test
    void bad_input_gets_healthchecks_wording_and_changes_nothing() {
        examples.get("errors").properties().forEach(e -> {
            JsonNode ex = e.getValue();
            if (!ex.has("request")) return;
            Response r = call(editor, "POST", "/api/v3/checks/", ex.get("request").toString());
            assertThat(r.status()).as(e.getKey()).isEqualTo(ex.get("status").asInt());
            assertThat(r.json().get("error")).as(e.getKey()).isEqualTo(ex.get("error"));
        });
        assertThat(call(editor, "POST", "/api/v3/checks/", "{not json").json().get("error").asText()).isEqualTo("could not parse request body");
        assertThat(call(editor, "POST", "/api/v3/checks/", "{\"methods\": \"POST\"}").status()).isEqualTo(400);
        assertThat(call(editor, "POST", "/api/v3/checks/", "{\"success_kw\": \"OK\"}").status()).isEqualTo(400);
        assertThat(call(editor, "POST", "/api/v3/checks/", "{\"schedule\": \"Mon *-*-* 05:00\"}").status()).isEqualTo(400);
        assertThat(ok(call(editor, "GET", "/api/v3/checks/?tag=never-made", null), 200).get("checks")).isEmpty();
    }

    @Test
    void no_key_or_a_wrong_key_is_401_as_healthchecks_answers() {
        JsonNode missing = examples.get("errors").get("missingKey");
        Response none = call(null, "GET", "/api/v3/checks/", null);
        assertThat(none.status()).isEqualTo(missing.get("status").asInt());
        assertThat(none.json().get("error")).isEqualTo(missing.get("error"));
        JsonNode wrong = examples.get("errors").get("wrongKey");
        Response bad = call("vk_not_a_key_at_all_0000000000000000000", "POST", "/api/v1/checks/", "{}");
        assertThat(bad.status()).isEqualTo(wrong.get("status").asInt());
        assertThat(bad.json().get("error")).isEqualTo(wrong.get("error"));
        // Vigil's own API keeps its own key check and error shape under the same /api/v1 prefix
        Response vigil = call(null, "GET", "/api/v1/jobs", null);
        assertThat(vigil.status()).isEqualTo(401);
        assertThat(vigil.json().get("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void a_failed_key_check_on_a_check_path_is_audited_without_the_uuid() {
        String uuid = uuidOf(create(editor, "{\"name\": \"secret path\"}"));
        clock.advance(Duration.ofMinutes(2)); // one failed key check per address and minute is audited
        assertThat(call("vk_guessed_0000000000000000000000000000000", "GET", "/api/v3/checks/" + uuid, null).status()).isEqualTo(401);
        String entries = ok(server.get("/api/v1/audit?action=key.failed"), 200).get("entries").toString();
        assertThat(entries).doesNotContain(uuid).contains(dev.vigil.domain.Job.uniqueKey(java.util.UUID.fromString(uuid)));
    }

    @Test
    void a_read_only_key_sees_the_read_only_view_and_may_not_write() throws IOException {
        String uuid = uuidOf(create(editor, "{\"name\": \"watched\", \"schedule\": \"15 5 * * *\", \"tz\": \"UTC\"}"));
        JsonNode list = ok(call(viewer, "GET", "/api/v3/checks/?slug=watched", null), 200).get("checks");
        assertThat(list).hasSize(1);
        JsonNode check = list.get(0);
        examples.get("get").get("readonlyFields").forEach(f -> assertThat(check.has(f.asText())).as(f.asText()).isTrue());
        examples.get("get").get("readonlyOmits").forEach(f -> assertThat(check.has(f.asText())).as(f.asText()).isFalse());
        assertThat(check.toString()).doesNotContain(uuid);

        String uniqueKey = check.get("unique_key").asText();
        assertThat(ok(call(viewer, "GET", "/api/v3/checks/" + uniqueKey, null), 200)).isEqualTo(check);
        assertThat(ok(call(viewer, "GET", "/api/v3/checks/" + uniqueKey + "/flips/", null), 200).get("flips")).isEmpty();
        JsonNode full = ok(call(editor, "GET", "/api/v3/checks/" + uuid, null), 200);
        examples.get("get").get("fields").forEach(f -> assertThat(full.has(f.asText())).as(f.asText()).isTrue());

        for (String[] write : new String[][] {{"POST", "/api/v3/checks/", "{\"name\": \"sneaky\"}"},
                {"POST", "/api/v3/checks/" + uuid, "{\"name\": \"sneaky\"}"}, {"DELETE", "/api/v3/checks/" + uuid, null},
                {"POST", "/api/v3/checks/" + uuid + "/pause", ""}, {"POST", "/api/v3/checks/" + uuid + "/resume", ""},
                {"GET", "/api/v3/checks/" + uuid + "/pings/", null}, {"GET", "/api/v3/channels/", null}}) {
            Response r = call(viewer, write[0], write[1], write[2]);
            assertThat(r.status()).as(write[0] + " " + write[1]).isEqualTo(403);
            assertThat(r.json().get("error").asText()).isEqualTo("this API key is read-only");
        }
        // an operator pauses but does not define jobs, as in Vigil's own API
        assertThat(call(operator, "POST", "/api/v3/checks/" + uuid + "/pause", "").status()).isEqualTo(200);
        assertThat(call(operator, "POST", "/api/v3/checks/" + uuid, "{\"name\": \"x\"}").status()).isEqualTo(403);
        assertThat(ok(server.get("/api/v1/jobs/alpha/watched"), 200).get("name").asText()).isEqualTo("watched");
    }

    @Test
    void a_key_of_another_project_gets_403_for_a_check_and_sees_only_its_own_checks() {
        String uuid = uuidOf(create(editor, "{\"name\": \"alpha only\", \"timeout\": 600}"));
        Response r = call(betaEditor, "GET", "/api/v3/checks/" + uuid, null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(ok(call(betaEditor, "GET", "/api/v3/checks/", null), 200).toString()).doesNotContain("alpha only");
        assertThat(call(editor, "GET", "/api/v3/checks/00000000-0000-0000-0000-000000000000", null).status()).isEqualTo(404);
    }

    @Test
    void a_key_valid_in_every_project_lists_all_and_must_say_where_to_create() {
        Response ambiguous = call(TestServer.ADMIN_KEY, "POST", "/api/v3/checks/", "{\"name\": \"where\"}");
        assertThat(ambiguous.status()).isEqualTo(400);
        assertThat(ambiguous.json().get("error").asText()).contains("?project=").contains("alpha").contains("beta");
        ok(call(TestServer.ADMIN_KEY, "POST", "/api/v3/checks/?project=beta", "{\"name\": \"where\"}"), 201);
        ok(call(TestServer.ADMIN_KEY, "POST", "/api/v3/checks/", "{\"name\": \"there\", \"project\": \"alpha\"}"), 201);
        String all = ok(call(TestServer.ADMIN_KEY, "GET", "/api/v3/checks/", null), 200).toString();
        assertThat(all).contains("\"where\"").contains("\"there\"");
        assertThat(ok(call(TestServer.ADMIN_KEY, "GET", "/api/v3/checks/?project=alpha", null), 200).toString()).doesNotContain("\"where\"");
    }

    @Test
    void channels_list_vigils_channels_with_stable_uuids() {
        assertThat(server.post("/api/v1/projects/alpha/channels", "{\"kind\": \"log\", \"name\": \"ops-log\"}").status()).isEqualTo(201);
        JsonNode channels = ok(call(operator, "GET", "/api/v3/channels/", null), 200).get("channels");
        assertThat(channels).hasSize(1);
        examples.get("channels").get("fields").forEach(f -> assertThat(channels.get(0).has(f.asText())).isTrue());
        assertThat(channels.get(0).get("name").asText()).isEqualTo("ops-log");
        assertThat(channels.get(0).get("kind").asText()).isEqualTo("log");
        assertThat(channels.get(0).get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(ok(call(operator, "GET", "/api/v3/channels/", null), 200).get("channels")).isEqualTo(channels);
        // channels on a check are accepted and not used: Vigil routes alerts by its alert rules
        create(editor, "{\"name\": \"with channels\", \"channels\": \"*\"}");
    }

    @Test
    void v1_and_v2_answer_in_their_own_shape() {
        String uuid = uuidOf(create(editor, "{\"name\": \"versions\", \"timeout\": 3600}"));
        server.ping("/ping/" + uuid + "/start", null);
        JsonNode v1 = ok(call(editor, "GET", "/api/v1/checks/" + uuid, null), 200);
        JsonNode v2 = ok(call(editor, "GET", "/api/v2/checks/" + uuid, null), 200);
        assertThat(v1.get("status").asText()).isEqualTo("started");
        assertThat(v2.get("status").asText()).isEqualTo("new");
        assertThat(v2.get("started").asBoolean()).isTrue();
        assertThat(v1.get("update_url").asText()).isEqualTo(server.url("/api/v1/checks/" + uuid));
        assertThat(v2.get("pause_url").asText()).isEqualTo(server.url("/api/v2/checks/" + uuid + "/pause"));
    }

    @Test
    void the_key_may_come_in_the_body_and_tags_filter_together() {
        JsonNode created = ok(call(null, "POST", "/api/v3/checks/",
                "{\"api_key\": \"" + editor + "\", \"name\": \"body key\", \"tags\": \"red blue\"}"), 201);
        create(editor, "{\"name\": \"only red\", \"tags\": \"red\"}");
        JsonNode both = ok(call(viewer, "GET", "/api/v3/checks/?tag=red&tag=blue", null), 200).get("checks");
        assertThat(both).hasSize(1);
        assertThat(both.get(0).get("slug").asText()).isEqualTo(created.get("slug").asText());
        assertThat(ok(call(viewer, "GET", "/api/v3/checks/?tag=red", null), 200).get("checks")).hasSize(2);
    }

    private static List<String> iterable(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

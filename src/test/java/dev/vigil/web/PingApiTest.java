package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Healthchecks-compatible ping URLs (PING-PROTOCOL.md) against a real server. */
class PingApiTest {
    static final MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
    static TestServer server;
    static String pingKey;

    @BeforeAll
    static void start() {
        server = TestServer.start(clock);
        pingKey = server.createProject("prod").get("pingKey").asText();
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    private static JsonNode job(String slug) {
        var r = server.put("/api/v1/jobs/prod/" + slug, "{\"schedule\": {\"every\": \"1h\"}}");
        assertThat(r.status()).isIn(200, 201);
        return r.json();
    }

    private static JsonNode get(String slug) {
        return server.get("/api/v1/jobs/prod/" + slug).json();
    }

    private static List<JsonNode> runs(String slug) {
        var list = new java.util.ArrayList<JsonNode>();
        server.get("/api/v1/jobs/prod/" + slug + "/runs").json().get("runs").forEach(list::add);
        return list;
    }

    @Test
    void success_answers_ok_with_the_body_limit_header() {
        String uuid = job("plain").get("uuid").asText();
        var r = server.ping("/ping/" + uuid, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("OK");
        assertThat(r.header("Ping-Body-Limit")).isEqualTo("10000");
        assertThat(get("plain").get("status").asText()).isEqualTo("up");
    }

    @Test
    void start_then_success_pairs_into_one_run_with_a_duration() {
        String uuid = job("paired").get("uuid").asText();
        server.ping("/ping/" + uuid + "/start", null);
        assertThat(get("paired").get("status").asText()).isEqualTo("running");
        clock.advance(Duration.ofSeconds(42));
        server.ping("/ping/" + uuid, null);
        var runs = runs("paired");
        assertThat(runs).hasSize(1);
        assertThat(runs.getFirst().get("state").asText()).isEqualTo("succeeded");
        assertThat(runs.getFirst().get("durationMs").asLong()).isEqualTo(42_000);
    }

    @Test
    void rid_pairs_concurrent_runs_of_one_job() {
        String uuid = job("concurrent").get("uuid").asText();
        server.ping("/ping/" + uuid + "/start?rid=a", null);
        clock.advance(Duration.ofSeconds(1));
        server.ping("/ping/" + uuid + "/start?rid=b", null);
        clock.advance(Duration.ofSeconds(5));
        server.ping("/ping/" + uuid + "/fail?rid=a", null);
        assertThat(get("concurrent").get("status").asText()).isEqualTo("failed");
        clock.advance(Duration.ofSeconds(5));
        server.ping("/ping/" + uuid + "/0?rid=b", null);
        var runs = runs("concurrent");
        assertThat(runs).extracting(r -> r.get("rid").asText() + ":" + r.get("state").asText() + ":" + r.get("durationMs").asLong())
                .containsExactlyInAnyOrder("a:failed:6000", "b:succeeded:10000");
    }

    @Test
    void exit_status_suffix_maps_to_success_or_failure_and_above_255_is_400() {
        String uuid = job("exits").get("uuid").asText();
        assertThat(server.ping("/ping/" + uuid + "/0", null).status()).isEqualTo(200);
        assertThat(get("exits").get("status").asText()).isEqualTo("up");
        assertThat(server.ping("/ping/" + uuid + "/3", null).status()).isEqualTo(200);
        assertThat(get("exits").get("status").asText()).isEqualTo("failed");
        assertThat(runs("exits").getFirst().get("exitCode").asInt()).isEqualTo(3);
        var bad = server.ping("/ping/" + uuid + "/256", null);
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void log_records_a_message_without_changing_status() {
        String uuid = job("logged").get("uuid").asText();
        server.ping("/ping/" + uuid, null);
        assertThat(server.ping("/ping/" + uuid + "/log", "disk at 91%").status()).isEqualTo(200);
        assertThat(get("logged").get("status").asText()).isEqualTo("up");
        var events = server.get("/api/v1/jobs/prod/logged/events").json().get("events");
        assertThat(events.get(0).get("kind").asText()).isEqualTo("log");
        assertThat(events.get(0).get("message").asText()).isEqualTo("disk at 91%");
    }

    @Test
    void head_get_and_post_all_count_and_a_long_post_body_is_truncated_not_refused() {
        String uuid = job("methods").get("uuid").asText();
        var head = server.send(HttpRequest.newBuilder(URI.create(server.url("/ping/" + uuid + "/start")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.status()).isEqualTo(200);
        assertThat(get("methods").get("status").asText()).isEqualTo("running");
        var post = server.ping("/ping/" + uuid, "x".repeat(25_000));
        assertThat(post.status()).isEqualTo(200);
        long runId = runs("methods").getFirst().get("id").asLong();
        String output = server.get("/api/v1/runs/" + runId).json().get("output").asText();
        assertThat(output).hasSize(10_000);
    }

    @Test
    void unknown_uuid_is_404_with_a_clear_body() {
        var r = server.ping("/ping/0a6fbd31-7b69-4a0c-9c30-6f3cbbd5fa9e", null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("not found");
    }

    @Test
    void slug_urls_address_the_job_by_project_ping_key() {
        job("by-slug");
        assertThat(server.ping("/ping/" + pingKey + "/by-slug/start", null).status()).isEqualTo(200);
        assertThat(get("by-slug").get("status").asText()).isEqualTo("running");
        assertThat(server.ping("/ping/" + pingKey + "/no-such-job", null).status()).isEqualTo(404);
        assertThat(server.ping("/ping/wrongkey/by-slug", null).status()).isEqualTo(404);
    }

    @Test
    void create_1_creates_a_missing_job_with_201_then_answers_200() {
        var first = server.ping("/ping/" + pingKey + "/auto-made?create=1", null);
        assertThat(first.status()).isEqualTo(201);
        var job = get("auto-made");
        assertThat(job.get("status").asText()).isEqualTo("up");
        assertThat(job.get("schedule").get("every").asText()).isEqualTo("1d");
        assertThat(job.get("grace").asText()).isEqualTo("1h");
        assertThat(server.ping("/ping/" + pingKey + "/auto-made?create=1", null).status()).isEqualTo(200);
    }

    @Test
    void progress_extends_the_deadline_and_keeps_the_step_history() {
        server.put("/api/v1/jobs/prod/steps", "{\"maxRuntime\": \"10m\"}");
        String uuid = get("steps").get("uuid").asText();
        server.ping("/ping/" + uuid + "/start", null);
        clock.advance(Duration.ofMinutes(8));
        server.ping("/ping/" + uuid + "/progress?step=extract", null);
        assertThat(get("steps").get("nextDeadline").asText()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)).toString());
        server.ping("/ping/" + uuid + "/progress?step=load", null);
        var messages = server.get("/api/v1/jobs/prod/steps/events").json().get("events").findValuesAsText("message");
        assertThat(messages).containsSubsequence("load", "extract");
    }

    @Test
    void ttl_sets_the_next_deadline() {
        String uuid = job("ttl").get("uuid").asText();
        server.ping("/ping/" + uuid + "?ttl=90s", null);
        assertThat(get("ttl").get("nextDeadline").asText()).isEqualTo(clock.instant().plusSeconds(90).toString());
        assertThat(server.ping("/ping/" + uuid + "?ttl=soon", null).status()).isEqualTo(400);
    }

    @Test
    void malformed_pings_never_cause_a_server_error() {
        String uuid = job("fuzzed").get("uuid").asText();
        for (String path : List.of("/ping/", "/ping/x", "/ping/" + uuid + "/nope", "/ping/" + uuid + "/99999999999",
                "/ping/" + uuid + "/-1", "/ping/" + uuid + "/start/extra", "/ping/%00", "/ping/" + uuid + "?rid=",
                "/ping/" + uuid + "?ttl=-5m", "/ping/" + uuid + "?ttl=0s", "/ping/a/b/c/d", "/ping/" + uuid + "/progress?step=" + "s".repeat(300))) {
            var r = server.ping(path, null);
            assertThat(r.status()).as(path + " → " + r.body()).isBetween(400, 499);
        }
    }

    @Test
    void native_json_events_report_with_structured_data() {
        job("native");
        var r = server.post("/api/v1/jobs/prod/native/events",
                "{\"kind\": \"success\", \"message\": \"done\", \"data\": {\"rows\": 1234}}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("status").asText()).isEqualTo("up");
        JsonNode succeeded = null;
        for (JsonNode e : server.get("/api/v1/jobs/prod/native/events").json().get("events")) {
            if (e.get("kind").asText().equals("succeeded")) succeeded = e;
        }
        assertThat(succeeded).isNotNull();
        assertThat(succeeded.get("data").get("rows").asInt()).isEqualTo(1234);
        assertThat(succeeded.get("source").asText()).isEqualTo("api:admin (configured)");
        var bad = server.post("/api/v1/jobs/prod/native/events", "{\"kind\": \"exploded\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("kind");
    }

    @Test
    void create_1_with_an_invalid_slug_is_rejected_and_creates_nothing() {
        var r = server.ping("/ping/" + pingKey + "/Bad_Slug?create=1", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(server.get("/api/v1/jobs/prod/Bad_Slug").status()).isEqualTo(404);
    }

    @Test
    void create_1_accepts_a_slug_with_underscores_as_healthchecks_does() {
        var r = server.ping("/ping/" + pingKey + "/db_backup_nightly?create=1", null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(get("db_backup_nightly").get("status").asText()).isEqualTo("up");
        assertThat(server.ping("/ping/" + pingKey + "/db_backup_nightly/fail", null).status()).isEqualTo(200);
        assertThat(get("db_backup_nightly").get("status").asText()).isEqualTo("failed");
    }

    @Test
    void every_ping_answer_lets_a_browser_of_any_origin_read_it() {
        String uuid = job("from-a-browser").get("uuid").asText();
        var answers = List.of(server.ping("/ping/" + uuid, null), server.ping("/ping/" + uuid + "/start", "x"),
                server.ping("/ping/" + java.util.UUID.randomUUID(), null), // 404
                server.ping("/ping/" + uuid + "/256", null), // 400
                server.ping("/ping/" + uuid + "/a/b/c", null)); // no such route
        for (var r : answers) assertThat(r.header("Access-Control-Allow-Origin")).as(r.status() + " " + r.body()).isEqualTo("*");
        assertThat(answers.stream().map(TestServer.Response::status).toList()).containsExactly(200, 200, 404, 400, 404);
    }

    @Test
    void a_cors_preflight_is_not_answered_nor_recorded_as_healthchecks_does_not() {
        String uuid = job("preflight").get("uuid").asText();
        var r = server.send(HttpRequest.newBuilder(URI.create(server.url("/ping/" + uuid)))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://example.com").header("Access-Control-Request-Method", "POST"));
        assertThat(r.status()).isEqualTo(405);
        assertThat(runs("preflight")).isEmpty();
        assertThat(get("preflight").get("status").asText()).isEqualTo("new");
    }

    @Test
    void an_unknown_query_parameter_is_refused_naming_it_and_records_nothing() {
        String uuid = job("cronitor-habits").get("uuid").asText();
        var r = server.ping("/ping/" + uuid + "?state=fail", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("unknown parameter 'state'");
        var misspelt = server.ping("/ping/" + pingKey + "/cronitor-habits/start?rdi=abc", null);
        assertThat(misspelt.status()).isEqualTo(400);
        assertThat(misspelt.body()).contains("'rdi'");
        assertThat(misspelt.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(runs("cronitor-habits")).isEmpty();
        assertThat(get("cronitor-habits").get("status").asText()).isEqualTo("new");
    }

    @Test
    void every_parameter_clients_send_is_accepted_and_a_cache_buster_is_ignored() {
        job("known-params");
        var start = server.ping("/ping/" + pingKey + "/known-params/start?rid=r1&ttl=1h&create=1&_=1733550000000", null);
        assertThat(start.status()).as(start.body()).isEqualTo(200);
        assertThat(server.ping("/ping/" + pingKey + "/known-params/progress?step=extract&rid=r1", null).status()).isEqualTo(200);
        assertThat(server.ping("/ping/" + pingKey + "/known-params/0?rid=r1", null).status()).isEqualTo(200);
        assertThat(runs("known-params")).hasSize(1);
        assertThat(runs("known-params").getFirst().get("state").asText()).isEqualTo("succeeded");
    }

    @Test
    void native_events_validate_options_like_pings() {
        job("native-strict");
        var ttl = server.post("/api/v1/jobs/prod/native-strict/events", "{\"kind\": \"success\", \"ttl\": \"0s\"}");
        assertThat(ttl.status()).isEqualTo(400);
        assertThat(ttl.json().get("field").asText()).isEqualTo("ttl");
        var rid = server.post("/api/v1/jobs/prod/native-strict/events", "{\"kind\": \"start\", \"rid\": \"\"}");
        assertThat(rid.status()).isEqualTo(400);
        assertThat(rid.json().get("field").asText()).isEqualTo("rid");
    }

    @Test
    void a_job_pinging_faster_than_its_limit_gets_429_and_others_are_unaffected() {
        String flooding = job("flooding").get("uuid").asText();
        String calm = job("calm").get("uuid").asText();
        int accepted = 0;
        TestServer.Response limited = null;
        for (int i = 0; i < 250 && limited == null; i++) {
            var r = server.ping("/ping/" + flooding + "/log", "x");
            if (r.status() == 200) accepted++;
            else limited = r;
        }
        assertThat(accepted).isEqualTo(200); // a burst of twice the 100/s default, the clock standing still
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        assertThat(server.ping("/ping/" + calm, null).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(server.ping("/ping/" + flooding, null).status()).isEqualTo(200);
    }

    @Test
    void every_way_of_addressing_a_job_draws_on_its_one_budget() {
        String uuid = job("many-names").get("uuid").asText();
        String[] addresses = {"/ping/" + uuid, "/ping/" + uuid.toUpperCase(java.util.Locale.ROOT), "/ping/" + pingKey + "/many-names"};
        for (String a : addresses) assertThat(server.ping(a, null).status()).isEqualTo(200); // each address learned
        int accepted = 3;
        for (int i = 0; i < 300; i++) {
            if (server.ping(addresses[i % 3], null).status() == 200) accepted++;
        }
        // One job, one burst (twice the 100/s default; the clock standing still), however it is addressed.
        assertThat(accepted).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
    }
}

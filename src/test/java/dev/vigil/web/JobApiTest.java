package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The jobs API through a real server and a real HTTP client. */
class JobApiTest {
    static final MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(clock);
        server.createProject("prod");
        server.createProject("dev");
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    @Test
    void put_creates_then_replaces_and_get_returns_settings_and_state() {
        var created = server.put("/api/v1/jobs/prod/nightly", """
                {"name": "Nightly", "owner": "data-team", "tags": ["etl", "critical"],
                 "schedule": {"cron": "30 2 * * *", "timezone": "Europe/London"}, "grace": "15m", "maxRuntime": "2h"}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var job = created.json();
        assertThat(job.get("status").asText()).isEqualTo("new");
        assertThat(job.get("health").asText()).isEqualTo("healthy");
        assertThat(job.get("pingUrl").asText()).isEqualTo(server.url("/ping/" + job.get("uuid").asText()));
        assertThat(job.get("nextFireTimes").get(0).asText()).isEqualTo("2025-06-02T01:30:00Z");
        assertThat(job.get("nextDeadline").asText()).isEqualTo("2025-06-02T01:30:00Z");
        assertThat(job.get("scheduleText").asText()).contains("02:30").contains("Europe/London");

        var replaced = server.put("/api/v1/jobs/prod/nightly", "{\"schedule\": {\"every\": \"1h\"}}");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("uuid")).isEqualTo(job.get("uuid"));
        assertThat(replaced.json().get("schedule").get("every").asText()).isEqualTo("1h");
        assertThat(replaced.json().has("owner")).isFalse();

        var read = server.get("/api/v1/jobs/prod/nightly").json();
        assertThat(read.get("schedule").get("every").asText()).isEqualTo("1h");
        assertThat(read.get("effectiveGrace").asText()).isEqualTo("6m");
    }

    @Test
    void get_output_can_be_sent_back_with_put() {
        server.put("/api/v1/jobs/prod/roundtrip", "{\"schedule\": {\"cron\": \"*/5 * * * *\"}, \"owner\": \"me\"}");
        String body = server.get("/api/v1/jobs/prod/roundtrip").body();
        var again = server.put("/api/v1/jobs/prod/roundtrip", body);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("owner").asText()).isEqualTo("me");
    }

    @Test
    void patch_changes_only_the_given_fields() {
        server.put("/api/v1/jobs/prod/patched", "{\"owner\": \"alice\", \"schedule\": {\"every\": \"10m\"}, \"tags\": [\"a\"]}");
        var r = server.patch("/api/v1/jobs/prod/patched", "{\"owner\": \"bob\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("owner").asText()).isEqualTo("bob");
        assertThat(r.json().get("schedule").get("every").asText()).isEqualTo("10m");
        assertThat(r.json().get("tags").get(0).asText()).isEqualTo("a");
    }

    @Test
    void invalid_cron_names_the_field_and_why_and_changes_nothing() {
        var r = server.put("/api/v1/jobs/prod/broken", "{\"schedule\": {\"cron\": \"61 * * * *\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid");
        assertThat(r.json().get("field").asText()).isEqualTo("schedule.cron");
        assertThat(r.json().get("message").asText()).contains("minute").contains("61");
        assertThat(server.get("/api/v1/jobs/prod/broken").status()).isEqualTo(404);
    }

    @Test
    void other_bad_input_is_rejected_with_the_field() {
        assertError(server.put("/api/v1/jobs/prod/x", "{\"graec\": \"5m\"}"), "graec");
        assertError(server.put("/api/v1/jobs/prod/x", "{\"schedule\": {\"cron\": \"0 * * * *\", \"timezone\": \"Mars/Olympus\"}}"), "schedule.timezone");
        assertError(server.put("/api/v1/jobs/prod/x", "{\"grace\": \"5 minutes\"}"), "grace");
        assertError(server.put("/api/v1/jobs/prod/x", "{\"tags\": \"etl\"}"), "tags");
        assertError(server.put("/api/v1/jobs/prod/Bad_Slug", "{}"), "slug");
        assertError(server.put("/api/v1/jobs/prod/x", "{\"minRuntime\": \"2h\", \"maxRuntime\": \"1h\"}"), "minRuntime");
        assertError(server.put("/api/v1/jobs/prod/x", "{\"healthPolicy\": {\"consecutiveFailures\": 0}}"), "health.consecutiveFailures");
        assertThat(server.put("/api/v1/jobs/prod/x", "not json").status()).isEqualTo(400);
        assertThat(server.put("/api/v1/jobs/nope/x", "{}").status()).isEqualTo(404);
        assertThat(server.get("/api/v1/jobs/prod/x").status()).isEqualTo(404);
    }

    @Test
    void a_slug_may_hold_underscores_anywhere_as_healthchecks_allows_but_no_leading_or_trailing_dash() {
        for (String slug : new String[] {"db_backup", "_private", "nightly_"}) {
            var r = server.put("/api/v1/jobs/prod/" + slug, "{}");
            assertThat(r.status()).as(slug + ": " + r.body()).isEqualTo(201);
            assertThat(r.json().get("slug").asText()).isEqualTo(slug);
        }
        assertError(server.put("/api/v1/jobs/prod/-x", "{}"), "slug");
        assertError(server.put("/api/v1/jobs/prod/x-", "{}"), "slug");
        assertError(server.put("/api/v1/jobs/prod/" + "a".repeat(65), "{}"), "slug");
    }

    private static void assertError(TestServer.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo(field);
    }

    @Test
    void list_filters_by_project_tag_status_and_health() {
        server.put("/api/v1/jobs/dev/alpha", "{\"tags\": [\"blue\"]}");
        server.put("/api/v1/jobs/dev/beta", "{\"tags\": [\"green\"]}");
        server.post("/api/v1/jobs/dev/beta/pause", "");
        assertThat(slugs("/api/v1/jobs?project=dev")).containsExactly("alpha", "beta");
        assertThat(slugs("/api/v1/jobs?project=dev&tag=green")).containsExactly("beta");
        assertThat(slugs("/api/v1/jobs?project=dev&status=paused")).containsExactly("beta");
        assertThat(slugs("/api/v1/jobs?project=dev&health=unhealthy")).isEmpty();
        assertThat(server.get("/api/v1/jobs?status=purple").status()).isEqualTo(400);
    }

    private static java.util.List<String> slugs(String path) {
        var r = server.get(path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        var out = new java.util.ArrayList<String>();
        r.json().get("jobs").forEach(j -> out.add(j.get("slug").asText()));
        return out;
    }

    @Test
    void pause_and_resume_change_status_and_are_recorded_as_events_and_flips() {
        server.put("/api/v1/jobs/prod/pausable", "{\"schedule\": {\"every\": \"5m\"}}");
        var paused = server.post("/api/v1/jobs/prod/pausable/pause", "");
        assertThat(paused.json().get("status").asText()).isEqualTo("paused");
        assertThat(paused.json().has("nextDeadline")).isFalse();
        var resumed = server.post("/api/v1/jobs/prod/pausable/resume", "");
        assertThat(resumed.json().get("status").asText()).isEqualTo("new");
        var kinds = server.get("/api/v1/jobs/prod/pausable/events").json().get("events").findValuesAsText("kind");
        assertThat(kinds).contains("paused", "resumed", "created");
        var flips = server.get("/api/v1/jobs/prod/pausable/flips").json().get("flips");
        assertThat(flips.get(0).get("toStatus").asText()).isEqualTo("new");
        assertThat(flips.get(1).get("toStatus").asText()).isEqualTo("paused");
    }

    @Test
    void delete_removes_the_job_and_its_ping_url() {
        var job = server.put("/api/v1/jobs/prod/doomed", "{}").json();
        assertThat(server.delete("/api/v1/jobs/prod/doomed").status()).isEqualTo(204);
        assertThat(server.get("/api/v1/jobs/prod/doomed").status()).isEqualTo(404);
        assertThat(server.ping("/ping/" + job.get("uuid").asText(), null).status()).isEqualTo(404);
    }

    @Test
    void schedule_preview_lists_fire_times_with_local_offsets_across_a_dst_change() {
        var r = server.get("/api/v1/schedules/preview?cron=30%202%20*%20*%20*&timezone=America/New_York&from=2025-03-08T12:00:00Z&count=2");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        var times = r.json().get("fireTimes");
        assertThat(times.get(0).get("at").asText()).isEqualTo("2025-03-09T07:00:00Z");
        assertThat(times.get(0).get("local").asText()).isEqualTo("2025-03-09T03:00-04:00");
        assertThat(times.get(1).get("at").asText()).isEqualTo("2025-03-10T06:30:00Z");
        assertThat(server.get("/api/v1/schedules/preview?cron=bad").json().get("field").asText()).isEqualTo("cron");
    }

    @Test
    void duplicate_project_is_a_conflict() {
        var r = server.post("/api/v1/projects", "{\"slug\": \"prod\"}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("error").asText()).isEqualTo("conflict");
    }

    @Test
    void patch_with_a_lone_timezone_moves_the_cron_schedule_and_health_policy_under_health_applies() {
        server.put("/api/v1/jobs/prod/zoned", "{\"schedule\": {\"cron\": \"0 3 * * *\", \"timezone\": \"UTC\"}}");
        var moved = server.patch("/api/v1/jobs/prod/zoned", "{\"timezone\": \"Europe/Paris\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().get("schedule").get("timezone").asText()).isEqualTo("Europe/Paris");
        assertThat(moved.json().get("schedule").get("cron").asText()).isEqualTo("0 3 * * *");
        var cronOnly = server.patch("/api/v1/jobs/prod/zoned", "{\"cron\": \"0 4 * * *\"}");
        assertThat(cronOnly.json().get("schedule").get("timezone").asText()).isEqualTo("Europe/Paris");
        var policy = server.patch("/api/v1/jobs/prod/zoned", "{\"health\": {\"consecutiveFailures\": 5}}");
        assertThat(policy.json().get("healthPolicy").get("consecutiveFailures").asInt()).isEqualTo(5);
        server.put("/api/v1/jobs/prod/interval", "{\"schedule\": {\"every\": \"1h\"}}");
        var bad = server.patch("/api/v1/jobs/prod/interval", "{\"timezone\": \"Europe/Paris\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("timezone");
    }

    @Test
    void unknown_routes_and_methods_answer_in_the_json_error_shape() {
        var missing = server.get("/api/v1/nothing-here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asText()).isEqualTo("not_found");
        var method = server.delete("/api/v1/projects");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.json().get("error").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void managed_job_fields_round_trip_with_defaults() {
        var r = server.put("/api/v1/jobs/prod/etl", """
                {"schedule": {"cron": "0 * * * *"}, "command": ["/usr/bin/env", "python3", "etl.py"],
                 "workdir": "/srv/etl", "env": {"STAGE": "prod"}, "timeout": "30m", "retries": 2,
                 "labels": ["linux"], "after": ["extract"], "params": {"DAY": "today"}}""");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        var job = r.json();
        assertThat(job.get("command").get(2).asText()).isEqualTo("etl.py");
        assertThat(job.get("timeout").asText()).isEqualTo("30m");
        assertThat(job.get("retries").asInt()).isEqualTo(2);
        assertThat(job.get("retryBackoff").asText()).isEqualTo("30s");
        assertThat(job.get("overlap").asText()).isEqualTo("queue");
        assertThat(job.get("catchUp").asText()).isEqualTo("latest");
        assertThat(job.get("catchUpWindow").asText()).isEqualTo("1h");
        assertThat(job.get("params").get("DAY").asText()).isEqualTo("today");
        var again = server.get("/api/v1/jobs/prod/etl").json();
        assertThat(again.get("env").get("STAGE").asText()).isEqualTo("prod");
        var shell = server.patch("/api/v1/jobs/prod/etl", "{\"command\": \"echo hi && exit 0\", \"overlap\": \"skip\"}");
        assertThat(shell.json().get("command").asText()).isEqualTo("echo hi && exit 0");
        assertThat(shell.json().get("overlap").asText()).isEqualTo("skip");
        var http = server.put("/api/v1/jobs/prod/hook", "{\"http\": {\"method\": \"post\", \"url\": \"https://example.org/run\"}}");
        assertThat(http.json().get("http").get("method").asText()).isEqualTo("POST");
    }

    @Test
    void a_watched_job_accepts_managed_fields_that_say_none_as_generated_clients_send_them() {
        var watched = server.put("/api/v1/jobs/prod/generated", """
                {"every": "1h", "retries": 0, "labels": [], "after": [], "env": {}, "params": {},
                 "overlap": null, "catchUp": null, "timeout": null, "command": null, "http": null}""");
        assertThat(watched.status()).as(watched.body()).isEqualTo(201);
        assertThat(watched.json().has("retries")).as("still a watched job: no managed fields in the answer").isFalse();
        assertThat(watched.json().has("overlap")).isFalse();
        var patched = server.patch("/api/v1/jobs/prod/generated", "{\"retries\": 0, \"labels\": []}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    }

    @Test
    void a_watched_job_refuses_a_run_policy_even_the_default_one() {
        assertError(server.put("/api/v1/jobs/prod/w", "{\"overlap\": \"queue\"}"), "overlap");
        assertError(server.put("/api/v1/jobs/prod/w", "{\"catchUp\": \"latest\"}"), "catchUp");
        assertError(server.put("/api/v1/jobs/prod/w", "{\"retries\": 1}"), "retries");
        assertError(server.put("/api/v1/jobs/prod/w", "{\"retries\": \"0\"}"), "retries");
        assertError(server.put("/api/v1/jobs/prod/w", "{\"labels\": [\"linux\"]}"), "labels");
        assertError(server.put("/api/v1/jobs/prod/w", "{\"labels\": {}}"), "labels");
        assertError(server.put("/api/v1/jobs/prod/w", "{\"env\": {\"A\": \"1\"}}"), "env");
        assertError(server.put("/api/v1/jobs/prod/w", "{\"timeout\": \"1h\"}"), "timeout");
        assertThat(server.put("/api/v1/jobs/prod/w", "{\"overlap\": \"queue\"}").json().get("message").asText())
                .contains("applies only to managed jobs");
        assertThat(server.get("/api/v1/jobs/prod/w").status()).isEqualTo(404);
    }

    @Test
    void managed_job_settings_are_validated_with_the_field() {
        assertError(server.put("/api/v1/jobs/prod/m", "{\"retries\": 3}"), "retries");
        assertError(server.put("/api/v1/jobs/prod/m", "{\"command\": [], \"retries\": 1}"), "command");
        assertError(server.put("/api/v1/jobs/prod/m", "{\"command\": \"x\", \"http\": {\"url\": \"https://a.b\"}}"), "http");
        assertError(server.put("/api/v1/jobs/prod/m", "{\"command\": \"x\", \"retries\": 99}"), "retries");
        assertError(server.put("/api/v1/jobs/prod/m", "{\"command\": \"x\", \"overlap\": \"sometimes\"}"), "overlap");
        assertError(server.put("/api/v1/jobs/prod/m", "{\"command\": \"x\", \"env\": {\"1BAD\": \"v\"}}"), "env");
        assertError(server.put("/api/v1/jobs/prod/m", "{\"command\": \"x\", \"workdir\": \"relative\"}"), "workdir");
        assertError(server.put("/api/v1/jobs/prod/m", "{\"command\": \"x\", \"after\": [\"m\"]}"), "after");
        assertError(server.put("/api/v1/jobs/prod/m", "{\"http\": {\"url\": \"ftp://x\"}}"), "http.url");
    }
}

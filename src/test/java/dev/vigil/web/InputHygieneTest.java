package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a JSON body may hold (docs/api.md, "Errors"): valid UTF-8, each key once, no control characters
 * in names; otherwise a 400 in the JSON error shape, and nothing changes.
 */
class InputHygieneTest {
    static final MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(clock);
        server.createProject("prod");
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    private static void assertInvalid(TestServer.Response r, String field, String messagePart) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").asText()).isEqualTo("invalid");
        if (field == null) assertThat(r.json().has("field")).isFalse();
        else assertThat(r.json().get("field").asText()).isEqualTo(field);
        assertThat(r.json().get("message").asText()).contains(messagePart);
    }

    // JSON escapes: \u0000 is NUL, \u001b is ESC, \u007f DEL, \u0085 NEL (a C1 control).
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/v1/jobs/prod/ctl-name  | {\"name\": \"nightly\\u0000\"}                    | name",
        "/api/v1/jobs/prod/ctl-name  | {\"name\": \"\\u001b[31mred\"}                    | name",
        "/api/v1/jobs/prod/ctl-name  | {\"owner\": \"ops\\nteam\"}                       | owner",
        "/api/v1/jobs/prod/ctl-name  | {\"name\": \"a\\u007fb\"}                         | name",
        "/api/v1/jobs/prod/ctl-name  | {\"name\": \"a\\u0085b\"}                         | name",
        "/api/v1/jobs/prod/ctl-name  | {\"description\": \"line\\u0000\"}                | description",
        "/api/v1/jobs/prod/ctl-name  | {\"schedule\": {\"cron\": \"0 0 * * *\", \"timezone\": \"UTC\\u0000\"}} | schedule.timezone",
    })
    void control_characters_in_job_names_are_refused(String path, String json, String field) {
        assertInvalid(server.put(path, json), field, "control character");
        assertThat(server.get(path).status()).isEqualTo(404);
    }

    @Test
    void control_characters_are_refused_in_project_key_and_channel_names() {
        assertInvalid(server.post("/api/v1/projects", "{\"slug\": \"ctl\", \"name\": \"Ctl\\u001b\"}"), "name", "control character");
        assertThat(server.get("/api/v1/projects/ctl").status()).isEqualTo(404);
        assertInvalid(server.post("/api/v1/keys", "{\"name\": \"ci\\u0000\", \"role\": \"viewer\"}"), "name", "control character");
        assertInvalid(server.post("/api/v1/projects/prod/channels", "{\"kind\": \"log\", \"name\": \"ops\\u0007\"}"),
                "name", "control character");
    }

    @Test
    void a_lone_surrogate_is_not_text() {
        assertInvalid(server.put("/api/v1/jobs/prod/surrogate", "{\"name\": \"a\\ud800b\"}"), "name", "Unicode");
    }

    @Test
    void descriptions_and_comments_may_span_lines_and_hold_tabs() {
        var r = server.put("/api/v1/jobs/prod/multi-line", "{\"description\": \"first\\n\\tsecond\\r\\nthird\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("description").asText()).isEqualTo("first\n\tsecond\r\nthird");
    }

    @Test
    void a_slug_with_a_control_character_is_refused() {
        var r = server.put("/api/v1/jobs/prod/a%1Bb", "{}");
        assertInvalid(r, "slug", "lower-case letters");
    }

    @Test
    void control_characters_in_ping_rid_and_step_are_refused() {
        String uuid = server.put("/api/v1/jobs/prod/ping-ctl", "{\"every\": \"1h\"}").json().get("uuid").asText();
        var rid = server.ping("/ping/" + uuid + "/start?rid=a%1Bb", null);
        assertThat(rid.status()).isEqualTo(400);
        assertThat(rid.body()).isEqualTo("rid: must not contain control characters (found U+001B)");
        var step = server.ping("/ping/" + uuid + "/progress?step=x%00y", null);
        assertThat(step.status()).isEqualTo(400);
        assertThat(step.body()).isEqualTo("step: must not contain control characters (found U+0000)");
        assertThat(server.get("/api/v1/jobs/prod/ping-ctl").json().get("status").asText()).isEqualTo("new");
    }

    @Test
    void a_nul_in_an_event_message_is_refused_and_in_a_ping_body_replaced() {
        String uuid = server.put("/api/v1/jobs/prod/nul", "{\"every\": \"1h\"}").json().get("uuid").asText();
        assertInvalid(server.post("/api/v1/jobs/prod/nul/events", "{\"kind\": \"log\", \"message\": \"a\\u0000b\"}"),
                "message", "NUL");
        var colours = server.post("/api/v1/jobs/prod/nul/events", "{\"kind\": \"log\", \"message\": \"\\u001b[31mred\\u001b[0m\"}");
        assertThat(colours.status()).as(colours.body()).isEqualTo(202);

        // A ping is never refused for its body: NUL, which PostgreSQL cannot store, is kept as U+FFFD.
        assertThat(server.ping("/ping/" + uuid, "out\u0000put").status()).isEqualTo(200);
        long run = server.get("/api/v1/jobs/prod/nul/runs").json().get("runs").get(0).get("id").asLong();
        assertThat(server.get("/api/v1/runs/" + run).json().get("output").asText()).isEqualTo("out\ufffdput");
    }

    @Test
    void duplicate_keys_are_refused_naming_the_key() {
        assertInvalid(server.put("/api/v1/jobs/prod/dup", "{\"name\": \"a\", \"name\": \"b\"}"), "name", "more than once");
        assertInvalid(server.put("/api/v1/jobs/prod/dup", "{\"schedule\": {\"every\": \"1h\", \"every\": \"1m\"}}"),
                "schedule.every", "more than once");
        assertThat(server.get("/api/v1/jobs/prod/dup").status()).isEqualTo(404);
    }

    @Test
    void a_body_that_is_not_valid_utf8_is_refused_not_repaired() {
        byte[] latin1 = "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        var r = server.send(server.authed("/api/v1/jobs/prod/latin1").PUT(HttpRequest.BodyPublishers.ofByteArray(latin1)));
        assertInvalid(r, null, "UTF-8");
        assertThat(server.get("/api/v1/jobs/prod/latin1").status()).isEqualTo(404);

        byte[] utf8 = "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        var ok = server.send(server.authed("/api/v1/jobs/prod/latin1").PUT(HttpRequest.BodyPublishers.ofByteArray(utf8)));
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.json().get("name").asText()).isEqualTo("caf\u00e9");
    }

    @Test
    void an_empty_timezone_is_refused_rather_than_read_as_utc() {
        assertInvalid(server.put("/api/v1/jobs/prod/no-zone", "{\"schedule\": {\"cron\": \"0 0 * * *\", \"timezone\": \"\"}}"),
                "schedule.timezone", "empty");
        assertInvalid(server.put("/api/v1/jobs/prod/no-zone", "{\"cron\": \"0 0 * * *\", \"timezone\": \" \"}"),
                "timezone", "empty");
        assertInvalid(server.get("/api/v1/schedules/preview?cron=0%200%20*%20*%20*&timezone="), "timezone", "empty");
        assertThat(server.get("/api/v1/jobs/prod/no-zone").status()).isEqualTo(404);
    }
}

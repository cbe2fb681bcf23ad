package dev.vigil.web;

import static dev.vigil.web.KeyApiTest.call;
import static dev.vigil.web.KeyApiTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import dev.vigil.testing.TestServer.Response;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Silences and maintenance windows through a real server: create, list, expire, delete, validation, roles. */
class SuppressionApiTest {
    static final MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
    static TestServer server;
    static String viewer;
    static String operator;
    static String otherOperator;

    @BeforeAll
    static void start() {
        server = TestServer.start(clock);
        server.createProject("prod");
        server.createProject("other");
        assertThat(server.put("/api/v1/jobs/prod/backup", "{\"every\": \"1h\"}").status()).isEqualTo(201);
        viewer = createKey(server, TestServer.ADMIN_KEY, "prod-viewer", "viewer", "prod").get("key").asText();
        operator = createKey(server, TestServer.ADMIN_KEY, "alice", "operator", "prod").get("key").asText();
        otherOperator = createKey(server, TestServer.ADMIN_KEY, "other-operator", "operator", "other").get("key").asText();
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    private static void assertInvalid(Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().path("field").asText()).as(r.body()).isEqualTo(field);
    }

    private static Response silence(String body) {
        return server.post("/api/v1/projects/prod/silences", body);
    }

    private static Response window(String body) {
        return server.post("/api/v1/projects/prod/maintenance-windows", body);
    }

    @Test
    void a_silence_is_created_by_the_keys_name_listed_and_expired() {
        Response created = call(server, operator, "POST", "/api/v1/projects/prod/silences",
                "{\"job\": \"backup\", \"endsAt\": \"2025-06-01T12:00:00Z\", \"comment\": \"restoring the database\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode s = created.json();
        assertThat(s.get("job").asText()).isEqualTo("backup");
        assertThat(s.has("tag")).isFalse();
        assertThat(s.get("startsAt").asText()).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(s.get("endsAt").asText()).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(s.get("active").asBoolean()).isTrue();
        assertThat(s.get("createdBy").asText()).isEqualTo("alice");
        long id = s.get("id").asLong();
        assertThat(server.get("/api/v1/projects/prod/silences").json().get("silences"))
                .anySatisfy(l -> assertThat(l.get("id").asLong()).isEqualTo(id));

        Response expired = server.post("/api/v1/projects/prod/silences/" + id + "/expire", "");
        assertThat(expired.status()).as(expired.body()).isEqualTo(200);
        assertThat(expired.json().get("endsAt").asText()).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(expired.json().get("active").asBoolean()).isFalse();
        assertThat(server.get("/api/v1/projects/prod/silences").json().get("silences"))
                .noneSatisfy(l -> assertThat(l.get("id").asLong()).isEqualTo(id));
        assertThat(server.get("/api/v1/projects/prod/silences?all=true").json().get("silences"))
                .anySatisfy(l -> assertThat(l.get("id").asLong()).isEqualTo(id));
    }

    @Test
    void a_future_silence_by_tag_with_a_duration() {
        Response r = silence("{\"tag\": \"db\", \"startsAt\": \"2025-06-02T00:00:00Z\", \"duration\": \"2h\", \"comment\": \"upgrade\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("tag").asText()).isEqualTo("db");
        assertThat(r.json().get("endsAt").asText()).isEqualTo("2025-06-02T02:00:00Z");
        assertThat(r.json().get("active").asBoolean()).isFalse();
        assertThat(r.json().get("createdBy").asText()).isEqualTo("admin (configured)");
    }

    @Test
    void each_silence_error_names_the_field() {
        assertInvalid(silence("{\"job\": \"nope\", \"duration\": \"1h\", \"comment\": \"c\"}"), "job");
        assertInvalid(silence("{\"job\": \"backup\", \"tag\": \"db\", \"duration\": \"1h\", \"comment\": \"c\"}"), "tag");
        assertInvalid(silence("{\"comment\": \"c\"}"), "endsAt");
        assertInvalid(silence("{\"endsAt\": \"2025-06-01T11:00:00Z\", \"duration\": \"1h\", \"comment\": \"c\"}"), "duration");
        assertInvalid(silence("{\"startsAt\": \"2025-06-01T12:00:00Z\", \"endsAt\": \"2025-06-01T11:00:00Z\", \"comment\": \"c\"}"), "endsAt");
        assertInvalid(silence("{\"startsAt\": \"2025-05-01T00:00:00Z\", \"endsAt\": \"2025-05-02T00:00:00Z\", \"comment\": \"c\"}"), "endsAt");
        assertInvalid(silence("{\"endsAt\": \"2026-06-02T10:00:00Z\", \"comment\": \"c\"}"), "endsAt");
        assertInvalid(silence("{\"endsAt\": \"tomorrow\", \"comment\": \"c\"}"), "endsAt");
        assertInvalid(silence("{\"startsAt\": \"now\", \"duration\": \"1h\", \"comment\": \"c\"}"), "startsAt");
        assertInvalid(silence("{\"duration\": \"0s\", \"comment\": \"c\"}"), "duration");
        assertInvalid(silence("{\"duration\": \"1h\"}"), "comment");
        assertInvalid(silence("{\"duration\": \"1h\", \"comment\": \"" + "x".repeat(1001) + "\"}"), "comment");
        assertInvalid(silence("{\"duration\": \"1h\", \"comment\": \"c\", \"until\": 1}"), "until");
        assertInvalid(server.get("/api/v1/projects/prod/silences?all=yes"), "all");
    }

    @Test
    void another_projects_silence_is_not_found() {
        Response other = call(server, otherOperator, "POST", "/api/v1/projects/other/silences",
                "{\"duration\": \"1h\", \"comment\": \"theirs\"}");
        assertThat(other.status()).as(other.body()).isEqualTo(201);

        assertThat(server.post("/api/v1/projects/prod/silences/" + other.json().get("id").asLong() + "/expire", "").status())
                .isEqualTo(404);
        assertThat(server.post("/api/v1/projects/prod/silences/999999/expire", "").status()).isEqualTo(404);
        assertThat(call(server, otherOperator, "POST", "/api/v1/projects/other/silences/" + other.json().get("id").asLong()
                + "/expire", "").status()).isEqualTo(200);
    }

    @Test
    void a_window_shows_when_it_is_in_force_and_starts_next() {
        Response created = window("""
                {"name": "morning patch", "tag": "db", "cron": "0 9 * * *", "duration": "PT2H",
                 "timezone": "Europe/London", "comment": "OS updates"}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode w = created.json();
        // 09:00 in London in June is 08:00Z; that occurrence ends at 10:00Z, which is now: not in force.
        assertThat(w.has("activeUntil")).isFalse();
        assertThat(w.get("nextStart").asText()).isEqualTo("2025-06-02T08:00:00Z");
        assertThat(w.get("duration").asText()).isEqualTo("2h");
        assertThat(w.get("timezone").asText()).isEqualTo("Europe/London");
        assertThat(w.get("createdBy").asText()).isEqualTo("admin (configured)");

        clock.set(java.time.Instant.parse("2025-06-02T09:30:00Z"));
        try {
            JsonNode listed = server.get("/api/v1/projects/prod/maintenance-windows").json().get("maintenanceWindows").get(0);
            assertThat(listed.get("activeUntil").asText()).isEqualTo("2025-06-02T10:00:00Z");
            assertThat(listed.get("nextStart").asText()).isEqualTo("2025-06-03T08:00:00Z");
        } finally {
            clock.set(java.time.Instant.parse("2025-06-01T10:00:00Z"));
        }

        long id = w.get("id").asLong();
        assertThat(window("{\"name\": \"morning patch\", \"cron\": \"0 1 * * *\", \"duration\": \"1h\", \"comment\": \"c\"}").status())
                .isEqualTo(409);
        assertThat(call(server, otherOperator, "DELETE", "/api/v1/projects/other/maintenance-windows/" + id, null).status()).isEqualTo(404);
        assertThat(server.delete("/api/v1/projects/prod/maintenance-windows/" + id).status()).isEqualTo(204);
        assertThat(server.delete("/api/v1/projects/prod/maintenance-windows/" + id).status()).isEqualTo(404);
    }

    @Test
    void each_window_error_names_the_field() {
        String ok = "\"name\": \"w\", \"cron\": \"0 2 * * 0\", \"duration\": \"1h\", \"comment\": \"c\"";
        assertInvalid(window("{" + ok.replace("\"name\": \"w\", ", "") + "}"), "name");
        assertInvalid(window("{" + ok.replace("0 2 * * 0", "0 25 * * 0") + "}"), "cron");
        assertInvalid(window("{" + ok.replace("0 2 * * 0", "0 0 2 * * 0") + "}"), "cron");
        assertInvalid(window("{" + ok.replace("\"cron\": \"0 2 * * 0\", ", "") + "}"), "cron");
        assertInvalid(window("{" + ok + ", \"timezone\": \"Mars/Olympus\"}"), "timezone");
        assertInvalid(window("{" + ok.replace("1h", "8d") + "}"), "duration");
        assertInvalid(window("{" + ok.replace("1h", "0s") + "}"), "duration");
        assertInvalid(window("{" + ok.replace("\"comment\": \"c\"", "\"comment\": \" \"") + "}"), "comment");
        assertInvalid(window("{" + ok + ", \"job\": \"nope\"}"), "job");
        assertInvalid(window("{" + ok + ", \"job\": \"backup\", \"tag\": \"db\"}"), "tag");
    }

    @Test
    void viewers_read_operators_change_and_other_projects_keys_are_refused() {
        String body = "{\"duration\": \"1h\", \"comment\": \"c\"}";
        assertThat(call(server, viewer, "GET", "/api/v1/projects/prod/silences", null).status()).isEqualTo(200);
        assertThat(call(server, viewer, "GET", "/api/v1/projects/prod/maintenance-windows", null).status()).isEqualTo(200);
        assertThat(call(server, viewer, "POST", "/api/v1/projects/prod/silences", body).status()).isEqualTo(403);
        assertThat(call(server, viewer, "POST", "/api/v1/projects/prod/silences/1/expire", "").status()).isEqualTo(403);
        assertThat(call(server, viewer, "POST", "/api/v1/projects/prod/maintenance-windows", body).status()).isEqualTo(403);
        assertThat(call(server, viewer, "DELETE", "/api/v1/projects/prod/maintenance-windows/1", null).status()).isEqualTo(403);
        assertThat(call(server, otherOperator, "GET", "/api/v1/projects/prod/silences", null).status()).isEqualTo(403);
        assertThat(call(server, otherOperator, "POST", "/api/v1/projects/prod/silences", body).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/projects/nope/silences").status()).isEqualTo(404);
        assertThat(server.get("/api/v1/projects/nope/maintenance-windows").status()).isEqualTo(404);
    }
}

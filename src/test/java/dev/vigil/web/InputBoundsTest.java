package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every duration and instant a client sends is bounded (docs/security.md, "Limits"): out of bounds is
 * a 400 naming the field, never an overflow (500) and never a setting that switches monitoring off.
 */
class InputBoundsTest {
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

    private static String uuid(String slug) {
        var r = server.put("/api/v1/jobs/prod/" + slug, "{\"schedule\": {\"every\": \"1h\"}}");
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return r.json().get("uuid").asText();
    }

    private static JsonNode job(String slug) {
        return server.get("/api/v1/jobs/prod/" + slug).json();
    }

    private static void assertInvalid(TestServer.Response r, String field, String messagePart) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid");
        assertThat(r.json().get("field").asText()).isEqualTo(field);
        assertThat(r.json().get("message").asText()).contains(messagePart);
    }

    @Test
    void a_ping_ttl_that_would_overflow_is_a_400_naming_ttl_without_any_key() {
        String uuid = uuid("ttl-overflow");
        var r = server.ping("/ping/" + uuid + "?ttl=106751991167d", null);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).startsWith("ttl: ").contains("at most 366d");
    }

    @Test
    void a_ping_ttl_cannot_push_the_deadline_past_366_days() {
        String uuid = uuid("ttl-far");
        String deadline = job("ttl-far").get("nextDeadline").asText();
        var r = server.ping("/ping/" + uuid + "?ttl=999999999d", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("ttl: must be at most 366d");
        assertThat(job("ttl-far").get("nextDeadline").asText()).isEqualTo(deadline);

        assertThat(server.ping("/ping/" + uuid + "?ttl=366d", null).status()).isEqualTo(200);
        assertThat(job("ttl-far").get("nextDeadline").asText()).isEqualTo(clock.instant().plus(Duration.ofDays(366)).toString());
    }

    @Test
    void a_ping_ttl_below_one_second_is_refused() {
        String uuid = uuid("ttl-short");
        var r = server.ping("/ping/" + uuid + "?ttl=500ms", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("ttl: must be at least 1s");
    }

    @Test
    void a_huge_ttl_on_the_events_endpoint_is_a_400_naming_ttl() {
        uuid("native-ttl");
        assertInvalid(server.post("/api/v1/jobs/prod/native-ttl/events", "{\"kind\": \"start\", \"ttl\": \"106751991167d\"}"),
                "ttl", "at most 366d");
        assertInvalid(server.post("/api/v1/jobs/prod/native-ttl/events", "{\"kind\": \"start\", \"ttl\": \"P9999999999D\"}"),
                "ttl", "at most 366d");
    }

    @Test
    void an_every_that_would_overflow_is_a_400_naming_the_field() {
        assertInvalid(server.put("/api/v1/jobs/prod/every-overflow", "{\"schedule\": {\"every\": \"9223372036854775s\"}}"),
                "schedule.every", "at most 366d");
        assertInvalid(server.put("/api/v1/jobs/prod/every-overflow", "{\"every\": \"9223372036854775807ms\"}"),
                "every", "at most 366d");
        assertThat(server.get("/api/v1/jobs/prod/every-overflow").status()).isEqualTo(404);
    }

    @Test
    void every_below_one_second_is_refused_for_managed_and_watched_jobs() {
        assertInvalid(server.put("/api/v1/jobs/prod/fast-managed", "{\"command\": \"true\", \"schedule\": {\"every\": \"1ms\"}}"),
                "schedule.every", "at least 1s");
        assertInvalid(server.put("/api/v1/jobs/prod/fast-watched", "{\"every\": \"999ms\"}"), "every", "at least 1s");
        assertThat(server.get("/api/v1/jobs/prod/fast-managed").status()).isEqualTo(404);

        var ok = server.put("/api/v1/jobs/prod/fast-managed", "{\"command\": \"true\", \"schedule\": {\"every\": \"1s\"}}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    }

    @Test
    void other_job_durations_are_bounded_and_name_their_field() {
        assertInvalid(server.put("/api/v1/jobs/prod/durations", "{\"grace\": \"367d\"}"), "grace", "at most 366d");
        assertInvalid(server.put("/api/v1/jobs/prod/durations", "{\"maxRuntime\": \"9223372036854775807s\"}"),
                "maxRuntime", "at most 366d");
        assertInvalid(server.put("/api/v1/jobs/prod/durations", "{\"command\": \"true\", \"timeout\": \"10ms\"}"),
                "timeout", "at least 1s");
        assertInvalid(server.put("/api/v1/jobs/prod/durations", "{\"command\": \"true\", \"retries\": 3, \"retryBackoff\": \"1ms\"}"),
                "retryBackoff", "at least 1s");
        assertInvalid(server.put("/api/v1/jobs/prod/durations", "{\"health\": {\"failureWithoutSuccessFor\": \"P100000D\"}}"),
                "health.failureWithoutSuccessFor", "at most 366d");
    }

    @Test
    void a_cron_that_can_never_fire_is_refused() {
        assertInvalid(server.put("/api/v1/jobs/prod/never", "{\"schedule\": {\"cron\": \"0 0 30 2 *\"}}"),
                "schedule.cron", "never fires");
        assertInvalid(server.put("/api/v1/jobs/prod/never", "{\"cron\": \"0 0 31 4,6,9,11 *\"}"), "cron", "never fires");
        assertThat(server.get("/api/v1/jobs/prod/never").status()).isEqualTo(404);
        assertInvalid(server.get("/api/v1/schedules/preview?cron=0%200%2030%202%20*"), "cron", "never fires");

        var leap = server.put("/api/v1/jobs/prod/leap-day", "{\"schedule\": {\"cron\": \"0 0 29 2 *\"}}");
        assertThat(leap.status()).as(leap.body()).isEqualTo(201);
        assertThat(leap.json().get("nextDeadline").asText()).startsWith("2028-02-29");
    }

    @Test
    void a_far_future_preview_from_is_a_400_naming_from() {
        assertInvalid(server.get("/api/v1/schedules/preview?every=1h&from=%2B1000000000-12-31T23:59:59Z"), "from", "9999");
        assertInvalid(server.get("/api/v1/schedules/preview?cron=0%20*%20*%20*%20*&from=%2B999999999-01-01T00:00:00Z"),
                "from", "9999");
        assertInvalid(server.get("/api/v1/schedules/preview?every=1h&from=-0001-01-01T00:00:00Z"), "from", "1970");

        var last = server.get("/api/v1/schedules/preview?every=1h&from=9999-12-31T22:00:00Z&count=3");
        assertThat(last.status()).as(last.body()).isEqualTo(200);
        assertThat(last.json().get("fireTimes")).hasSize(3);
    }

    @Test
    void silence_instants_are_bounded() {
        uuid("quiet");
        assertInvalid(server.post("/api/v1/projects/prod/silences",
                "{\"job\": \"quiet\", \"startsAt\": \"+999999999-01-01T00:00:00Z\", \"duration\": \"1h\", \"comment\": \"x\"}"),
                "startsAt", "9999");
        assertInvalid(server.post("/api/v1/projects/prod/silences",
                "{\"job\": \"quiet\", \"endsAt\": \"-999999999-01-01T00:00:00Z\", \"comment\": \"x\"}"),
                "endsAt", "1970");
    }
}

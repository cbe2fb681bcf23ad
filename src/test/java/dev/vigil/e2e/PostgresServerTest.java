package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.app.Config;
import dev.vigil.store.sql.EmbeddedPostgresHolder;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestServer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The whole server on PostgreSQL ({@code VIGIL_DB_URL}): the same report and alert path as on SQLite. */
class PostgresServerTest {

    /** A server over a fresh PostgreSQL database. */
    private static TestServer start(MutableClock clock) throws Exception {
        var pg = EmbeddedPostgresHolder.server();
        String db = "vigil_server_" + System.nanoTime();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        Config config = Config.forTests(Files.createTempDirectory("vigil-pg")).withAdminKey(TestServer.ADMIN_KEY)
                .withDbUrl(pg.getJdbcUrl("postgres", db), "postgres", null);
        return TestServer.start(clock, config);
    }

    @Test
    void pings_pair_into_runs_and_a_miss_alerts_once_on_postgresql() throws Exception {
        MutableClock clock = MutableClock.at("2025-06-01T10:00:10Z");
        try (RecordingHttpServer receiver = RecordingHttpServer.start(); TestServer server = start(clock)) {
            assertThat(server.vigil.store().databaseName()).containsIgnoringCase("postgres");
            server.createProject("ops");
            var channel = server.post("/api/v1/projects/ops/channels",
                    "{\"kind\": \"webhook\", \"name\": \"hook\", \"config\": {\"url\": \"" + receiver.url("/h") + "\"}}");
            assertThat(channel.status()).as(channel.body()).isEqualTo(201);
            String uuid = server.put("/api/v1/jobs/ops/etl", "{\"schedule\": {\"cron\": \"*/5 * * * *\"}, \"grace\": \"1m\"}")
                    .json().get("uuid").asText();

            server.ping("/ping/" + uuid + "/start?rid=r1", null);
            clock.advance(Duration.ofSeconds(30));
            server.ping("/ping/" + uuid + "?rid=r1", null);
            var run = server.get("/api/v1/jobs/ops/etl/runs").json().get("runs").get(0);
            assertThat(run.get("state").asText()).isEqualTo("succeeded");
            assertThat(run.get("durationMs").asLong()).isEqualTo(30_000);

            // Time passes through the deadlines as a clock does: late at 10:05, missed at 10:06.
            // (A jump far past a deadline would read as a stalled server and get the re-check window.)
            clock.set(Instant.parse("2025-06-01T10:05:01Z"));
            server.vigil.timer().runOnce();
            await().until(() -> server.get("/api/v1/jobs/ops/etl").json().get("status").asText().equals("late"));
            clock.set(Instant.parse("2025-06-01T10:06:01Z"));
            server.vigil.timer().runOnce();
            await().until(() -> server.get("/api/v1/jobs/ops/etl").json().get("status").asText().equals("missed"));
            await().untilAsserted(() -> assertThat(server.get("/api/v1/notifications?project=ops&job=etl").body()).contains("delivered"));
            assertThat(receiver.requestCount()).isEqualTo(1);
        }
    }

    /** PostgreSQL cannot store NUL in text: a ping body with one was a 500 that quoted the SQL. */
    @Test
    void a_nul_in_a_ping_body_or_an_event_message_is_no_server_error_on_postgresql() throws Exception {
        try (TestServer server = start(MutableClock.at("2025-06-01T10:00:10Z"))) {
            server.createProject("ops");
            String uuid = server.put("/api/v1/jobs/ops/nul", "{\"every\": \"1h\"}").json().get("uuid").asText();
            var ping = server.ping("/ping/" + uuid, "out\u0000put");
            assertThat(ping.status()).as(ping.body()).isEqualTo(200);
            var event = server.post("/api/v1/jobs/ops/nul/events", "{\"kind\": \"log\", \"message\": \"a\\u0000b\"}");
            assertThat(event.status()).as(event.body()).isEqualTo(400);
            assertThat(event.body()).doesNotContain("INSERT");
            long run = server.get("/api/v1/jobs/ops/nul/runs").json().get("runs").get(0).get("id").asLong();
            assertThat(server.get("/api/v1/runs/" + run).json().get("output").asText()).isEqualTo("out\ufffdput");
        }
    }
}

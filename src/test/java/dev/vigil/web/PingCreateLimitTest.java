package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.Config;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pings that create jobs ({@code ?create=1}) do so within the project's budget: a rate and a cap. */
class PingCreateLimitTest {
    static final int CAP = 25;
    final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    TestServer server;
    String pingKey;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(clock, Config.forTests(Files.createTempDirectory("vigil-create")).withAdminKey(TestServer.ADMIN_KEY)
                .withPingCreateLimit(CAP));
        pingKey = server.createProject("fleet").get("pingKey").asText();
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    private long jobs() {
        return server.get("/api/v1/jobs?project=fleet&limit=500").json().get("jobs").size();
    }

    @Test
    void creating_jobs_by_ping_is_rate_limited_per_project_and_pings_of_existing_jobs_are_not() {
        int created = 0;
        TestServer.Response limited = null;
        for (int i = 0; i < 50 && limited == null; i++) {
            var r = server.ping("/ping/" + pingKey + "/host-" + i + "?create=1", null);
            if (r.status() == 201) created++;
            else limited = r;
        }
        assertThat(created).isEqualTo(2 * PingRoutes.CREATIONS_PER_SECOND); // the burst, the clock standing still
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        assertThat(jobs()).isEqualTo(created);
        // Each job a ping created is in the audit log, by the ping key.
        var entries = server.get("/api/v1/audit?action=job.create&limit=500").json().get("entries");
        assertThat(entries).hasSize(created).allSatisfy(e -> {
            assertThat(e.get("actor").get("kind").asText()).isEqualTo("ping");
            assertThat(e.get("target").asText()).startsWith("fleet/host-");
            assertThat(e.get("after").get("createdBy").asText()).isEqualTo("ping ?create=1");
        });
        // Jobs that exist are pinged as always, create=1 or not.
        for (int i = 0; i < 20; i++) assertThat(server.ping("/ping/" + pingKey + "/host-0?create=1", null).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(server.ping("/ping/" + pingKey + "/host-new?create=1", null).status()).isEqualTo(201);
    }

    @Test
    void no_more_jobs_than_the_cap_are_created_by_pings_and_the_api_still_may() {
        for (int i = 0; i < CAP; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(server.ping("/ping/" + pingKey + "/host-" + i + "?create=1", null).status()).isEqualTo(201);
        }
        clock.advance(Duration.ofSeconds(1));
        var refused = server.ping("/ping/" + pingKey + "/one-too-many?create=1", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("VIGIL_PING_CREATE_LIMIT");
        assertThat(jobs()).isEqualTo(CAP);
        assertThat(server.ping("/ping/" + pingKey + "/host-3?create=1", null).status()).isEqualTo(200);
        assertThat(server.put("/api/v1/jobs/fleet/made-by-api", "{\"schedule\": {\"every\": \"1h\"}}").status()).isEqualTo(201);
    }
}

package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * PRODUCT.md §6: the monitor never turns its own outage into false alarms. Deadlines that passed
 * while the server was down get a re-check window after the restart.
 */
class RestartRecheckTest {

    @Test
    void deadlines_missed_during_downtime_wait_a_recheck_window_before_counting() throws Exception {
        Path data = Files.createTempDirectory("vigil-restart");
        MutableClock clock = MutableClock.at("2025-06-01T10:00:10Z");
        String uuid;
        try (TestServer first = TestServer.start(clock, data)) {
            first.createProject("ops");
            uuid = first.put("/api/v1/jobs/ops/reporter", "{\"schedule\": {\"cron\": \"* * * * *\"}, \"grace\": \"10s\"}")
                    .json().get("uuid").asText();
            first.put("/api/v1/jobs/ops/silent", "{\"schedule\": {\"cron\": \"* * * * *\"}, \"grace\": \"10s\"}");
        }
        clock.set(Instant.parse("2025-06-01T10:05:00Z")); // down across several fire times
        TestServer second = TestServer.start(clock, data);
        try {
            long now = clock.millis();
            assertThat(second.vigil.deadlines().earliest()).isEqualTo(now + Duration.ofMinutes(1).toMillis());
            second.vigil.timer().runOnce();
            assertThat(status(second, "reporter")).isEqualTo("new");

            second.ping("/ping/" + uuid, null); // the job reports during the window
            clock.advance(Duration.ofSeconds(61));
            second.vigil.timer().runOnce();
            await().until(() -> status(second, "silent").equals("missed"));
            assertThat(status(second, "reporter")).isIn("up", "late");
            assertThat(second.get("/api/v1/jobs/ops/reporter/flips").json().findValuesAsText("toStatus")).doesNotContain("missed");
        } finally {
            second.closeAndDelete();
        }
    }

    private static String status(TestServer s, String slug) {
        return s.get("/api/v1/jobs/ops/" + slug).json().get("status").asText();
    }
}

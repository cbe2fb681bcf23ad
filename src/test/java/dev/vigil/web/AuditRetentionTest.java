package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.Config;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code VIGIL_AUDIT_RETENTION}: the sweep deletes entries older than the retention and keeps the rest. */
class AuditRetentionTest {
    @TempDir
    Path dataDir;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void entries_older_than_the_retention_are_swept_and_newer_ones_kept() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        server = TestServer.start(clock, Config.forTests(dataDir).withAdminKey(TestServer.ADMIN_KEY).withAuditRetention(Duration.ofDays(30)));
        server.createProject("old");
        clock.advance(Duration.ofDays(20));
        server.createProject("recent");
        clock.advance(Duration.ofDays(15)); // "old" is 35 days old now, "recent" 15

        assertThat(server.vigil.auditRetention().sweep()).isEqualTo(1);

        var entries = server.get("/api/v1/audit").json().get("entries");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("target").asText()).isEqualTo("recent");
        assertThat(server.vigil.auditRetention().sweep()).isZero();
    }
}

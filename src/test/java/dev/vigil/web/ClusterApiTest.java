package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.Config;
import dev.vigil.store.sql.EmbeddedPostgresHolder;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/cluster}: the nodes, their partitions and heartbeats, on SQLite and on PostgreSQL. */
class ClusterApiTest {

    @Test
    void on_sqlite_the_server_is_alone_and_owns_every_partition() {
        TestServer server = TestServer.start(MutableClock.at("2026-06-01T10:00:00Z"));
        try {
            JsonNode c = server.get("/api/v1/cluster").json();
            assertThat(c.get("shared").asBoolean()).isFalse();
            assertThat(c.get("partitions").asInt()).isEqualTo(64);
            assertThat(c.get("nodes")).singleElement().satisfies(n -> {
                assertThat(n.get("state").asText()).isEqualTo("live");
                assertThat(n.get("partitions")).hasSize(64);
            });
            assertThat(c.get("unowned")).isEmpty();
            var ui = dev.vigil.web.ui.UiClient.loggedIn(server, TestServer.ADMIN_KEY);
            var page = ui.get("/ui/cluster");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("the only server and owns all 64 partitions").contains("aria-current=\"page\">Cluster");
        } finally {
            server.closeAndDelete();
        }
    }

    @Test
    void on_postgresql_the_server_is_a_node_that_claimed_every_free_partition() throws Exception {
        Config config = Config.forTests(Files.createTempDirectory("vigil-cluster-api")).withAdminKey(TestServer.ADMIN_KEY)
                .withDbUrl(EmbeddedPostgresHolder.newDatabase("vigil_cluster_api"), "postgres", null);
        try (TestServer server = TestServer.start(MutableClock.at("2026-06-01T10:00:00Z"), config)) {
            JsonNode c = server.get("/api/v1/cluster").json();
            assertThat(c.get("shared").asBoolean()).isTrue();
            String self = c.get("self").asText();
            assertThat(c.get("nodes")).singleElement().satisfies(n -> {
                assertThat(n.get("id").asText()).isEqualTo(self);
                assertThat(n.get("state").asText()).isEqualTo("live");
                assertThat(n.get("address").asText()).startsWith("http://");
                assertThat(n.get("heartbeatAgeMs").asLong()).isLessThan(c.get("nodeTimeoutMs").asLong());
                assertThat(n.get("partitions")).hasSize(64);
            });
            assertThat(c.get("unowned")).isEmpty();
            assertThat(c.get("takeovers")).hasSize(50); // 64 claims at start, the latest 50 by default
            assertThat(c.get("takeovers").get(0).get("how").asText()).isEqualTo("claimed");
            assertThat(server.get("/api/v1/cluster?limit=0").status()).isEqualTo(400);

            var ui = dev.vigil.web.ui.UiClient.loggedIn(server, TestServer.ADMIN_KEY);
            String page = ui.get("/ui/cluster").body();
            assertThat(page).contains("data-node=\"" + self + "\" data-node-state=\"live\" data-partitions=\"64\"")
                    .contains("this server").contains("0–63").contains("1 live server, 0 of 64 partitions without a live owner")
                    .contains("data-takeover=\"claimed\"");
            assertThat(ui.get("/ui/cluster?fragment=1").body().strip()).startsWith("<section id=\"cluster\"");
        }
    }
}

package dev.vigil.cli.defs;

import dev.vigil.app.Config;
import dev.vigil.store.sql.EmbeddedPostgresHolder;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;

class PostgresApplyCommandTest extends ApplyCommandContract {
    @Override
    TestServer start() throws Exception {
        var pg = EmbeddedPostgresHolder.server();
        String db = "vigil_apply_cli_" + System.nanoTime();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        Config config = Config.forTests(Files.createTempDirectory("vigil-pg-apply")).withAdminKey(TestServer.ADMIN_KEY)
                .withDbUrl(pg.getJdbcUrl("postgres", db), "postgres", null);
        return TestServer.start(MutableClock.at("2026-12-07T10:00:00Z"), config);
    }
}

package dev.vigil.web;

import dev.vigil.app.Config;
import dev.vigil.store.sql.EmbeddedPostgresHolder;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;

class PostgresDefinitionsApiTest extends DefinitionsApiContract {
    @Override
    TestServer start() throws Exception {
        var pg = EmbeddedPostgresHolder.server();
        String db = "vigil_definitions_" + System.nanoTime();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        Config config = Config.forTests(Files.createTempDirectory("vigil-pg-defs")).withAdminKey(TestServer.ADMIN_KEY)
                .withDbUrl(pg.getJdbcUrl("postgres", db), "postgres", null);
        return TestServer.start(MutableClock.at("2026-06-01T10:00:00Z"), config);
    }
}

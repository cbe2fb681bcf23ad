package dev.vigil.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.FlipStore;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * Upgrading to the incident loop (V10): flips recorded before it were decided by the writer as it
 * recorded them, so none of them waits after the migration and none is decided a second time.
 */
class FlipMigrationTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123Z");

    @TempDir
    Path dataDir;

    @Test
    void flips_recorded_before_the_upgrade_do_not_wait_on_sqlite() throws SQLException {
        String url = "jdbc:sqlite:" + dataDir.resolve("vigil.db");
        SQLiteDataSource old = new SQLiteDataSource();
        old.setUrl(url);
        migrateTo9(old, new SqliteDialect());
        oldFlips(old);

        try (Transactor db = SqlStores.open(url, null, null)) {
            assertUpgraded(db);
        }
    }

    @Test
    void flips_recorded_before_the_upgrade_do_not_wait_on_postgres() throws SQLException {
        String schema = "upgrade_" + ProcessHandle.current().pid();
        EmbeddedPostgresHolder.execute("CREATE SCHEMA " + schema);
        try {
            var old = new org.postgresql.ds.PGSimpleDataSource();
            old.setURL(EmbeddedPostgresHolder.server().getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema);
            old.setUser("postgres");
            migrateTo9(old, new PostgresDialect());
            oldFlips(old);

            try (Transactor db = SqlStores.postgres(old)) {
                assertUpgraded(db);
            }
        } finally {
            EmbeddedPostgresHolder.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void migrateTo9(DataSource ds, Dialect dialect) {
        Flyway.configure().dataSource(ds).locations(dialect.migrations()).target("9").load().migrate();
    }

    /** Two flips of one job as version 9 stored them (plain SQL: today's stores speak version 10). */
    private static void oldFlips(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO projects (id, slug, created_at) VALUES (1, 'prod', " + T0.toEpochMilli() + ")");
            s.execute("INSERT INTO jobs (id, uuid, project_id, slug, tags, schedule_kind, health_consecutive_failures,"
                    + " health_failure_without_success_ms, health_recover_after, created_at)"
                    + " VALUES (1, 'b5f0c4e2-0000-4000-8000-000000000001', 1, 'nightly', '[]', 'none', 1, 0, 1, "
                    + T0.toEpochMilli() + ")");
            for (int i = 0; i < 2; i++) {
                s.execute("INSERT INTO flips (job_id, at, from_status, to_status, alerting, alerting_changed, reason)"
                        + " VALUES (1, " + (T0.toEpochMilli() + i) + ", 'up', 'missed', " + (i == 0 ? "TRUE" : "FALSE")
                        + ", TRUE, 'before the upgrade')");
            }
        }
    }

    private static void assertUpgraded(Transactor db) {
        assertThat(db.read((Tx tx) -> tx.flips().backlog())).isEqualTo(new FlipStore.Backlog(0, null));
        assertThat(db.read((Tx tx) -> tx.flips().waiting(T0.plusSeconds(3600), 10))).isEmpty();
        assertThat(db.read((Tx tx) -> tx.flips().byJob(1, null, 10))).hasSize(2);
        // Flips recorded after the upgrade wait as usual.
        var fresh = db.write(tx -> tx.flips().insert(tx.flips().byJob(1, null, 1).getFirst(), "output"));
        assertThat(db.read((Tx tx) -> tx.flips().waiting(T0.plusSeconds(3600), 10)))
                .containsExactly(new FlipStore.Waiting(fresh, "output", 0));
    }
}

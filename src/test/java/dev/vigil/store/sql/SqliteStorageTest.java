package dev.vigil.store.sql;

import static dev.vigil.store.TestJobs.aCronJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.Job;
import dev.vigil.domain.Project;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only SQLite has: a file that must survive restarts, and connection settings for durability. */
class SqliteStorageTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123Z");

    @TempDir
    Path dataDir;

    @Test
    void data_survives_closing_and_reopening_the_store() {
        Job written;
        try (Transactor db = SqlStores.sqlite(dataDir)) {
            written = db.write(tx -> {
                Project p = tx.projects().insert("prod", "Prod", "k", T0);
                return tx.jobs().insert(aCronJob("nightly").in(p).cron("30 2 * * *", "Europe/London").build());
            });
        }

        try (Transactor db = SqlStores.sqlite(dataDir)) {
            assertThat(db.read((Tx tx) -> tx.jobs().byUuid(written.uuid()))).contains(written);
        }
    }

    @Test
    void the_database_is_a_file_in_a_data_directory_created_on_demand() {
        Path nested = dataDir.resolve("a/b");

        try (Transactor db = SqlStores.sqlite(nested)) {
            assertThat(db.databaseName()).isEqualTo("sqlite");
        }

        assertThat(nested.resolve("vigil.db")).isRegularFile();
    }

    @Test
    void a_jdbc_url_opens_sqlite_too() {
        String url = "jdbc:sqlite:" + dataDir.resolve("other.db");

        try (Transactor db = SqlStores.open(url, null, null)) {
            db.write(tx -> tx.projects().insert("prod", "Prod", "k", T0));
            assertThat(db.read((Tx tx) -> tx.projects().list())).hasSize(1);
        }
    }

    @Test
    void writes_use_wal_full_sync_foreign_keys_and_a_busy_timeout() {
        try (Transactor db = SqlStores.sqlite(dataDir)) {
            db.write(tx -> {
                assertThat(pragma(tx, "journal_mode")).isEqualTo("wal");
                assertThat(pragma(tx, "synchronous")).isEqualTo("2"); // FULL
                assertThat(pragma(tx, "foreign_keys")).isEqualTo("1");
                assertThat(pragma(tx, "busy_timeout")).isEqualTo(String.valueOf(SqlStores.SQLITE_BUSY_TIMEOUT_MS));
                return null;
            });
            db.read(tx -> {
                assertThat(pragma(tx, "query_only")).isEqualTo("0"); // read-only by open flags, not by pragma
                assertThat(pragma(tx, "busy_timeout")).isEqualTo(String.valueOf(SqlStores.SQLITE_BUSY_TIMEOUT_MS));
                return null;
            });
        }
    }

    @Test
    void the_write_lock_is_released_between_transactions() throws Exception {
        try (Transactor db = SqlStores.sqlite(dataDir)) {
            db.write(tx -> tx.projects().insert("prod", "Prod", "k", T0));

            // Another process (here: another connection) can write while the store is idle.
            try (var other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("vigil.db"));
                 Statement s = other.createStatement()) {
                s.execute("PRAGMA busy_timeout = 100");
                s.executeUpdate("UPDATE projects SET name = 'Renamed'");
            }
            assertThat(db.read((Tx tx) -> tx.projects().bySlug("prod")).orElseThrow().name()).isEqualTo("Renamed");
        }
    }

    @Test
    void a_write_takes_the_write_lock_when_it_begins() {
        try (Transactor db = SqlStores.sqlite(dataDir)) {
            // BEGIN IMMEDIATE: the lock is held before the first statement, so a write never fails
            // half-way with SQLITE_BUSY when another process writes meanwhile.
            db.write(tx -> {
                try (var other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("vigil.db"));
                     Statement s = other.createStatement()) {
                    s.execute("PRAGMA busy_timeout = 50");
                    assertThatThrownBy(() -> s.executeUpdate("DELETE FROM projects"))
                            .isInstanceOf(SQLException.class)
                            .hasMessageContaining("SQLITE_BUSY");
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
                return null;
            });
        }
    }

    private static String pragma(Tx tx, String name) {
        try (Statement s = ((SqlTx) tx).sql().connection().createStatement();
             ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}

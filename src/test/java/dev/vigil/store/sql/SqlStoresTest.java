package dev.vigil.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SqlStoresTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123Z");

    @Test
    void an_unsupported_url_is_refused_with_the_accepted_ones() {
        assertThatThrownBy(() -> SqlStores.open("jdbc:mysql://localhost/vigil", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql:")
                .hasMessageContaining("jdbc:sqlite:");
    }

    @Test
    void postgres_opens_over_a_callers_data_source_and_migrates_once() {
        try (PostgresSchema schema = new PostgresSchema()) {
            schema.emptied(); // creates and migrates the schema
            var dataSource = new org.postgresql.ds.PGSimpleDataSource();
            dataSource.setURL(schema.url());
            dataSource.setUser("postgres");

            try (Transactor db = SqlStores.postgres(dataSource)) {
                db.write(tx -> tx.projects().insert("prod", "Prod", "k", T0));
                assertThat(db.databaseName()).isEqualTo("postgresql");
            }
            // A second open finds the schema up to date and the data still there.
            try (Transactor db = SqlStores.postgres(dataSource)) {
                assertThat(db.read((Tx tx) -> tx.projects().bySlug("prod"))).isPresent();
            }
        }
    }

    @Test
    void a_schema_newer_than_this_version_is_refused_with_a_clear_message(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        SqlStores.sqlite(dir).close();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("vigil.db"));
             var s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                    + " installed_by, execution_time, success) VALUES (999, '999', 'from the future', 'SQL', 'V999__f.sql', 0, 'x', 0, 1)");
        }
        assertThatThrownBy(() -> SqlStores.sqlite(dir))
                .isInstanceOf(dev.vigil.store.StoreException.class)
                .hasMessageContaining("schema is at version 999, newer than this Vigil knows (" + newestMigration() + ")");
    }

    /** The newest migration this Vigil ships, from its files: V15__managed_definitions.sql → 15. */
    private static int newestMigration() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration/sqlite"))) {
            return files.map(f -> f.getFileName().toString())
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max().orElseThrow();
        }
    }
}

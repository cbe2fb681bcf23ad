package dev.vigil.store.sql;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One embedded PostgreSQL server per test JVM, started on first use and stopped by its shutdown
 * hook. Tests use a {@link PostgresSchema} of their own in it. Durability settings are off: these
 * tests are about SQL, not crashes.
 */
public final class EmbeddedPostgresHolder {
    private static EmbeddedPostgres server;

    private EmbeddedPostgresHolder() {}

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /** A new, empty database on the server; returns its JDBC URL (user {@code postgres}, no password). */
    public static String newDatabase(String prefix) {
        String db = prefix + "_" + System.nanoTime();
        execute("CREATE DATABASE " + db);
        return server().getJdbcUrl("postgres", db);
    }

    /** Runs one statement as the superuser in the {@code postgres} database. */
    static void execute(String sql) {
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }
}

package dev.vigil.store.sql;

import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One embedded PostgreSQL server per test JVM, started on first use and stopped by its shutdown
 * hook; each test gets a schema of its own in it, which is much cheaper than a database.
 * Durability settings are off: these tests are about SQL, not crashes.
 */
public final class EmbeddedPostgresHolder {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedPostgresHolder() {}

    static synchronized EmbeddedPostgres server() {
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

    /** A migrated, empty schema of its own; closing the transactor drops it. */
    public static Transactor newStore() {
        String schema = "t" + SCHEMAS.incrementAndGet() + "_" + ProcessHandle.current().pid();
        execute("CREATE SCHEMA " + schema);
        String url = server().getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema;
        Transactor store = SqlStores.open(url, "postgres", "postgres");
        return new Transactor() {
            @Override public <T> T write(Function<Tx, T> work) { return store.write(work); }
            @Override public <T> T read(Function<Tx, T> work) { return store.read(work); }
            @Override public String databaseName() { return store.databaseName(); }
            @Override public void close() {
                store.close();
                execute("DROP SCHEMA " + schema + " CASCADE");
            }
        };
    }

    private static void execute(String ddl) {
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(ddl);
        } catch (SQLException e) {
            throw new IllegalStateException(ddl + " failed", e);
        }
    }
}

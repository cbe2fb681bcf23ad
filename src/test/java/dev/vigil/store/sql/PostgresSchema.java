package dev.vigil.store.sql;

import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A schema of its own in the shared embedded server, migrated once through
 * {@link SqlStores#open} and emptied for every test: a migration per test would cost far more
 * than the tests. Dropped on {@link #close()}.
 */
public final class PostgresSchema implements AutoCloseable {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private final String name = "t" + SCHEMAS.incrementAndGet() + "_" + ProcessHandle.current().pid();
    private final String url = EmbeddedPostgresHolder.server().getJdbcUrl("postgres", "postgres") + "&currentSchema=" + name;
    private Transactor store;

    /** The store with every table empty; closing it leaves the schema for the next test. */
    public Transactor emptied() {
        if (store == null) {
            EmbeddedPostgresHolder.execute("CREATE SCHEMA " + name);
            store = SqlStores.open(url, "postgres", "postgres");
        } else {
            truncateAll();
        }
        return new Transactor() {
            @Override public <T> T write(Function<Tx, T> work) { return store.write(work); }
            @Override public <T> T read(Function<Tx, T> work) { return store.read(work); }
            @Override public String databaseName() { return store.databaseName(); }
            @Override public void close() {}
        };
    }

    /** The JDBC URL of this schema, for tests that open a second store on it. */
    public String url() {
        return url;
    }

    private void truncateAll() {
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "postgres");
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                    + " AND tablename <> 'flyway_schema_history'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            // DELETE, not TRUNCATE: on a few rows it is many times faster. Every foreign key
            // cascades, so the order does not matter.
            for (String table : tables) s.addBatch("DELETE FROM " + table);
            s.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty schema " + name, e);
        }
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
            EmbeddedPostgresHolder.execute("DROP SCHEMA " + name + " CASCADE");
        }
    }
}

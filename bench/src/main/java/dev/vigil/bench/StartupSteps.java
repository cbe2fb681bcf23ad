package dev.vigil.bench;

import dev.vigil.app.Config;
import dev.vigil.app.Vigil;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.SqlStores;
import io.javalin.Javalin;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;

/**
 * Where a cold start goes, step by step in one fresh JVM: each step pays for the classes it is
 * first to load, so the steps add up to roughly one start of the server (a thin classpath here,
 * the shaded jar there).
 */
final class StartupSteps {
    private StartupSteps() {}

    static void run(Options o) throws Exception {
        long mainAt = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Path dir = Path.of(o.text("dir", "target/work/steps"));
        System.out.println("RESULT startup-steps (fresh JVM, launcher flags; each step pays its own class loading):");
        System.out.printf("  %5d ms  JVM start to main()%n", mainAt - jvmStart);
        long t = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"))) {
            c.createStatement().execute("PRAGMA journal_mode=WAL");
        }
        t = step(t, "sqlite-jdbc: load the native library, open a connection");
        try (Transactor store = SqlStores.sqlite(dir.resolve("store"))) {
            t = step(t, "SqlStores.sqlite on a fresh dir: Flyway migration + 2 Hikari pools");
        }
        t = step(t, "closing the store");
        try (Transactor store = SqlStores.sqlite(dir.resolve("store"))) {
            t = step(t, "SqlStores.sqlite again (classes loaded; Flyway validates only)");
        }
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            cfg.routes.get("/health/ready", ctx -> ctx.result("ready"));
        }).start();
        t = step(t, "an empty Javalin 7 app with one route: create + start (Jetty)");
        app.stop();
        t = step(t, "stopping it");
        Vigil v = Vigil.start(Config.forTests(dir.resolve("vigil")), Clock.systemUTC());
        t = step(t, "Vigil.start on a fresh dir, with the above already loaded");
        v.close();
        System.out.printf("  %5d ms  total since JVM start%n", System.currentTimeMillis() - jvmStart);
    }

    private static long step(long since, String what) {
        long now = System.nanoTime();
        System.out.printf("  %5.0f ms  %s%n", (now - since) / 1e6, what);
        return System.nanoTime();
    }
}

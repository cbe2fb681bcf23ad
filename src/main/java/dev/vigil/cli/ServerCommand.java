package dev.vigil.cli;

import dev.vigil.app.Config;
import dev.vigil.app.ConfigLoader;
import dev.vigil.app.Vigil;
import dev.vigil.domain.VigilException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil server}: the all-in-one server on the embedded store (or PostgreSQL). */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Start the all-in-one server. Settings: flags > config file > VIGIL_* environment.")
final class ServerCommand implements Callable<Integer> {
    static final AtomicBoolean RUNNING = new AtomicBoolean();

    @Option(names = "--port", description = "HTTP port (VIGIL_HTTP_PORT, default 8080)")
    Integer port;
    @Option(names = "--host", description = "address to listen on (VIGIL_HOST, default 0.0.0.0)")
    String host;
    @Option(names = "--data-dir", description = "data directory for the embedded store (VIGIL_DATA_DIR, default ./data)")
    String dataDir;
    @Option(names = "--db-url", description = "PostgreSQL JDBC URL (VIGIL_DB_URL); unset: embedded SQLite")
    String dbUrl;
    @Option(names = "--base-url", description = "public URL for links in alerts (VIGIL_BASE_URL)")
    String baseUrl;
    @Option(names = "--config", description = "config file, Java properties with VIGIL_* keys (VIGIL_CONFIG)")
    String configFile;
    @Option(names = "--no-example", description = "do not create the example project on first start")
    boolean noExample;
    @Option(names = "--embedded-agent-capacity", paramLabel = "N",
            description = "runs the embedded agent runs at once (VIGIL_EMBEDDED_AGENT_CAPACITY, default 1024)")
    String embeddedAgentCapacity;

    @Override
    public Integer call() throws InterruptedException {
        long started = System.nanoTime();
        Config config;
        try {
            config = ConfigLoader.load(flags(), System.getenv());
        } catch (VigilException e) {
            System.err.println("vigil: configuration error: " + e.getMessage());
            return 2;
        }
        Vigil vigil;
        try {
            vigil = Vigil.start(config, Clock.systemUTC());
        } catch (RuntimeException e) {
            System.err.println("vigil: cannot start: " + rootMessage(e));
            return 1;
        }
        RUNNING.set(true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vigil.close();
            stopped.countDown();
            // The JVM ends a process stopped by SIGTERM with 143 however its hooks end, and service
            // managers count that as a failure; a server closed cleanly is the stop that was asked for.
            Runtime.getRuntime().halt(0);
        }, "vigil-shutdown"));
        Banner.print(System.out, vigil, Duration.ofNanos(System.nanoTime() - started));
        stopped.await();
        return 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    private Map<String, String> flags() {
        Map<String, String> f = new HashMap<>();
        if (port != null) f.put("VIGIL_HTTP_PORT", port.toString());
        if (host != null) f.put("VIGIL_HOST", host);
        if (dataDir != null) f.put("VIGIL_DATA_DIR", dataDir);
        if (dbUrl != null) f.put("VIGIL_DB_URL", dbUrl);
        if (baseUrl != null) f.put("VIGIL_BASE_URL", baseUrl);
        if (configFile != null) f.put("VIGIL_CONFIG", configFile);
        if (noExample) f.put("VIGIL_EXAMPLE", "false");
        if (embeddedAgentCapacity != null) f.put("VIGIL_EMBEDDED_AGENT_CAPACITY", embeddedAgentCapacity);
        return f;
    }
}

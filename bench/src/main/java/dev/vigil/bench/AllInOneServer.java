package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shaded jar as a child process on a fresh store, the project made and the embedded agent seen. */
final class AllInOneServer implements AutoCloseable {
    final ServerProcess process;
    final Api api;
    final String tag;
    final Path log;

    private AllInOneServer(ServerProcess process, Api api, String tag, Path log) {
        this.process = process;
        this.api = api;
        this.tag = tag;
        this.log = log;
    }

    static AllInOneServer start(Options o, Db db, String capacity) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("VIGIL_ADMIN_KEY", PingBench.ADMIN_KEY);
        if (capacity != null) env.put("VIGIL_EMBEDDED_AGENT_CAPACITY", capacity);
        if (db.url() != null) {
            env.put("VIGIL_DB_URL", db.url());
            env.put("VIGIL_DB_USER", db.user());
            env.put("VIGIL_DB_PASSWORD", db.password());
        }
        List<String> flags = new ArrayList<>(PingBench.flags(o.text("server-flags", "launcher")));
        if (o.text("logging", "shipped").equals("info")) {
            flags.add("-Dlogback.configurationFile=" + Path.of("logback-info.xml").toAbsolutePath());
        }
        Path log = db.dataDir().resolve("server.log");
        ServerProcess p = ServerProcess.startWithEnv(flags, db.dataDir(), env, log);
        try {
            long ready = p.awaitReady(120_000);
            Api api = new Api(p.port, PingBench.ADMIN_KEY);
            api.send("POST", "/api/v1/projects", "{\"slug\": \"" + AllInOneBench.PROJECT + "\"}", 201);
            JsonNode agent = embeddedAgent(api);
            int registered = agent == null ? -1 : agent.path("capacity").asInt(-1);
            String tag = "db=" + db.kind() + " capacity=" + (registered < 0 ? "?" : registered);
            System.out.printf("## server pid %d port %d ready in %.0f ms, %s, flags %s; embedded agent %s registered"
                            + " capacity %s (%s)%n", p.pid(), p.port, ready / 1e6, db.kind(), flags,
                    agent == null ? "NOT SEEN" : agent.path("name").asText(), registered < 0 ? "?" : registered,
                    capacity == null ? "server default" : "asked for " + capacity
                            + (Integer.toString(registered).equals(capacity) ? "" : ": THE SERVER DID NOT APPLY IT"));
            return new AllInOneServer(p, api, tag, log);
        } catch (Exception | Error e) {
            tail(log);
            p.close();
            throw e;
        }
    }

    /** The embedded agent registers with its first poll; bounded wait. */
    private static JsonNode embeddedAgent(Api api) throws Exception {
        for (int i = 0; i < 100; i++) {
            for (JsonNode a : api.send("GET", "/api/v1/agents", null, 200).path("agents")) {
                if (a.path("kind").asText().equals("embedded")) return a;
            }
            Thread.sleep(100);
        }
        return null;
    }

    ProcessHandle handle() { return process.process.toHandle(); }

    /** {@code vigil_runs} summed over queued, dispatched and running (the server caches it for 1 s). */
    long activeRuns() throws Exception {
        long sum = 0;
        for (String line : api.text("GET", "/metrics", null, 200).split("\n")) {
            if (line.startsWith("vigil_runs{")) sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }

    @Override
    public void close() throws Exception {
        if (!process.process.isAlive()) tail(log);
        process.close();
    }

    static void tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            System.out.println("  server log, last lines:");
            lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> System.out.println("    " + l));
        } catch (Exception e) {
            System.out.println("  (no server log: " + e + ")");
        }
    }
}

package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code vigil server} of a cluster on one PostgreSQL: its process, API client, data directory
 * and the settings it was started with (a restart reuses them), and what the cluster API says.
 */
record ClusterNode(ServerProcess process, Api api, Path dir, Map<String, String> settings) {
    static ClusterNode start(Options o, Db db, Path work, int i, Map<String, String> settings) throws Exception {
        return launch(o, db, Files.createTempDirectory(work, "cluster-node" + i + "-"), settings, ServerProcess.freePort());
    }

    /** Starts the server again on its port and data directory, with its settings. */
    ClusterNode restart(Options o, Db db) throws Exception {
        return launch(o, db, dir, settings, process.port);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + process.port;
    }

    /** This server's node id, as it says itself. */
    String id() throws Exception {
        return api.send("GET", "/api/v1/cluster", null, 200).get("self").asText();
    }

    private static ClusterNode launch(Options o, Db db, Path dir, Map<String, String> settings, int port) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("VIGIL_ADMIN_KEY", PingBench.ADMIN_KEY);
        env.put("VIGIL_DB_URL", db.url());
        env.put("VIGIL_DB_USER", db.user());
        env.put("VIGIL_DB_PASSWORD", db.password());
        env.putAll(settings);
        List<String> flags = new ArrayList<>(PingBench.flags(o.text("server-flags", "launcher")));
        flags.add("-Dlogback.configurationFile=" + Path.of("logback-info.xml").toAbsolutePath());
        ServerProcess p = ServerProcess.startWithEnv(flags, dir, env, dir.resolve("server.log"), port);
        p.awaitReady(120_000);
        return new ClusterNode(p, new Api(p.port, PingBench.ADMIN_KEY), dir, settings);
    }

    /** Every partition held by a live server other than {@code killedId}, as {@code witness} sees it. */
    static boolean takenOver(Api witness, String killedId) throws Exception {
        JsonNode c = witness.send("GET", "/api/v1/cluster", null, 200);
        if (!c.get("unowned").isEmpty()) return false;
        int owned = 0;
        for (JsonNode node : c.get("nodes")) {
            boolean killed = node.get("id").asText().equals(killedId);
            if (killed && !node.get("partitions").isEmpty()) return false;
            if (!killed && node.get("state").asText().equals("live")) owned += node.get("partitions").size();
        }
        return owned == 64;
    }

    /** Whether the node holds at least one partition (the others let go of its share after it joined). */
    static boolean holdsPartitions(Api api, String nodeId) throws Exception {
        for (JsonNode node : api.send("GET", "/api/v1/cluster", null, 200).get("nodes")) {
            if (node.get("id").asText().equals(nodeId) && !node.get("partitions").isEmpty()) return true;
        }
        return false;
    }

    /** Waits until {@code n} servers are live and every partition has a live owner. */
    static void awaitSettled(Api api, int n, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            JsonNode c = api.send("GET", "/api/v1/cluster", null, 200);
            long live = 0;
            for (JsonNode node : c.get("nodes")) if (node.get("state").asText().equals("live")) live++;
            if (live == n && c.get("unowned").isEmpty()) return;
            Thread.sleep(100);
        }
        throw new IllegalStateException("the cluster did not settle on " + n + " live servers within " + timeoutMillis + " ms");
    }
}

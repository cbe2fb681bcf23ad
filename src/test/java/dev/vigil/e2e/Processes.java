package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testing.TestOutbound;
import dev.vigil.util.OutboundPolicy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * {@code vigil server} and {@code vigil agent} as real child processes of a test, as a user starts
 * them: the server with its embedded agent off, a short agent lease, a known admin key and join
 * token, on a fixed loopback port and a temporary data directory that a restart reuses.
 *
 * <p>Each process logs to {@code target/e2e-logs/<test>/}; when a test fails, the tail of every log
 * is printed. After each test every process it started is killed, with its descendants and any
 * process the test {@linkplain #adopt adopted} (a job the killed agent left behind).
 */
final class Processes implements BeforeEachCallback, AfterEachCallback, TestWatcher {
    static final String ADMIN_KEY = "vk_e2e_process_admin_key_00000";
    static final String TOKEN = "vat_e2e_process_agent_token_0000";
    static final Duration LEASE = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> started = new ArrayList<>();
    private final List<ProcessHandle> adopted = new ArrayList<>();
    private Path logs;
    private Path data;
    private Path work;
    private int port;
    private int logCount;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        logs = Path.of("target", "e2e-logs", context.getRequiredTestClass().getSimpleName(),
                context.getRequiredTestMethod().getName()).toAbsolutePath();
        if (Files.exists(logs)) {
            try (var old = Files.list(logs)) {
                for (Path f : old.toList()) Files.delete(f);
            }
        }
        Files.createDirectories(logs);
        data = Files.createTempDirectory("vigil-e2e-data");
        work = Files.createTempDirectory("vigil-e2e-work");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<ProcessHandle> all = new ArrayList<>(adopted);
        for (ProcessHandle h : adopted) all.addAll(h.descendants().toList());
        for (Process p : started) all.addAll(p.descendants().toList()); // before their parent dies and they are re-parented
        for (Process p : started) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        all.forEach(ProcessHandle::destroyForcibly); // a handle kills only the process it was taken of, never a reused pid
        delete(data);
        delete(work);
    }

    private static void delete(Path dir) {
        try (var tree = Files.walk(dir)) {
            tree.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("cannot delete " + dir + ": " + e);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        try (var files = Files.list(logs)) {
            for (Path log : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                System.out.println("===== last lines of " + log + " =====");
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
            }
        } catch (IOException e) {
            System.out.println("cannot show the logs in " + logs + ": " + e);
        }
    }

    /** A scratch directory for gates and pid files; jobs run as the same user and can write to it. */
    Path work() { return work; }

    /** The server's data directory, which a restart reuses. */
    Path data() { return data; }

    String baseUrl() { return "http://127.0.0.1:" + port; }

    /** Starts the server (again, on the same port and data directory) and waits until it is ready. */
    Process startServer() throws IOException {
        return startServer(Map.of("VIGIL_EMBEDDED_AGENT", "false"));
    }

    /**
     * Starts the server with these settings besides the usual ones (the embedded agent is on unless
     * they turn it off), again on the same port and data directory, and waits until it is ready.
     */
    Process startServer(Map<String, String> settings) throws IOException {
        Map<String, String> env = new java.util.HashMap<>(Map.of("VIGIL_ADMIN_KEY", ADMIN_KEY, "VIGIL_AGENT_TOKEN", TOKEN,
                "VIGIL_AGENT_LEASE", LEASE.toSeconds() + "s"));
        env.putAll(settings);
        Process p = start("server", env,
                "server", "--port", Integer.toString(port), "--host", "127.0.0.1", "--data-dir", data.toString(), "--no-example");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            assertThat(p.isAlive()).as("the server exited: see its log").isTrue();
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
        return p;
    }

    /** A server started by {@link #startNode}: its process, base URL, data directory and settings. */
    record Node(String name, Process process, String baseUrl, int port, Path dir, Map<String, String> settings) {}

    /**
     * Starts one more server on a port and data directory of its own (several sharing a PostgreSQL
     * database given in {@code settings}), embedded agent on unless the settings say otherwise, and
     * waits until it is ready.
     */
    Node startNode(String name, Map<String, String> settings) throws IOException {
        int nodePort;
        try (ServerSocket s = new ServerSocket(0)) {
            nodePort = s.getLocalPort();
        }
        return startNode(name, nodePort, Files.createDirectories(data.resolve(name)), settings);
    }

    /** Starts a stopped node again, on its port and data directory, and waits until it is ready. */
    Node restart(Node node) throws IOException {
        return startNode(node.name(), node.port(), node.dir(), node.settings());
    }

    private Node startNode(String name, int nodePort, Path dir, Map<String, String> settings) throws IOException {
        Map<String, String> env = new java.util.HashMap<>(Map.of("VIGIL_ADMIN_KEY", ADMIN_KEY, "VIGIL_AGENT_TOKEN", TOKEN,
                "VIGIL_AGENT_LEASE", LEASE.toSeconds() + "s"));
        env.putAll(settings);
        Process p = start(name, env,
                "server", "--port", Integer.toString(nodePort), "--host", "127.0.0.1", "--data-dir", dir.toString(), "--no-example");
        String url = "http://127.0.0.1:" + nodePort;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            assertThat(p.isAlive()).as("server " + name + " exited: see its log").isTrue();
            return http.send(HttpRequest.newBuilder(URI.create(url + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
        return new Node(name, p, url, nodePort, dir, settings);
    }

    /** Starts {@code vigil agent} against these servers (comma-separated) without waiting for it. */
    Process startAgentOf(String servers, String name, int capacity, Path spool) throws IOException {
        return start("agent-" + name, Map.of("VIGIL_AGENT_TOKEN", TOKEN),
                "agent", "--server", servers, "--name", name, "--labels", "e2e", "--capacity", Integer.toString(capacity),
                "--spool-dir", spool.toString());
    }

    /** Starts {@code vigil} with these arguments and settings, without waiting for anything. */
    Process launch(String name, Map<String, String> env, String... args) throws IOException {
        return start(name, env, args);
    }

    /** A call to any server, with the admin key; the answer whatever its status. */
    HttpResponse<String> request(String baseUrl, String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String baseUrl, String path) throws Exception {
        HttpResponse<String> r = request(baseUrl, "GET", path, null);
        assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
    /** Whether the node holds any partition, as {@code server}'s {@code GET /api/v1/cluster} says. */
    boolean holdsPartitions(String server, String nodeId) throws Exception {
        for (JsonNode n : json(server, "/api/v1/cluster").get("nodes")) {
            if (n.get("id").asText().equals(nodeId)) return !n.get("partitions").isEmpty();
        }
        return false;
    }

    /** Whether every partition is held by a live node other than {@code goneId}, as {@code witness} sees it. */
    boolean heldWithout(String witness, String goneId) throws Exception {
        JsonNode c = json(witness, "/api/v1/cluster");
        if (!c.get("unowned").isEmpty()) return false;
        int owned = 0;
        for (JsonNode n : c.get("nodes")) {
            boolean gone = n.get("id").asText().equals(goneId);
            if (gone && !n.get("partitions").isEmpty()) return false;
            if (!gone && n.get("state").asText().equals("live")) owned += n.get("partitions").size();
        }
        return owned == 64;
    }


    /** Starts {@code vigil agent} with labels {@code e2e} and waits until the server lists it connected. */
    Process startAgent(String name, int capacity, Path spool) throws IOException {
        Process p = start("agent-" + name, Map.of("VIGIL_AGENT_TOKEN", TOKEN),
                "agent", "--server", baseUrl(), "--name", name, "--labels", "e2e", "--capacity", Integer.toString(capacity),
                "--spool-dir", spool.toString());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(p.isAlive()).as("the agent exited: see its log").isTrue();
            return "connected".equals(agentState(name));
        });
        return p;
    }

    /** The log of the n-th process this test started (1 for the first). */
    String log(int n) throws IOException {
        try (var files = Files.list(logs)) {
            Path log = files.filter(f -> f.getFileName().toString().startsWith(String.format("%02d-", n))).findFirst().orElseThrow();
            return Files.readString(log);
        }
    }

    /** A process the test found (a job's pid) and that must not outlive it, nor its descendants. */
    void adopt(long pid) {
        ProcessHandle.of(pid).ifPresent(adopted::add);
    }

    private Process start(String name, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.vigil.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(logs.resolve(String.format("%02d-%s.log", ++logCount, name)).toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("VIGIL_"));
        // Receivers and http targets of these tests run on this machine; a released server denies loopback.
        pb.environment().put(OutboundPolicy.ALLOW_SETTING, TestOutbound.POLICY.allow());
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** The agent's state as {@code GET /api/v1/agents} says, or null if it is not listed. */
    String agentState(String name) throws Exception {
        for (JsonNode a : get("/api/v1/agents").get("agents")) {
            if (a.get("name").asText().equals(name)) return a.get("state").asText();
        }
        return null;
    }

    JsonNode get(String path) throws Exception {
        return call("GET", path, null);
    }

    JsonNode put(String path, String body) throws Exception {
        return call("PUT", path, body);
    }

    JsonNode post(String path, String body) throws Exception {
        return call("POST", path, body);
    }

    /** A plain-text answer, such as a run's log. */
    String text(String path) throws Exception {
        return send("GET", path, null);
    }

    private JsonNode call(String method, String path, String body) throws Exception {
        String answer = send(method, path, body);
        return answer.isEmpty() ? null : JSON.readTree(answer);
    }

    private String send(String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        return r.body();
    }
}

package dev.vigil.cli;

import dev.vigil.agent.AgentCore;
import dev.vigil.agent.ServerLink;
import dev.vigil.agent.remote.RemoteAgent;
import dev.vigil.util.OutboundPolicy;
import dev.vigil.util.Version;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil agent}: runs managed jobs on this machine for a Vigil server. */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run managed jobs on this machine for a Vigil server. Connects out over HTTP(S); opens no port.",
            "SIGTERM or Ctrl-C drains: no new work, running jobs finish, their reports are delivered, then it exits.",
            "Reports the server cannot take now wait in the spool directory and are delivered when it is back."},
        footer = {"", "Example:",
            "  VIGIL_AGENT_TOKEN_FILE=/etc/vigil/agent-token vigil agent --server https://vigil.example.com --labels linux,gpu --capacity 8"})
final class AgentCommand implements Callable<Integer> {

    @Option(names = "--server", paramLabel = "URL[,URL…]", description = "the Vigil server, or several sharing one database,"
            + " separated by commas: the agent moves to the next when one cannot be reached (VIGIL_SERVER)")
    String server;
    @Option(names = "--token", paramLabel = "TOKEN", description = "join token (VIGIL_AGENT_TOKEN or VIGIL_AGENT_TOKEN_FILE; prefer those: flags show in ps)")
    String token;
    @Option(names = "--name", description = "unique agent name (VIGIL_AGENT_NAME; default: the host name)")
    String name;
    @Option(names = "--labels", paramLabel = "A,B", description = "labels jobs can select this agent by (VIGIL_AGENT_LABELS)")
    String labels;
    @Option(names = "--capacity", paramLabel = "N", description = "runs at once (VIGIL_AGENT_CAPACITY; default: the number of CPUs)")
    Integer capacity;
    @Option(names = "--spool-dir", paramLabel = "DIR", description = "where undelivered reports wait (VIGIL_AGENT_SPOOL_DIR; default ./data/agent-spool)")
    String spoolDir;

    @Option(names = "--http-port", paramLabel = "PORT", description = "serve /metrics and /health/* on this port (VIGIL_AGENT_HTTP_PORT; default: none)")
    Integer httpPort;
    @Option(names = "--http-host", paramLabel = "HOST", description = "address for --http-port (VIGIL_AGENT_HTTP_HOST; default 127.0.0.1)")
    String httpHost;

    private final Map<String, String> env;

    AgentCommand() {
        this(System.getenv());
    }

    AgentCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        RemoteAgent.Settings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            System.err.println("vigil agent: " + e.getMessage());
            return 2;
        }
        RemoteAgent agent;
        try {
            agent = new RemoteAgent(settings, Clock.systemUTC());
        } catch (IOException e) {
            System.err.println("vigil agent: cannot open the spool in " + settings.spoolDir() + ": " + e.getMessage());
            return 1;
        }
        try {
            agent.checkConnection();
            System.out.println("vigil agent " + settings.name() + " connected to " + settings.server() + " (labels "
                    + settings.labels() + ", capacity " + settings.capacity() + ")");
        } catch (ServerLink.Refused e) {
            System.err.println("vigil agent: the server refused this agent: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("vigil agent: cannot reach " + settings.server() + " (" + e.getMessage() + "); retrying in the background");
        }
        Integer port = httpPort != null ? httpPort : env.get("VIGIL_AGENT_HTTP_PORT") != null
                ? parseHttpPort(env.get("VIGIL_AGENT_HTTP_PORT")) : null;
        if (port != null && (port < 0 || port > 65_535)) {
            System.err.println("vigil agent: --http-port must be a port number (0–65535)");
            return 2;
        }
        if (port != null) {
            String host = first(httpHost, env.get("VIGIL_AGENT_HTTP_HOST"), "127.0.0.1");
            try {
                var endpoint = new dev.vigil.agent.remote.AgentEndpoint(agent, host, port);
                System.out.println("metrics and health at http://" + host + ":" + endpoint.port() + "/metrics");
            } catch (IOException e) {
                System.err.println("vigil agent: cannot serve metrics on " + host + ":" + port + ": " + e.getMessage());
                return 2;
            }
        }
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread hook = new Thread(() -> {
            boolean asked = polling.get(); // a signal, not the end of a failed loop, started this shutdown
            agent.drainAndStop();
            // The JVM ends a process stopped by SIGTERM with 143 (SIGINT: 130) however its hooks end, and
            // service managers count that as a failure; a finished drain is the clean stop that was asked for.
            if (asked) Runtime.getRuntime().halt(0);
        }, "vigil-agent-drain");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            agent.run();
        } finally {
            polling.set(false);
        }
        return 0;
    }

    private RemoteAgent.Settings settings() {
        String url = first(server, env.get("VIGIL_SERVER"));
        if (url == null) throw new IllegalArgumentException("--server URL (or VIGIL_SERVER) is required");
        for (String one : dev.vigil.agent.remote.RemoteLink.parseServers(url)) {
            URI uri;
            try {
                uri = URI.create(one);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--server: '" + one + "' is not a URL");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("--server: '" + one + "' is not an http(s) URL");
            }
        }
        String secret = first(token, secret("VIGIL_AGENT_TOKEN"));
        if (secret == null) throw new IllegalArgumentException("a join token is required: --token, VIGIL_AGENT_TOKEN or VIGIL_AGENT_TOKEN_FILE");
        String agentName = first(name, env.get("VIGIL_AGENT_NAME"));
        if (agentName == null) agentName = hostName();
        String labelText = first(labels, env.get("VIGIL_AGENT_LABELS"));
        List<String> labelList = labelText == null ? List.of()
                : Arrays.stream(labelText.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        int cap = capacity != null ? capacity : env.get("VIGIL_AGENT_CAPACITY") != null
                ? parseCapacity(env.get("VIGIL_AGENT_CAPACITY")) : Runtime.getRuntime().availableProcessors();
        if (cap < 1 || cap > 10_000) throw new IllegalArgumentException("--capacity must be between 1 and 10000, got " + cap);
        Path spool = Path.of(first(spoolDir, env.get("VIGIL_AGENT_SPOOL_DIR"), "data/agent-spool"));
        // An invalid entry is an IllegalArgumentException naming its setting, reported like the other settings.
        OutboundPolicy outbound = OutboundPolicy.parse(env.get(OutboundPolicy.DENY_SETTING), env.get(OutboundPolicy.ALLOW_SETTING));
        return new RemoteAgent.Settings(url, secret, agentName, labelList, cap, spool, Version.current(), outbound);
    }

    private static Integer parseHttpPort(String s) {
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return -1; // refused below with the reason
        }
    }

    private static int parseCapacity(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("VIGIL_AGENT_CAPACITY: '" + s + "' is not a number");
        }
    }

    private String secret(String var) {
        String direct = env.get(var);
        String file = env.get(var + "_FILE");
        if (direct != null && file != null) throw new IllegalArgumentException("give either " + var + " or " + var + "_FILE, not both");
        if (file == null) return direct;
        try {
            String s = Files.readString(Path.of(file)).trim();
            if (s.isEmpty()) throw new IllegalArgumentException(var + "_FILE " + file + " is empty");
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + var + "_FILE " + file + ": " + e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "agent");
        }
    }

    private static String first(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }
}

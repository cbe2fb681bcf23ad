package dev.vigil.app;

import dev.vigil.util.OutboundPolicy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything Vigil is configured with, built once by {@link ConfigLoader} from command-line flags,
 * a config file and environment variables, in that precedence. Immutable.
 *
 * @param dbUrl          JDBC URL of PostgreSQL; null for the embedded SQLite file under dataDir
 * @param adminKey       use this admin API key instead of generating one; may be null
 * @param pingRateLimit  pings per second each job may send (a burst of twice that); 0 = no limit
 * @param pingCreateLimit how many jobs a project may reach through pings that create jobs ({@code ?create=1})
 * @param recheckWindow  how long deadlines that passed while the server was down or lagging wait
 *                       for reports before they count as missed
 * @param example        create the example project on first start
 * @param embeddedAgent  run managed jobs in this process (the all-in-one server's own agent)
 * @param embeddedAgentCapacity how many runs the embedded agent runs at once
 * @param runLogLimit    bytes of output stored per run; the rest is dropped with a marker
 * @param runLogRetention how long the output of ended runs is kept
 * @param agentToken     a join token agents may use (in addition to agent keys made through the API); may be null
 * @param agentLease     an agent not heard from for this long is lost, and its runs with it
 * @param alerting       channels, routes and escalation policies to apply at start, as the JSON of
 *                       docs/configuration.md (usually read from {@code VIGIL_ALERTING_FILE}); may be null
 * @param flapping       when a job's incidents count as flapping
 * @param cluster        heartbeat and node timeout of the servers sharing a PostgreSQL database
 * @param auditRetention how long audit log entries are kept
 * @param outbound       where alert channels and the embedded agent's http targets may send
 *                       (docs/security.md#outbound-requests)
 */
public record Config(
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String host,
        int httpPort,
        String baseUrl,
        String adminKey,
        int pingBodyLimit,
        int pingRateLimit,
        int pingCreateLimit,
        Duration recheckWindow,
        int jobCacheSize,
        boolean example,
        boolean embeddedAgent,
        int embeddedAgentCapacity,
        int runLogLimit,
        Duration runLogRetention,
        String agentToken,
        Duration agentLease,
        String alerting,
        Flapping flapping,
        Cluster cluster,
        Duration auditRetention,
        OutboundPolicy outbound) {

    /**
     * Several servers on one PostgreSQL database (docs/cluster.md): each beats every
     * {@code heartbeat}; a node not heard from for {@code nodeTimeout} is dead and its partitions
     * are taken over, so a takeover takes at most about nodeTimeout + heartbeat.
     */
    public record Cluster(Duration heartbeat, Duration nodeTimeout) {
        public static final Cluster DEFAULT = new Cluster(Duration.ofSeconds(1), Duration.ofSeconds(5));

        public Cluster {
            if (nodeTimeout.compareTo(heartbeat.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("the node timeout (" + nodeTimeout + ") must be at least twice the heartbeat ("
                        + heartbeat + ")");
            }
        }
    }

    /**
     * When a job counts as flapping: it opened more than {@code threshold} incidents within
     * {@code window}; it calms down after a whole window without a flip.
     */
    public record Flapping(int threshold, Duration window) {
        public static final Flapping DEFAULT = new Flapping(4, Duration.ofHours(1));
    }

    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_PING_BODY_LIMIT = 10_000;
    public static final int DEFAULT_PING_RATE_LIMIT = 100;
    public static final int DEFAULT_PING_CREATE_LIMIT = 1_000;
    public static final Duration DEFAULT_RECHECK_WINDOW = Duration.ofMinutes(1);
    public static final int DEFAULT_JOB_CACHE_SIZE = 100_000;
    public static final int DEFAULT_RUN_LOG_LIMIT = 1 << 20;
    public static final Duration DEFAULT_RUN_LOG_RETENTION = Duration.ofDays(30);
    public static final Duration DEFAULT_AGENT_LEASE = Duration.ofSeconds(20);
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(365);
    /**
     * Runs the embedded agent runs at once. Sized for throughput, not for CPUs: most runs wait (an
     * http target waits on the network, a typical job on I/O or sleeps), and 1,000 jobs firing
     * every 5 s or a few thousand short http targets a second need a couple of hundred runs in
     * flight to start on time. Lower it when jobs are CPU-heavy processes: each run may be one.
     */
    public static final int DEFAULT_EMBEDDED_AGENT_CAPACITY = 1_024;

    /** The base URL for links: the configured one, else this host and port. */
    public String effectiveBaseUrl(int boundPort) {
        if (baseUrl != null) return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        String h = host == null || host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        return "http://" + h + ":" + boundPort;
    }

    /**
     * Defaults for tests and embedding: a data directory, random port, everything else default but
     * one: outbound requests may go to loopback, where tests run their receivers and http targets
     * ({@link OutboundPolicy#allowingLoopback}). This is the one place tests allow it; a server
     * configured by {@link ConfigLoader} denies loopback unless told otherwise.
     */
    public static Config forTests(Path dataDir) {
        return new Config(dataDir, null, null, null, "127.0.0.1", 0, null, null, DEFAULT_PING_BODY_LIMIT,
                DEFAULT_PING_RATE_LIMIT, DEFAULT_PING_CREATE_LIMIT, DEFAULT_RECHECK_WINDOW, DEFAULT_JOB_CACHE_SIZE, false, true, DEFAULT_EMBEDDED_AGENT_CAPACITY, DEFAULT_RUN_LOG_LIMIT,
                DEFAULT_RUN_LOG_RETENTION, null, DEFAULT_AGENT_LEASE, null, Flapping.DEFAULT, Cluster.DEFAULT, DEFAULT_AUDIT_RETENTION,
                OutboundPolicy.allowingLoopback());
    }

    public Config withDbUrl(String url, String user, String password) {
        return new Config(dataDir, url, user, password, host, httpPort, baseUrl, adminKey, pingBodyLimit,
                pingRateLimit, pingCreateLimit, recheckWindow, jobCacheSize, example, embeddedAgent, embeddedAgentCapacity, runLogLimit, runLogRetention,
                agentToken, agentLease, alerting, flapping, cluster, auditRetention, outbound);
    }

    public Config withAdminKey(String key) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, httpPort, baseUrl, key, pingBodyLimit,
                pingRateLimit, pingCreateLimit, recheckWindow, jobCacheSize, example, embeddedAgent, embeddedAgentCapacity, runLogLimit, runLogRetention,
                agentToken, agentLease, alerting, flapping, cluster, auditRetention, outbound);
    }

    public Config withHttpPort(int port) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, port, baseUrl, adminKey, pingBodyLimit,
                pingRateLimit, pingCreateLimit, recheckWindow, jobCacheSize, example, embeddedAgent, embeddedAgentCapacity, runLogLimit, runLogRetention,
                agentToken, agentLease, alerting, flapping, cluster, auditRetention, outbound);
    }

    public Config withEmbeddedAgent(boolean on) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, httpPort, baseUrl, adminKey, pingBodyLimit,
                pingRateLimit, pingCreateLimit, recheckWindow, jobCacheSize, example, on, embeddedAgentCapacity, runLogLimit, runLogRetention,
                agentToken, agentLease, alerting, flapping, cluster, auditRetention, outbound);
    }

    public Config withEmbeddedAgentCapacity(int capacity) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, httpPort, baseUrl, adminKey, pingBodyLimit,
                pingRateLimit, pingCreateLimit, recheckWindow, jobCacheSize, example, embeddedAgent, capacity, runLogLimit, runLogRetention,
                agentToken, agentLease, alerting, flapping, cluster, auditRetention, outbound);
    }

    public Config withExample(boolean on) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, httpPort, baseUrl, adminKey, pingBodyLimit,
                pingRateLimit, pingCreateLimit, recheckWindow, jobCacheSize, on, embeddedAgent, embeddedAgentCapacity, runLogLimit, runLogRetention,
                agentToken, agentLease, alerting, flapping, cluster, auditRetention, outbound);
    }

    public Config withPingCreateLimit(int limit) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, httpPort, baseUrl, adminKey, pingBodyLimit,
                pingRateLimit, limit, recheckWindow, jobCacheSize, example, embeddedAgent, embeddedAgentCapacity, runLogLimit, runLogRetention,
                agentToken, agentLease, alerting, flapping, cluster, auditRetention, outbound);
    }

    public Config withAgentToken(String token) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, httpPort, baseUrl, adminKey, pingBodyLimit,
                pingRateLimit, pingCreateLimit, recheckWindow, jobCacheSize, example, embeddedAgent, embeddedAgentCapacity, runLogLimit, runLogRetention,
                token, agentLease, alerting, flapping, cluster, auditRetention, outbound);
    }

    public Config withAgentLease(Duration lease) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, httpPort, baseUrl, adminKey, pingBodyLimit,
                pingRateLimit, pingCreateLimit, recheckWindow, jobCacheSize, example, embeddedAgent, embeddedAgentCapacity, runLogLimit, runLogRetention,
                agentToken, lease, alerting, flapping, cluster, auditRetention, outbound);
    }

    public Config withRunLog(int limit, Duration retention) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, httpPort, baseUrl, adminKey, pingBodyLimit,
                pingRateLimit, pingCreateLimit, recheckWindow, jobCacheSize, example, embeddedAgent, embeddedAgentCapacity, limit, retention,
                agentToken, agentLease, alerting, flapping, cluster, auditRetention, outbound);
    }

    public Config withAlerting(String json) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, httpPort, baseUrl, adminKey, pingBodyLimit,
                pingRateLimit, pingCreateLimit, recheckWindow, jobCacheSize, example, embeddedAgent, embeddedAgentCapacity, runLogLimit, runLogRetention,
                agentToken, agentLease, json, flapping, cluster, auditRetention, outbound);
    }

    public Config withAuditRetention(Duration retention) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, httpPort, baseUrl, adminKey, pingBodyLimit,
                pingRateLimit, pingCreateLimit, recheckWindow, jobCacheSize, example, embeddedAgent, embeddedAgentCapacity, runLogLimit, runLogRetention,
                agentToken, agentLease, alerting, flapping, cluster, retention, outbound);
    }

    public Config withOutbound(OutboundPolicy policy) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, httpPort, baseUrl, adminKey, pingBodyLimit,
                pingRateLimit, pingCreateLimit, recheckWindow, jobCacheSize, example, embeddedAgent, embeddedAgentCapacity, runLogLimit, runLogRetention,
                agentToken, agentLease, alerting, flapping, cluster, auditRetention, policy);
    }

    public Config withCluster(Cluster c) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, httpPort, baseUrl, adminKey, pingBodyLimit,
                pingRateLimit, pingCreateLimit, recheckWindow, jobCacheSize, example, embeddedAgent, embeddedAgentCapacity, runLogLimit, runLogRetention,
                agentToken, agentLease, alerting, flapping, c, auditRetention, outbound);
    }
}

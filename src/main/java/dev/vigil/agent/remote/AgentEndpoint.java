package dev.vigil.agent.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.agent.AgentCore;
import dev.vigil.agent.AgentStats;
import dev.vigil.domain.RunState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The agent's own small HTTP endpoint, off unless asked for ({@code --http-port}): Prometheus
 * metrics at {@code /metrics}, {@code /health/live}, and {@code /health/ready} (503 while the
 * server has not answered a poll within the lease). It serves the operator, not the protocol:
 * agents still take work only by polling out.
 */
public final class AgentEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RemoteAgent agent;

    public AgentEndpoint(RemoteAgent agent, String host, int port) throws IOException {
        this.agent = agent;
        AgentCore core = agent.core();
        AgentStats stats = core.stats();
        Gauge.builder("vigil_agent_runs_running", core, AgentCore::runningCount).description("runs in progress").register(registry);
        Gauge.builder("vigil_agent_capacity", core, c -> c.identity().capacity()).register(registry);
        Gauge.builder("vigil_agent_draining", core, c -> c.draining() ? 1 : 0).register(registry);
        Gauge.builder("vigil_agent_spool_events", agent.link(), RemoteLink::pending)
                .description("run events waiting on disk for the server").register(registry);
        Gauge.builder("vigil_agent_last_poll_age_seconds", stats, s -> s.sinceLastPoll() == null ? Double.NaN
                : s.sinceLastPoll().toMillis() / 1000.0).register(registry);
        FunctionCounter.builder("vigil_agent_polls", stats, AgentStats::pollsOk).tag("outcome", "ok").register(registry);
        FunctionCounter.builder("vigil_agent_polls", stats, AgentStats::pollsFailed).tag("outcome", "error").register(registry);
        FunctionCounter.builder("vigil_agent_runs_started", stats, AgentStats::started).register(registry);
        for (RunState end : RunState.ENDS) {
            FunctionCounter.builder("vigil_agent_runs_finished", stats, s -> s.finished(end))
                    .tag("end", end.wire()).register(registry);
        }
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/health/live", ex -> send(ex, 200, "application/json", "{\"status\":\"up\"}"));
        server.createContext("/health/ready", ex -> {
            boolean ready = ready();
            send(ex, ready ? 200 : 503, "application/json", "{\"status\":\"" + (ready ? "up" : "down") + "\"}");
        });
        server.start();
    }

    /** Heard from the server within its lease (20 s until the server says otherwise). */
    boolean ready() {
        Duration since = agent.core().stats().sinceLastPoll();
        return since != null && since.compareTo(agent.core().lease()) < 0;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        try (ex) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.vigil.agent.remote;

import dev.vigil.agent.AgentCore;
import dev.vigil.agent.process.Supervisor;
import dev.vigil.agent.spool.DirLock;
import dev.vigil.util.OutboundPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vigil agent}: an {@link AgentCore} linked to a server over HTTP, with its spool on disk.
 * {@link #drainAndStop} is what SIGTERM does: take no new work, let the runs finish, deliver their
 * reports, say goodbye.
 */
public final class RemoteAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteAgent.class);
    /** How long a draining agent waits for its last reports to reach the server before it exits anyway (they stay spooled). */
    public static final Duration FINAL_DELIVERY = Duration.ofSeconds(30);

    /**
     * What {@code vigil agent} is started with.
     *
     * @param outbound where the agent's http targets may send ({@code VIGIL_OUTBOUND_DENY},
     *                 {@code VIGIL_OUTBOUND_ALLOW} on the agent's machine)
     */
    public record Settings(String server, String token, String name, List<String> labels, int capacity, Path spoolDir,
                           String version, OutboundPolicy outbound) {}

    private final DirLock lock;
    private final RemoteLink link;
    private final Supervisor supervisor = new Supervisor();
    private final dev.vigil.agent.http.HttpRunner httpRunner;
    private final AgentCore core;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * Opens the agent's directory (its spool and its runs' processes), which no other agent process
     * may hold, and takes over the runs an earlier process of this agent left there.
     */
    public RemoteAgent(Settings s, Clock clock) throws IOException {
        this.lock = DirLock.tryLock(s.spoolDir())
                .orElseThrow(() -> new IOException("another agent process is using it (one directory per agent)"));
        String instance = instance(s.spoolDir());
        this.link = new RemoteLink(s.server(), s.token(), s.name(), instance, s.spoolDir());
        this.httpRunner = new dev.vigil.agent.http.HttpRunner(s.outbound());
        this.core = new AgentCore(link, supervisor, dev.vigil.agent.HttpTargets.with(httpRunner), clock,
                new AgentCore.Identity(s.name(), instance, s.labels(), s.capacity(), s.version()));
        dev.vigil.agent.process.ProcessLedger.endLegacyLeftovers(s.spoolDir().resolve("processes"));
        core.useDirectory(s.spoolDir());
    }

    /**
     * The agent's instance id, kept in its directory: an agent restarted on it (after a crash, within
     * its lease) is the one the server knows, holding the runs it now takes over, not a second process
     * under its name (which the server refuses while the lease runs).
     */
    static String instance(Path dir) throws IOException {
        Path file = dir.resolve("instance");
        if (Files.exists(file)) {
            String kept = Files.readString(file).trim();
            if (!kept.isEmpty() && kept.length() <= 100) return kept;
        }
        String made = UUID.randomUUID().toString();
        Files.writeString(file, made + "\n");
        return made;
    }

    /** Polls and runs until drained; returns when the agent has stopped. */
    public void run() {
        try {
            core.run();
        } finally {
            stopped.countDown();
        }
    }

    /** Checks the server and the token once, so a wrong setting fails at start with its reason. */
    public void checkConnection() throws IOException, InterruptedException {
        core.pollOnce(0);
    }

    /** Takes no new work, waits for the runs in progress, delivers their reports, and leaves. */
    public void drainAndStop() {
        log.info("draining: no new work; waiting for {} runs to finish", core.runningCount());
        core.drain();
        try {
            stopped.await();
            if (!link.flush(FINAL_DELIVERY)) {
                log.warn("{} run events are not delivered yet; they stay in the spool for the next start", link.pending());
            }
            link.leave(core.identity().name(), core.identity().instance());
            log.info("drained and left");
        } catch (IOException e) {
            log.warn("could not tell the server this agent left ({}); its lease will run out", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public AgentCore core() { return core; }

    public RemoteLink link() { return link; }

    @Override
    public void close() throws IOException {
        core.close();
        supervisor.close();
        httpRunner.close();
        link.close();
        lock.close();
    }
}

package dev.vigil.execution;

import dev.vigil.agent.AgentCore;
import dev.vigil.agent.process.ProcessLedger;
import dev.vigil.agent.process.Supervisor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent inside {@code vigil server}, so that one machine needs one process (PRODUCT.md §5): the
 * same {@link AgentCore} as {@code vigil agent}, with the same on-disk spool and adoptable
 * processes, linked to the dispatcher in process instead of over HTTP. Its name and directory are
 * its server process's ({@link EmbeddedAgentHome}): a server restarted after a crash takes over the
 * runs its previous process left, so a run that completed meanwhile keeps its real outcome and
 * none runs twice.
 */
public final class EmbeddedAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedAgent.class);
    /** How long {@link #close()} waits for cancelled runs to end and their reports to be applied. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    private final EmbeddedAgentHome home;
    private final EmbeddedLink link;
    private final AgentCore core;
    private final Dispatcher dispatcher;
    private final Path legacyLedger;
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean started;

    /**
     * @param dataDir the server's data directory: the agent lives in {@code dataDir/embedded-agent}
     */
    public EmbeddedAgent(Dispatcher dispatcher, RunEvents events, Supervisor supervisor, AgentCore.HttpStarter http,
                         Clock clock, Path dataDir, List<String> labels, int capacity) {
        this.dispatcher = dispatcher;
        this.home = EmbeddedAgentHome.claim(dataDir.resolve("embedded-agent"), host());
        this.legacyLedger = dataDir.resolve("agent-processes");
        try {
            this.link = new EmbeddedLink(dispatcher, events, home.name(), home.dir());
        } catch (IOException e) {
            home.close();
            throw new UncheckedIOException("cannot open the embedded agent's spool in " + home.dir(), e);
        }
        this.core = new AgentCore(link, supervisor, http, clock,
                new AgentCore.Identity(home.name(), UUID.randomUUID().toString(), labels, capacity, dev.vigil.util.Version.current()));
        this.thread = Thread.ofPlatform().name("vigil-embedded-agent").daemon(true).unstarted(core::run);
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
    }

    /**
     * Delivers what the spool holds from before, takes over the runs an earlier process of this
     * server left, then polls for work. Call once the writer runs.
     */
    public void start() {
        started = true;
        link.startDelivery();
        ProcessLedger.endLegacyLeftovers(legacyLedger);
        try {
            core.useDirectory(home.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the embedded agent's directory " + home.dir(), e);
        }
        thread.start();
    }

    /**
     * Looks for work now (tests drive the agent with this): wakes the agent's held poll, and polls
     * once more itself unless that poll is still busy. Returns how many runs this call started.
     */
    public int runOnce() {
        try {
            dispatcher.wakePolls(); // the agent's own held poll looks again
            return core.pollIfIdle();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    public String name() { return core.identity().name(); }

    public int capacity() { return core.identity().capacity(); }

    public int runningCount() { return core.runningCount(); }

    /** Reports waiting in the spool to be applied. */
    public int pending() { return link.pending(); }

    /** Waits until every report handed over so far is applied, or the time is up; true if all are. */
    public boolean flush(Duration max) throws InterruptedException {
        return link.flush(max);
    }

    /**
     * Stops taking work and cancels what runs (TERM, then KILL after the grace), then waits a while
     * for those runs to end and every report to be applied; what is not by then stays in the spool
     * for the next start.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        core.close();
        core.cancelAll();
        long until = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            while (core.runningCount() > 0 && System.nanoTime() < until) Thread.sleep(20);
            if (started && !link.flush(Duration.ofNanos(Math.max(0, until - System.nanoTime())))) {
                log.warn("{} run reports are not applied yet; they stay in the spool for the next start", link.pending());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            link.close();
        } catch (IOException e) {
            log.warn("cannot close the embedded agent's spool: {}", e.toString());
        }
        home.close();
    }
}

package dev.vigil.execution;

import dev.vigil.agent.AgentCore;
import dev.vigil.agent.ServerLink;
import dev.vigil.agent.process.Supervisor;
import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.PollReply;
import dev.vigil.agent.wire.RunEvent;
import dev.vigil.domain.Agent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The agent inside {@code vigil server}, so that one machine needs one process: the same
 * {@link AgentCore} as {@code vigil agent}, linked to the dispatcher in process instead of over HTTP.
 * It registers under {@code embedded@<host>}; a restarted server takes its own name over, and the
 * runs its previous process held are recorded lost (and retried per policy) on the first poll.
 */
public final class EmbeddedAgent implements AutoCloseable {
    public static final int DEFAULT_CAPACITY = 4;

    private final AgentCore core;
    private final Dispatcher dispatcher;
    private final Thread thread;

    public EmbeddedAgent(Dispatcher dispatcher, RunEvents events, Supervisor supervisor, AgentCore.HttpStarter http,
                         Clock clock, String name, List<String> labels, int capacity) {
        this.dispatcher = dispatcher;
        this.core = new AgentCore(new LocalLink(dispatcher, events, name), supervisor, http, clock,
                new AgentCore.Identity(name, UUID.randomUUID().toString(), labels, capacity, dev.vigil.util.Version.current()));
        this.thread = Thread.ofPlatform().name("vigil-embedded-agent").daemon(true).unstarted(core::run);
    }

    /** Keeps the process ledger in {@code dir}, ending what a crashed earlier server left running. */
    public EmbeddedAgent withLedger(java.nio.file.Path dir) {
        try {
            core.useLedger(new dev.vigil.agent.process.ProcessLedger(dir));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the process ledger in " + dir, e);
        }
        return this;
    }

    /** {@code embedded@<host name>}: distinct per server, so that servers sharing a database keep apart. */
    public static String defaultName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return "embedded@" + host;
    }

    public void start() {
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
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    public String name() { return core.identity().name(); }

    public int capacity() { return core.identity().capacity(); }

    public int runningCount() { return core.runningCount(); }

    @Override
    public void close() {
        core.close();
        core.cancelAll();
    }

    /** Calls the dispatcher directly; delivery is synchronous, so nothing is ever undelivered. */
    private record LocalLink(Dispatcher dispatcher, RunEvents events, String name) implements ServerLink {
        @Override
        public PollReply poll(Poll poll) throws InterruptedException {
            return dispatcher.longPoll(poll, Agent.Kind.EMBEDDED, null);
        }

        @Override
        public void send(RunEvent event) {
            events.apply(name, List.of(event));
        }

        @Override
        public Set<Long> undelivered() {
            return Set.of();
        }

        @Override
        public boolean flush(Duration max) {
            return true;
        }

        @Override
        public void leave(String agent, String instance) {
            dispatcher.leave(agent, instance);
        }
    }
}

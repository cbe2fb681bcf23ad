package dev.vigil.execution;

import dev.vigil.domain.Agent;
import dev.vigil.domain.Run;
import dev.vigil.schedule.Durations;
import dev.vigil.store.Transactor;
import dev.vigil.util.Worker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares agents that stopped polling lost, and their runs with them (retried per each job's
 * policy), within a second of their lease running out. Leases are not judged during the first
 * lease after this server started: agents keep running through a server restart and need a moment
 * to come back (PRODUCT.md §5), so downtime of the server never costs an agent its runs.
 */
public final class LeaseWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseWatcher.class);

    private final Transactor store;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final Instant startedAt;
    private final Worker worker = new Worker("vigil-leases", () -> {
        check();
        return 1_000;
    });

    public LeaseWatcher(Transactor store, Dispatcher dispatcher, Clock clock) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** One look: returns how many agents it declared lost. */
    public int check() {
        Instant now = clock.instant();
        Duration lease = dispatcher.lease();
        if (now.isBefore(startedAt.plus(lease))) return 0;
        int lost = 0;
        for (Agent agent : store.read(tx -> tx.agents().silentSince(now.minus(lease)))) {
            if (!store.write(tx -> tx.agents().setState(agent.name(), agent.instance(), Agent.State.LOST))) continue;
            lost++;
            String silence = Durations.format(Duration.between(agent.lastSeenAt(), now));
            log.warn("agent {} has not polled for {}: lost, with the runs it held", agent.name(), silence);
            for (Run run : store.read(tx -> tx.runs().heldBy(agent.name()))) {
                dispatcher.lose(run, agent.name(), now, "lost: agent " + agent.name() + " stopped answering (last heard "
                        + silence + " ago)");
            }
        }
        return lost;
    }

    public void start() {
        worker.start();
    }

    @Override
    public void close() {
        worker.close();
    }
}

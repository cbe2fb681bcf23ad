package dev.vigil.execution;

import dev.vigil.domain.Agent;
import dev.vigil.domain.Run;
import dev.vigil.schedule.Durations;
import dev.vigil.store.Transactor;
import dev.vigil.util.Worker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares agents that stopped polling lost, and their runs with them (retried per each job's
 * policy), within a second of their lease running out. Leases are not judged during the first
 * lease after this server started: agents keep running through a server restart and need a moment
 * to come back (PRODUCT.md §5), so downtime of the server never costs an agent its runs.
 *
 * <p>The same after this server could not look for a while ({@link #STALL} or more between two
 * looks): the store was unreachable (so no agent could poll either), or the server stalled. Agents
 * then get a whole lease from the next look, instead of being found silent for the outage.
 */
public final class LeaseWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseWatcher.class);

    private final Transactor store;
    private final Dispatcher dispatcher;
    private final Clock clock;
    /** Two looks this far apart mean this server could not look between them. */
    static final Duration STALL = Duration.ofSeconds(5);

    /** Leases are judged from here: the start, or the first look after a stall. */
    private Instant judgingFrom;
    /** When the last look that reached the store began. */
    private Instant lastLook;
    private final Worker worker = new Worker("vigil-leases", () -> {
        check();
        return 1_000;
    });

    public LeaseWatcher(Transactor store, Dispatcher dispatcher, Clock clock) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.judgingFrom = clock.instant();
    }

    /** One look: returns how many agents it declared lost. */
    public synchronized int check() {
        Instant now = clock.instant();
        Duration lease = dispatcher.lease();
        if (lastLook != null && Duration.between(lastLook, now).compareTo(STALL) >= 0) {
            log.warn("no look at agent leases for {}: agents get a whole lease ({}) from now before they count as lost",
                    Durations.format(Duration.between(lastLook, now)), Durations.format(lease));
            judgingFrom = now;
        }
        List<Agent> silent = store.read(tx -> tx.agents().silentSince(now.minus(lease)));
        lastLook = now;
        if (now.isBefore(judgingFrom.plus(lease))) return 0;
        int lost = 0;
        for (Agent agent : silent) {
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

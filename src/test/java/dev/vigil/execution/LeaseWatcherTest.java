package dev.vigil.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Agent;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import dev.vigil.ingest.Committed;
import dev.vigil.ingest.Ingest;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.store.TestJobs;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.SqlStores;
import dev.vigil.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents that stop polling are lost with their runs once their lease runs out; but neither the
 * server's own start nor a time it could not look (the store away, the server stalled) counts
 * against them: they get a whole lease after it.
 */
class LeaseWatcherTest {
    static final Duration LEASE = Duration.ofSeconds(20);
    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    @TempDir
    Path dataDir;
    private Transactor store;
    private LeaseWatcher watcher;
    private long runId;

    @BeforeEach
    void open() {
        store = SqlStores.sqlite(dataDir);
        Ingest ingest = new Ingest(store, clock, new DeadlineIndex(), Committed.Listener.NONE, Duration.ofSeconds(2),
                Duration.ofMinutes(1), 1_000);
        Dispatcher dispatcher = new Dispatcher(store, ingest, clock, new WorkSignal(), LEASE, 1 << 20, Duration.ofSeconds(1));
        var project = store.write(tx -> tx.projects().insert("prod", "Prod", "ping-key", clock.instant()));
        long jobId = store.write(tx -> tx.jobs().insert(TestJobs.aJob("nightly").in(project).build())).id();
        seen("a1", clock.instant());
        runId = store.write(tx -> tx.runs().insert(new Run(0, jobId, null, Trigger.MANUAL, null, 1, RunState.RUNNING,
                clock.instant(), null, null, null, null, "a1")).id());
        watcher = new LeaseWatcher(store, dispatcher, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void seen(String name, Instant at) {
        store.write(tx -> {
            tx.agents().save(new Agent(name, "i-" + name, Agent.Kind.REMOTE, List.of(), 4, Agent.State.CONNECTED, "test",
                    clock.instant(), at, null));
            return null;
        });
    }

    private Agent.State state(String name) {
        return store.read(tx -> tx.agents().byName(name)).orElseThrow().state();
    }

    /** Looks once a second for this long, as the server's loop does. */
    private int lookFor(Duration d) {
        int lost = 0;
        for (long s = 0; s < d.toSeconds(); s++) {
            clock.advance(Duration.ofSeconds(1));
            lost += watcher.check();
        }
        return lost;
    }

    @Test
    void an_agent_silent_for_its_lease_is_lost_with_its_runs() {
        assertThat(lookFor(LEASE.minusSeconds(1))).isZero();
        assertThat(state("a1")).isEqualTo(Agent.State.CONNECTED);
        assertThat(lookFor(Duration.ofSeconds(2))).isEqualTo(1);
        assertThat(state("a1")).isEqualTo(Agent.State.LOST);
        assertThat(store.read(tx -> tx.runs().byId(runId)).orElseThrow().state()).isNotEqualTo(RunState.RUNNING);
    }

    @Test
    void after_a_time_the_server_could_not_look_agents_get_a_whole_lease_again() {
        lookFor(Duration.ofSeconds(5));
        // The store is away for 30 s: no look succeeds, and no agent can poll.
        clock.advance(Duration.ofSeconds(30));
        assertThat(watcher.check()).as("silent 36 s, but only because nothing could be heard").isZero();
        assertThat(lookFor(LEASE.minusSeconds(2))).isZero();
        assertThat(state("a1")).isEqualTo(Agent.State.CONNECTED);
        assertThat(store.read(tx -> tx.runs().byId(runId)).orElseThrow().state()).isEqualTo(RunState.RUNNING);
        // Still silent a whole lease after the store came back: lost now.
        assertThat(lookFor(Duration.ofSeconds(3))).isEqualTo(1);
        assertThat(state("a1")).isEqualTo(Agent.State.LOST);
    }

    @Test
    void an_agent_that_polls_after_the_outage_stays() {
        lookFor(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(30));
        watcher.check();
        clock.advance(Duration.ofSeconds(2));
        seen("a1", clock.instant());
        assertThat(lookFor(LEASE.minusSeconds(1))).isZero();
        assertThat(state("a1")).isEqualTo(Agent.State.CONNECTED);
    }
}

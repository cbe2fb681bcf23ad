package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cluster.Ownership;
import dev.vigil.cluster.Partitions;
import dev.vigil.domain.Job;
import dev.vigil.domain.Status;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.monitor.Observation;
import dev.vigil.store.TestJobs;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.PostgresSchema;
import dev.vigil.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fencing contract (docs/cluster.md): a deadline decided by a node that no longer holds the
 * job's partition at the epoch it knows is not committed, and that node stops deciding for the
 * partition; the partition's current owner decides it.
 */
class FencingTest {
    static final PostgresSchema SCHEMA = new PostgresSchema();
    final MutableClock clock = MutableClock.at("2026-01-01T10:00:00Z");
    Transactor store;
    Ingest stale;
    Ingest current;
    final Owner a = new Owner("a");
    final Owner b = new Owner("b");

    /** Ownership as a node believes it: the epochs it thinks it holds. */
    static final class Owner implements Ownership {
        final String node;
        final Map<Integer, Long> epochs = new ConcurrentHashMap<>();
        final Set<Integer> fencedOut = ConcurrentHashMap.newKeySet();

        Owner(String node) { this.node = node; }

        @Override public String node() { return node; }
        @Override public boolean shared() { return true; }
        @Override public long epochOf(int partition) { return epochs.getOrDefault(partition, -1L); }
        @Override public void fenceFailed(int partition) {
            fencedOut.add(partition);
            epochs.remove(partition);
        }
        @Override public void start(Listener listener) {}
    }

    @BeforeEach
    void open() {
        store = SCHEMA.emptied();
        store.write(tx -> {
            tx.cluster().ensurePartitions(Partitions.COUNT);
            return null;
        });
        stale = new Ingest(store, clock, new DeadlineIndex(), c -> {}, Duration.ofSeconds(2), Duration.ofMinutes(1), 1_000, a);
        current = new Ingest(store, clock, new DeadlineIndex(), c -> {}, Duration.ofSeconds(2), Duration.ofMinutes(1), 1_000, b);
    }

    @AfterEach
    void close() {
        stale.close();
        current.close();
        store.close();
    }

    @AfterAll
    static void drop() {
        SCHEMA.close();
    }

    private boolean claim(int partition, long epoch, String node) {
        return store.write(tx -> tx.cluster().claim(partition, epoch, node, clock.instant()));
    }

    private Status status(long jobId) {
        return store.read(tx -> tx.states().get(jobId)).orElseThrow().status();
    }

    @Test
    void a_former_owner_cannot_commit_a_deadline_decision_and_the_current_owner_can() {
        var project = store.write(tx -> tx.projects().insert("ops", "Ops", "key-ops", clock.instant()));
        Job draft = TestJobs.aJob("nightly").in(project).every(Duration.ofMinutes(1)).grace(Duration.ofSeconds(30))
                .createdAt(clock.instant()).build();
        long id = stale.execute(new Command.Define(draft)).job().id(); // any node may define
        int p = Partitions.of(id);
        // a claims the partition (epoch 1), then b takes it over (epoch 2) while a was stalled.
        assertThat(claim(p, 0, "a")).isTrue();
        a.epochs.put(p, 1L);
        stale.execute(new Command.Report(new Command.ById(id), Observation.of(Observation.Kind.SUCCESS, clock.instant()),
                null, null, "test"));
        assertThat(status(id)).isEqualTo(Status.UP);
        assertThat(claim(p, 1, "b")).isTrue();
        b.epochs.put(p, 2L);

        clock.advance(Duration.ofSeconds(61)); // past the expected ping: late
        Result fenced = stale.execute(new Command.Tick(id, clock.instant()));
        assertThat(fenced).isSameAs(Result.NOTHING);
        assertThat(status(id)).as("the former owner's decision is not committed").isEqualTo(Status.UP);
        assertThat(a.fencedOut).containsExactly(p);
        assertThat(a.owns(id)).isFalse();

        current.execute(new Command.Tick(id, clock.instant()));
        assertThat(status(id)).as("the current owner decides").isEqualTo(Status.LATE);
        assertThat(b.fencedOut).isEmpty();
    }

    @Test
    void reports_are_applied_by_any_node_each_on_what_the_other_committed() {
        var project = store.write(tx -> tx.projects().insert("ops", "Ops", "key-ops", clock.instant()));
        Job draft = TestJobs.aJob("etl").in(project).every(Duration.ofMinutes(1)).createdAt(clock.instant()).build();
        long id = current.execute(new Command.Define(draft)).job().id();
        stale.execute(new Command.Report(new Command.ById(id), Observation.of(Observation.Kind.FAILURE, clock.instant()),
                null, null, "test"));
        current.execute(new Command.Report(new Command.ById(id), Observation.of(Observation.Kind.FAILURE, clock.instant()),
                null, null, "test"));
        stale.execute(new Command.Report(new Command.ById(id), Observation.of(Observation.Kind.FAILURE, clock.instant()),
                null, null, "test"));
        // Neither node's memory of the job hid the other's reports: three failures in a row.
        assertThat(store.read(tx -> tx.states().get(id)).orElseThrow().consecutiveFailures()).isEqualTo(3);
        java.util.List<dev.vigil.store.ClusterStore.JobChange> changes = store.read(tx -> tx.cluster().changesSince(java.time.Instant.EPOCH));
        assertThat(changes).extracting(c -> c.jobId() + " " + c.kind()).containsExactly(id + " defined");
    }
}

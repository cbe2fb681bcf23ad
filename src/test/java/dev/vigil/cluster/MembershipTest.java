package dev.vigil.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.ClusterStore;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.PostgresSchema;
import dev.vigil.testing.MutableClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes sharing one PostgreSQL database lease the partitions among themselves: each held by exactly
 * one live node, moved when nodes join, leave or die, and a former owner's fence fails. Beats are
 * driven by hand with a settable clock.
 */
class MembershipTest {
    static final PostgresSchema SCHEMA = new PostgresSchema();
    static final Duration BEAT = Duration.ofSeconds(1);
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    Transactor store;
    final List<Membership> nodes = new java.util.ArrayList<>();

    /** What a node's listener heard: partitions it holds by what it was told. */
    static final class Heard implements Ownership.Listener {
        final Set<Integer> holding = ConcurrentHashMap.newKeySet();

        @Override public void gained(Set<Integer> partitions) { holding.addAll(partitions); }

        @Override public void lost(Set<Integer> partitions) { holding.removeAll(partitions); }
    }

    @BeforeEach
    void open() {
        store = SCHEMA.emptied();
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(Membership::close);
        store.close();
    }

    @AfterAll
    static void drop() {
        SCHEMA.close();
    }

    private Membership node(String name, Heard heard) {
        Membership m = new Membership(store, clock, name, "http://" + name, "test", BEAT, TIMEOUT);
        nodes.add(m);
        m.start(heard);
        return m;
    }

    private void beatAll(Membership... ms) {
        for (Membership m : ms) m.beat();
    }

    private List<ClusterStore.Takeover> takeovers() {
        return store.read(tx -> tx.cluster().recentTakeovers(500));
    }

    private Set<Integer> fence(String node, Map<Integer, Long> expected) {
        return store.write(tx -> tx.cluster().fence(node, expected));
    }

    private List<String> nodeIds() {
        return store.read(tx -> tx.cluster().nodes()).stream().map(ClusterStore.Node::id).toList();
    }

    private Map<Integer, String> owners() {
        Map<Integer, String> out = new java.util.HashMap<>();
        for (ClusterStore.Lease l : store.read(tx -> tx.cluster().leases())) out.put(l.partition(), l.owner());
        return out;
    }

    @Test
    void a_lone_node_owns_every_partition_from_its_start() {
        Heard heard = new Heard();
        Membership a = node("a", heard);
        assertThat(a.held()).isEqualTo(Partitions.all());
        assertThat(heard.holding).isEqualTo(Partitions.all());
        assertThat(owners().values()).containsOnly("a");
        assertThat(a.owns(7)).isTrue();
        assertThat(takeovers()).hasSize(Partitions.COUNT)
                .allSatisfy(t -> assertThat(t.how()).isEqualTo("claimed"));
    }

    @Test
    void a_joining_node_gets_its_share_and_every_partition_keeps_exactly_one_owner() {
        Heard ha = new Heard();
        Heard hb = new Heard();
        Membership a = node("a", ha);
        Membership b = node("b", hb);
        beatAll(a, b); // a lets go of b's share, then b claims it
        assertThat(a.held()).doesNotContainAnyElementsOf(b.held());
        Set<Integer> union = new HashSet<>(a.held());
        union.addAll(b.held());
        assertThat(union).isEqualTo(Partitions.all());
        assertThat(a.held().size()).isBetween(16, 48);
        assertThat(ha.holding).isEqualTo(a.held());
        assertThat(hb.holding).isEqualTo(b.held());
        Map<Integer, String> owners = owners();
        a.held().forEach(p -> assertThat(owners.get(p)).isEqualTo("a"));
        b.held().forEach(p -> assertThat(owners.get(p)).isEqualTo("b"));
        // Stable: more beats move nothing.
        Set<Integer> before = a.held();
        beatAll(a, b, a, b);
        assertThat(a.held()).isEqualTo(before);
    }

    @Test
    void a_third_node_moves_only_partitions_it_wins() {
        Membership a = node("a", new Heard());
        Membership b = node("b", new Heard());
        beatAll(a, b);
        Set<Integer> aBefore = a.held();
        Set<Integer> bBefore = b.held();
        Membership c = node("c", new Heard());
        beatAll(a, b, c);
        assertThat(c.held()).isNotEmpty();
        // Nothing moved between a and b: each kept what it had, less what c won.
        assertThat(aBefore).containsAll(a.held());
        assertThat(bBefore).containsAll(b.held());
        assertThat(a.held().size() + b.held().size() + c.held().size()).isEqualTo(Partitions.COUNT);
    }

    @Test
    void a_node_that_stops_hands_its_partitions_over_at_the_next_beat() {
        Membership a = node("a", new Heard());
        Heard hb = new Heard();
        Membership b = node("b", hb);
        beatAll(a, b);
        Set<Integer> aHad = a.held();
        a.close();
        assertThat(a.owns(aHad.iterator().next())).isFalse();
        b.beat();
        assertThat(b.held()).isEqualTo(Partitions.all());
        assertThat(hb.holding).isEqualTo(Partitions.all());
        assertThat(nodeIds()).containsExactly("b");
    }

    @Test
    void a_dead_node_is_taken_over_after_the_node_timeout_and_its_fence_then_fails() {
        Membership a = node("a", new Heard());
        Membership b = node("b", new Heard());
        beatAll(a, b);
        int p = a.held().iterator().next();
        long staleEpoch = a.epochOf(p);
        // a stops beating (killed, or stalled). Within the timeout nothing moves.
        clock.advance(Duration.ofSeconds(3));
        b.beat();
        assertThat(b.held()).doesNotContain(p);
        clock.advance(Duration.ofSeconds(3));
        b.beat();
        assertThat(b.held()).isEqualTo(Partitions.all());
        assertThat(b.epochOf(p)).isEqualTo(staleEpoch + 1);
        // a, stalled past its own validity, no longer decides; and what it would commit is fenced out.
        assertThat(a.epochOf(p)).isEqualTo(-1);
        assertThat(fence("a", Map.of(p, staleEpoch))).isEmpty();
        assertThat(fence("b", Map.of(p, staleEpoch + 1))).containsExactly(p);
        assertThat(takeovers())
                .anySatisfy(t -> {
                    assertThat(t.partition()).isEqualTo(p);
                    assertThat(t.how()).isEqualTo("took over");
                    assertThat(t.from()).isEqualTo("a");
                    assertThat(t.to()).isEqualTo("b");
                });
        // When a comes back, its beat finds the partitions taken (nothing of its old share is kept);
        // b then lets go of a's share and a claims it, each partition at a newer epoch than b's.
        a.beat();
        assertThat(a.held()).isEmpty();
        b.beat();
        a.beat();
        assertThat(a.held()).isNotEmpty().contains(p);
        assertThat(a.epochOf(p)).isEqualTo(staleEpoch + 2);
        Map<Integer, String> owners = owners();
        a.held().forEach(q -> assertThat(owners.get(q)).isEqualTo("a"));
        b.held().forEach(q -> assertThat(owners.get(q)).isEqualTo("b"));
        assertThat(fence("a", Map.of(p, staleEpoch + 2))).containsExactly(p);
    }

    @Test
    void a_node_that_cannot_reach_the_store_stops_deciding_is_not_ready_and_adopts_its_partitions_again_when_it_can() {
        Outage outage = new Outage(store);
        Heard heard = new Heard();
        Membership a = new Membership(outage, clock, "a", "http://a", "test", BEAT, TIMEOUT);
        nodes.add(a);
        a.start(heard);
        assertThat(a.connected()).isTrue();
        outage.down = true;
        clock.advance(Duration.ofSeconds(3));
        a.beat(); // fails; still within its validity (timeout less one beat)
        assertThat(a.connected()).isTrue();
        assertThat(heard.holding).isEqualTo(Partitions.all());
        clock.advance(Duration.ofMillis(1_500));
        a.beat();
        assertThat(a.connected()).as("4.5 s without a heartbeat written").isFalse();
        assertThat(a.held()).isEmpty();
        assertThat(heard.holding).as("stopped deciding before another node may take over").isEmpty();
        outage.down = false;
        clock.advance(Duration.ofSeconds(1));
        a.beat();
        assertThat(a.connected()).isTrue();
        assertThat(heard.holding).as("no other node took them: adopted again").isEqualTo(Partitions.all());
    }

    @Test
    void a_heartbeat_that_waited_out_an_outage_takes_the_partitions_up_afresh() {
        Outage outage = new Outage(store);
        Heard heard = new Heard();
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        Membership a = new Membership(outage, clock, "a", "http://a", "test", BEAT, TIMEOUT);
        nodes.add(a);
        a.start(new Ownership.Listener() {
            @Override public void gained(Set<Integer> partitions) {
                heard.gained(partitions);
                told.add("gained " + partitions.size());
            }

            @Override public void lost(Set<Integer> partitions) {
                heard.lost(partitions);
                told.add("lost " + partitions.size());
            }
        });
        told.clear();
        // The next heartbeat waits 10 s for a connection (the database restarting), then succeeds.
        outage.stall = () -> clock.advance(Duration.ofSeconds(10));
        a.beat();
        assertThat(told).as("lost, then gained again: deadlines that passed meanwhile get the re-check window")
                .containsExactly("lost 64", "gained 64");
        assertThat(a.held()).isEqualTo(Partitions.all());
        assertThat(a.connected()).isTrue();
    }

    /** The store, or an outage of it: every call fails while {@link #down}, or first waits {@link #stall}. */
    static final class Outage implements Transactor {
        private final Transactor store;
        volatile boolean down;
        volatile Runnable stall;

        Outage(Transactor store) { this.store = store; }

        private void check() {
            if (down) throw new IllegalStateException("connection refused (test outage)");
            Runnable s = stall;
            stall = null;
            if (s != null) s.run();
        }

        @Override public <T> T write(java.util.function.Function<dev.vigil.store.Tx, T> work) {
            check();
            return store.write(work);
        }

        @Override public <T> T read(java.util.function.Function<dev.vigil.store.Tx, T> work) {
            check();
            return store.read(work);
        }

        @Override public String databaseName() { return store.databaseName(); }

        @Override public void close() {}
    }

    @Test
    void the_preferred_owner_moves_little_when_nodes_change() {
        List<String> three = List.of("n1", "n2", "n3");
        List<String> four = List.of("n1", "n2", "n3", "n4");
        int moved = 0;
        for (int p = 0; p < Partitions.COUNT; p++) {
            String before = Partitions.preferred(p, three);
            String after = Partitions.preferred(p, four);
            if (!before.equals(after)) {
                moved++;
                assertThat(after).isEqualTo("n4"); // only to the new node, never between old ones
            }
        }
        assertThat(moved).isBetween(5, 30);
        assertThat(Partitions.preferred(3, List.of())).isNull();
        assertThat(Partitions.of(-1)).isBetween(0, Partitions.COUNT - 1);
    }
}

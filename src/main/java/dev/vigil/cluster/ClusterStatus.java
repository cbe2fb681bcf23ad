package dev.vigil.cluster;

import dev.vigil.store.ClusterStore;
import dev.vigil.store.Transactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster as one server reads it from the store: the nodes with their state and partitions,
 * the partitions no live node holds, and the latest changes of ownership. What
 * {@code GET /api/v1/cluster} and the dashboard's cluster page show.
 *
 * @param shared  false on SQLite: this server alone, owning every partition
 * @param self    this server's node name
 */
public record ClusterStatus(boolean shared, String self, Duration nodeTimeout, List<Node> nodes, List<Integer> unowned,
                            List<ClusterStore.Takeover> takeovers) {

    /** A node; {@code state} is {@code live}, {@code stopping} or {@code dead} (not heard from for the node timeout). */
    public record Node(String id, String address, String version, Instant startedAt, Instant lastHeartbeatAt, long heartbeatAgeMs,
                       String state, List<Integer> partitions) {}

    private record Snapshot(List<ClusterStore.Node> nodes, List<ClusterStore.Lease> leases, List<ClusterStore.Takeover> takeovers) {}

    /** @param now the machine's clock, as heartbeats are stamped */
    public static ClusterStatus read(Transactor store, Ownership ownership, Duration nodeTimeout, Instant now, int takeoverLimit) {
        if (!ownership.shared()) {
            Node self = new Node(ownership.node(), null, null, null, null, 0, "live",
                    Partitions.all().stream().sorted().toList());
            return new ClusterStatus(false, ownership.node(), nodeTimeout, List.of(self), List.of(), List.of());
        }
        Snapshot s = store.read(tx -> new Snapshot(tx.cluster().nodes(), tx.cluster().leases(),
                tx.cluster().recentTakeovers(takeoverLimit)));
        Map<String, List<Integer>> owned = new HashMap<>();
        for (ClusterStore.Lease l : s.leases()) {
            if (l.owner() != null) owned.computeIfAbsent(l.owner(), k -> new ArrayList<>()).add(l.partition());
        }
        Set<String> live = new HashSet<>();
        List<Node> nodes = s.nodes().stream().map(n -> {
            long age = Duration.between(n.heartbeatAt(), now).toMillis();
            String state = n.stopping() ? "stopping" : age > nodeTimeout.toMillis() ? "dead" : "live";
            if (state.equals("live")) live.add(n.id());
            return new Node(n.id(), n.address(), n.version(), n.startedAt(), n.heartbeatAt(), age, state,
                    owned.getOrDefault(n.id(), List.of()));
        }).toList();
        List<Integer> unowned = s.leases().stream().filter(l -> l.owner() == null || !live.contains(l.owner()))
                .map(ClusterStore.Lease::partition).toList();
        return new ClusterStatus(true, ownership.node(), nodeTimeout, nodes, unowned, s.takeovers());
    }

    public long live() {
        return nodes.stream().filter(n -> n.state().equals("live")).count();
    }
}

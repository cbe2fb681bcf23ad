package dev.vigil.cluster;

import dev.vigil.store.ClusterStore;
import dev.vigil.store.Transactor;
import dev.vigil.util.Worker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server as one node of several sharing a PostgreSQL database (docs/cluster.md). Every
 * {@code heartbeat} it refreshes its row in {@code cluster_nodes}, reads the nodes and the
 * partition leases, and moves partitions toward their preferred owner among the live nodes
 * ({@link Partitions#preferred}):
 * <ul>
 * <li>a partition it holds but another live node is preferred for is let go (after this node
 *     stopped deciding for it), and that node claims it on its next beat;</li>
 * <li>a partition it is preferred for that is free, or held by a node not heard from for
 *     {@code nodeTimeout} (or stopping), is claimed: the epoch goes up by one;</li>
 * <li>a partition left free for three beats is claimed by any node, in case its preferred one is
 *     stuck.</li>
 * </ul>
 * A lease is valid while its owner's heartbeat is fresh: there is one write per node and beat,
 * not one per partition. This node stops deciding for everything once its own last heartbeat is
 * older than {@code nodeTimeout} less one beat (the database or the network is away), before any
 * other node may take its partitions; and whatever it commits is fenced by its epochs anyway
 * ({@link ClusterStore#fence}).
 *
 * <p>The clock is the machine's, not the one decisions are made with: a settable clock in tests of
 * deadlines must not make this node look dead to itself.
 */
public final class Membership implements Ownership, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Membership.class);
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(5);
    /** Nodes not heard from for this long are removed from the table. */
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** Definition changes are kept this long for owners to read. */
    static final Duration CHANGES_KEPT = Duration.ofMinutes(10);
    static final int FREE_BEATS_BEFORE_ANYONE_CLAIMS = 3;

    private final Transactor store;
    private final Clock clock;
    private final String node;
    private final String address;
    private final String version;
    private final Duration heartbeat;
    private final Duration nodeTimeout;
    private final Instant startedAt;
    /** Partitions held, with the epoch they are held at. */
    private final Map<Integer, Long> held = new ConcurrentHashMap<>();
    /** When this node first saw each free partition (only the beat's thread). */
    private final Map<Integer, Integer> freeBeats = new HashMap<>();
    private final Worker worker;
    private volatile long validUntil;
    private volatile boolean stopping;
    private volatile Listener listener;
    private long beats;

    public Membership(Transactor store, Clock clock, String node, String address, String version, Duration heartbeat,
                      Duration nodeTimeout) {
        if (heartbeat.isNegative() || heartbeat.isZero()) throw new IllegalArgumentException("heartbeat must be positive");
        if (nodeTimeout.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("node timeout " + nodeTimeout + " must be at least twice the heartbeat " + heartbeat);
        }
        this.store = store;
        this.clock = clock;
        this.node = node;
        this.address = address;
        this.version = version;
        this.heartbeat = heartbeat;
        this.nodeTimeout = nodeTimeout;
        this.startedAt = clock.instant();
        this.worker = new Worker("vigil-cluster", this::pass);
    }

    /** A node name unique per process: host, process id and a random part. */
    public static String newNodeName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "host";
        }
        String random = Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffL, 36);
        return host + "-" + ProcessHandle.current().pid() + "-" + random;
    }

    @Override
    public String node() { return node; }

    @Override
    public boolean shared() { return true; }

    @Override
    public boolean connected() {
        return !stopping && clock.millis() < validUntil;
    }

    @Override
    public long epochOf(int partition) {
        Long e = held.get(partition);
        return e == null || clock.millis() >= validUntil ? -1 : e;
    }

    @Override
    public void fenceFailed(int partition) {
        if (held.remove(partition) != null) {
            log.warn("partition {} was taken by another node; no longer deciding for its jobs", partition);
            Listener l = listener;
            if (l != null) l.lost(Set.of(partition));
        }
    }

    /** Registers, takes its first partitions (the listener hears of them before this returns), then beats. */
    @Override
    public void start(Listener listener) {
        this.listener = listener;
        Instant now = clock.instant();
        store.write(tx -> {
            tx.cluster().ensurePartitions(Partitions.COUNT);
            tx.cluster().register(new ClusterStore.Node(node, address, version, now, now, false));
            return null;
        });
        validUntil = now.plus(nodeTimeout).minus(heartbeat).toEpochMilli();
        log.info("cluster node {} registered ({}); heartbeat {}, node timeout {}", node, address, heartbeat, nodeTimeout);
        beat();
        worker.start();
    }

    private long pass() {
        if (stopping) return heartbeat.toMillis();
        long start = clock.millis();
        beat();
        return Math.max(0, heartbeat.toMillis() - (clock.millis() - start));
    }

    /** One beat: heartbeat, then leases moved toward their preferred owners. Tests call it with a settable clock. */
    public synchronized void beat() {
        if (stopping) return;
        Instant now;
        try {
            now = writeHeartbeat();
            if (clock.millis() >= validUntil) {
                // The write took us past our validity (the store was away while it waited): we
                // decided nothing meanwhile, so take the partitions up afresh, as after a takeover,
                // with a heartbeat of now (the one written is as old as the wait).
                expireIfStale(clock.instant());
                now = writeHeartbeat();
            }
            validUntil = now.plus(nodeTimeout).minus(heartbeat).toEpochMilli();
        } catch (RuntimeException e) {
            log.warn("cluster heartbeat failed: {}", e.toString());
            expireIfStale(clock.instant());
            return;
        }
        try {
            rebalance(now);
        } catch (RuntimeException e) {
            log.warn("reading or moving partition leases failed: {}", e.toString());
        }
        if (++beats % 60 == 0) housekeeping(now);
    }

    /** Writes this node's heartbeat (registering again if others removed it as dead); returns its time. */
    private Instant writeHeartbeat() {
        Instant now = clock.instant();
        if (!store.write(tx -> tx.cluster().heartbeat(node, now))) {
            log.warn("cluster node {} was removed as dead; registering again", node);
            store.write(tx -> {
                tx.cluster().register(new ClusterStore.Node(node, address, version, startedAt, now, false));
                return null;
            });
        }
        return now;
    }

    /** The database is away for longer than a lease: stop deciding before another node may take over. */
    private void expireIfStale(Instant now) {
        if (now.toEpochMilli() < validUntil || held.isEmpty()) return;
        Set<Integer> lost = new HashSet<>(held.keySet());
        held.clear();
        log.warn("no heartbeat for {}: no longer deciding for {} partitions", nodeTimeout, lost.size());
        listener.lost(lost);
    }

    private record View(List<ClusterStore.Node> nodes, List<ClusterStore.Lease> leases) {}

    private void rebalance(Instant now) {
        View view = store.read(tx -> new View(tx.cluster().nodes(), tx.cluster().leases()));
        Set<String> live = new HashSet<>();
        for (ClusterStore.Node n : view.nodes()) {
            if (!n.stopping() && n.heartbeatAt().isAfter(now.minus(nodeTimeout))) live.add(n.id());
        }
        live.add(node);
        Set<Integer> gained = new HashSet<>();
        Set<Integer> lost = new HashSet<>();
        for (ClusterStore.Lease lease : view.leases()) {
            int p = lease.partition();
            String preferred = Partitions.preferred(p, live);
            boolean mine = node.equals(lease.owner());
            if (mine) {
                freeBeats.remove(p);
                if (!node.equals(preferred)) {
                    // Another live node is preferred: stop deciding first, then let go.
                    if (held.remove(p) != null) lost.add(p);
                    release(p, lease.epoch(), now);
                } else if (held.putIfAbsent(p, lease.epoch()) == null) {
                    gained.add(p); // ours in the store, not in memory: after a stall, adopted again
                }
                continue;
            }
            if (held.remove(p) != null) lost.add(p); // someone else claimed it
            boolean free = lease.owner() == null || !live.contains(lease.owner());
            if (!free) {
                freeBeats.remove(p);
                continue;
            }
            int beatsFree = freeBeats.merge(p, 1, Integer::sum);
            if (node.equals(preferred) || beatsFree > FREE_BEATS_BEFORE_ANYONE_CLAIMS) {
                if (claim(lease, now)) {
                    held.put(p, lease.epoch() + 1);
                    gained.add(p);
                    freeBeats.remove(p);
                }
            }
        }
        if (!lost.isEmpty()) listener.lost(lost);
        if (!gained.isEmpty()) {
            log.info("cluster node {} now owns partitions {}", node, new java.util.TreeSet<>(gained));
            listener.gained(gained);
        }
    }

    private boolean claim(ClusterStore.Lease lease, Instant now) {
        String how = lease.owner() == null ? "claimed" : "took over";
        return store.write(tx -> {
            if (!tx.cluster().claim(lease.partition(), lease.epoch(), node, now)) return false;
            tx.cluster().recordTakeover(now, lease.partition(), lease.owner(), node, lease.epoch() + 1, how);
            return true;
        });
    }

    private void release(int partition, long epoch, Instant now) {
        store.write(tx -> {
            release(tx.cluster(), partition, epoch, now);
            return null;
        });
    }

    private void release(ClusterStore cluster, int partition, long epoch, Instant now) {
        if (cluster.release(partition, epoch, node)) cluster.recordTakeover(now, partition, node, node, epoch, "released");
    }

    private void housekeeping(Instant now) {
        try {
            store.write(tx -> {
                tx.cluster().forgetNodes(now.minus(FORGET_AFTER));
                tx.cluster().pruneChanges(now.minus(CHANGES_KEPT));
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("cluster housekeeping failed: {}", e.toString());
        }
    }

    /** The partitions held now. */
    public Set<Integer> held() {
        return Set.copyOf(held.keySet());
    }

    /**
     * Hands every partition over at once: stops deciding, lets go of the leases and leaves the
     * table, so that the other nodes claim them on their next beat.
     */
    @Override
    public synchronized void close() {
        if (stopping) return;
        stopping = true;
        worker.close();
        Set<Integer> mine = new HashSet<>(held.keySet());
        Map<Integer, Long> epochs = new HashMap<>(held);
        held.clear();
        Listener l = listener;
        if (l != null && !mine.isEmpty()) l.lost(mine);
        try {
            Instant now = clock.instant();
            store.write(tx -> {
                tx.cluster().markStopping(node);
                epochs.forEach((p, e) -> release(tx.cluster(), p, e, now));
                tx.cluster().deregister(node);
                return null;
            });
            log.info("cluster node {} left; released {} partitions", node, epochs.size());
        } catch (RuntimeException e) {
            log.warn("cluster node {} could not release its partitions ({}); they are taken over once it is timed out",
                    node, e.toString());
        }
    }
}

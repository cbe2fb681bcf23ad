package dev.vigil.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The nodes sharing one database, the leases of the job partitions, and the feed of definition
 * changes through which a partition's owner learns what other nodes changed (docs/cluster.md).
 */
public interface ClusterStore {

    /** A registered server. {@code heartbeatAt} is the node's own clock at its last heartbeat. */
    record Node(String id, String address, String version, Instant startedAt, Instant heartbeatAt, boolean stopping) {}

    /** A partition's lease: held by {@code owner} (null: free) at {@code epoch}, since {@code since}. */
    record Lease(int partition, String owner, long epoch, Instant since) {}

    /** A partition changed hands: {@code how} is {@code claimed} (it was free), {@code took over} or {@code handed over}. */
    record Takeover(long id, Instant at, int partition, String from, String to, long epoch, String how) {}

    /** A job's definition changed: {@code kind} is {@code defined}, {@code paused}, {@code resumed} or {@code deleted}. */
    record JobChange(long id, long jobId, String kind, Instant at, String node) {}

    void register(Node node);

    /** Refreshes the node's heartbeat; false if its row is gone (another node removed it as long dead). */
    boolean heartbeat(String nodeId, Instant at);

    void markStopping(String nodeId);

    void deregister(String nodeId);

    List<Node> nodes();

    /** Removes nodes not heard from since {@code before}, keeping the table small. */
    int forgetNodes(Instant before);

    /** Creates the lease rows of partitions 0 … count-1 that do not exist yet (free, epoch 0). */
    void ensurePartitions(int count);

    List<Lease> leases();

    /**
     * Takes the partition if it is still at {@code epoch} (nobody claimed it since it was read):
     * owner becomes {@code node}, epoch {@code epoch + 1}. One row per statement, so claims never
     * deadlock with an owner's fenced transaction.
     */
    boolean claim(int partition, long epoch, String node, Instant at);

    /** Lets go of a partition held at {@code epoch}; the epoch stays, a later claim raises it. */
    boolean release(int partition, long epoch, String node);

    /**
     * The partitions of {@code expected} that {@code node} still holds at the expected epoch, read
     * with a shared lock held until the transaction ends: a claim waits for that transaction, so
     * nothing it commits can follow a takeover.
     */
    java.util.Set<Integer> fence(String node, Map<Integer, Long> expected);

    void recordTakeover(Instant at, int partition, String from, String to, long epoch, String how);

    List<Takeover> recentTakeovers(int limit);

    void appendChange(long jobId, String kind, Instant at, String node);

    /** Changes at or after {@code since}, in id order. */
    List<JobChange> changesSince(Instant since);

    int pruneChanges(Instant before);

    /**
     * The highest ids of the tables every change of note adds a row to: whichever server committed
     * it, a rise says something happened (for open dashboards), a rise of {@code runs} that runs
     * were queued (for agents waiting on this server).
     */
    record Marks(long events, long runs, long incidentEvents, long changes) {}

    Marks marks();
}

package dev.vigil.cluster;

import java.util.Set;

/**
 * Which jobs this server decides for. Jobs map to {@link Partitions#COUNT} partitions by id; the
 * owner of a partition alone makes its jobs' time-driven decisions (deadlines reached, fire times
 * due), and commits them fenced by the epoch at which it holds the partition. Reports, agent events
 * and API calls are applied by whichever node receives them, under the job's row lock.
 *
 * <p>{@link #SOLE}: the only server on its store (always so on SQLite) owns every partition and
 * fences nothing.
 */
public interface Ownership {

    /** Told when this node gains or loses partitions; called on the thread that found out. */
    interface Listener {
        void gained(Set<Integer> partitions);

        void lost(Set<Integer> partitions);
    }

    /** This node's name, unique per server process. */
    String node();

    /** Whether other servers may write the same store: state is then read under lock, decisions fenced, changes fed. */
    boolean shared();

    /** Whether this node decides the job's deadlines and fire times now. */
    default boolean owns(long jobId) {
        return epochOf(Partitions.of(jobId)) >= 0;
    }

    /** The epoch at which this node holds the partition now; -1 if it does not. */
    long epochOf(int partition);

    /** A fenced commit found the partition taken by another node: stop deciding for it at once. */
    void fenceFailed(int partition);

    /**
     * Whether this node can reach the store it shares: false once its heartbeat could not be
     * written for a node timeout less one heartbeat, until one is written again. A load balancer
     * should send nothing to such a node ({@code /health/ready} answers 503).
     */
    default boolean connected() {
        return true;
    }

    /** Starts: the listener hears of every partition gained, the first ones before this returns. */
    void start(Listener listener);

    /** The only server on its store: owns every partition, at epoch 0, for good. */
    Ownership SOLE = new Ownership() {
        @Override public String node() { return "sole"; }
        @Override public boolean shared() { return false; }
        @Override public long epochOf(int partition) { return 0; }
        @Override public void fenceFailed(int partition) {
            throw new IllegalStateException("the sole server's partition " + partition + " was fenced (indicates a bug)");
        }
        @Override public void start(Listener listener) { listener.gained(Partitions.all()); }
    };
}

package dev.vigil.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Jobs map to a fixed number of partitions by id; each partition's preferred owner among the live
 * nodes is chosen by rendezvous hashing (the node with the highest score for the partition), so a
 * node joining or leaving moves only the partitions it wins or held: about 1/n of them.
 */
public final class Partitions {
    /** Fixed for the life of a database: the lease rows and {@code job_id % COUNT} in SQL depend on it. */
    public static final int COUNT = 64;

    private Partitions() {}

    public static int of(long jobId) {
        return (int) Math.floorMod(jobId, (long) COUNT);
    }

    public static Set<Integer> all() {
        return IntStream.range(0, COUNT).boxed().collect(Collectors.toUnmodifiableSet());
    }

    /** The preferred owner of the partition among {@code nodes}; null if there is none. */
    public static String preferred(int partition, Collection<String> nodes) {
        String best = null;
        long bestScore = 0;
        for (String n : nodes) {
            long s = score(n, partition);
            if (best == null || Long.compareUnsigned(s, bestScore) > 0 || s == bestScore && n.compareTo(best) < 0) {
                best = n;
                bestScore = s;
            }
        }
        return best;
    }

    /** FNV-1a over the node's name and the partition, then a final mix (splitmix64) to spread the bits. */
    static long score(String node, int partition) {
        long h = 0xcbf29ce484222325L;
        for (byte b : node.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= partition;
        h *= 0x100000001b3L;
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}

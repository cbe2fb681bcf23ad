package dev.vigil.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The writer's cache of recently active jobs, bounded so that a million idle jobs do not live on
 * the heap (the store is the source of truth; a miss costs one indexed read). Used by the writer
 * thread only.
 */
final class JobCache {
    private final Map<Long, JobRuntime> byId;
    private final Map<UUID, Long> idByUuid;

    JobCache(int capacity) {
        this.byId = lru(capacity);
        this.idByUuid = lru(capacity);
    }

    JobRuntime get(long jobId) {
        return byId.get(jobId);
    }

    Long idOf(UUID uuid) {
        return idByUuid.get(uuid);
    }

    void put(JobRuntime rt) {
        byId.put(rt.job().id(), rt);
        idByUuid.put(rt.job().uuid(), rt.job().id());
    }

    void evict(long jobId) {
        JobRuntime rt = byId.remove(jobId);
        if (rt != null) idByUuid.remove(rt.job().uuid());
    }

    /**
     * Forgets every job's state and definition, returning what it knew (uuid → id stays: it never
     * changes): when other servers may have changed any job, a batch reads its jobs afresh.
     */
    java.util.Map<Long, JobRuntime> takeStates() {
        java.util.Map<Long, JobRuntime> before = new java.util.HashMap<>(byId);
        byId.clear();
        return before;
    }

    void clear() {
        byId.clear();
        idByUuid.clear();
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}

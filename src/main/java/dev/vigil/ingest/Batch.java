package dev.vigil.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one transaction of the writer changed, applied to the cache and the deadline index only
 * after the commit, so that a rolled-back batch leaves memory as it was.
 */
final class Batch {
    final Map<Long, JobRuntime> touched = new HashMap<>();
    final Set<Long> deleted = new HashSet<>();
    final List<dev.vigil.domain.Job> defined = new ArrayList<>();
    boolean flipsRecorded;

    JobRuntime get(long jobId, JobCache cache) {
        if (deleted.contains(jobId)) return null;
        JobRuntime rt = touched.get(jobId);
        return rt != null ? rt : cache.get(jobId);
    }

    void put(JobRuntime rt) {
        touched.put(rt.job().id(), rt);
        deleted.remove(rt.job().id());
    }

    void delete(long jobId) {
        touched.remove(jobId);
        deleted.add(jobId);
    }
}

package dev.vigil.store;

import dev.vigil.domain.Health;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Status;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Job definitions. A job's state lives in {@link JobStateStore}; {@link #list} joins the two. */
public interface JobStore {

    /**
     * Stores a new job; its {@code id} is assigned here (the given one is ignored), its uuid and
     * timestamps are kept. @throws dev.vigil.domain.ConflictException if (project, slug) or uuid exists
     */
    Job insert(Job job);

    /** Replaces the definition of the job with {@code job.id()}; uuid and createdAt never change. */
    void update(Job job);

    /** Deletes the job with its state, events, runs, flips and pending notifications. */
    boolean delete(long id);

    Optional<Job> byId(long id);

    Optional<Job> byUuid(UUID uuid);

    Optional<Job> bySlug(long projectId, String slug);

    /** Jobs with their state, ordered by (project, slug), filtered by every non-null field. */
    List<JobWithState> list(Filter filter);

    long count();

    record JobWithState(Job job, JobState state) {}

    /**
     * @param afterKey paging: only jobs whose "project/slug" sorts after this; null for the first page
     * @param limit    at most this many (1..10,000)
     */
    record Filter(Long projectId, String tag, Status status, Health health, String afterKey, int limit) {
        public static Filter all() {
            return new Filter(null, null, null, null, null, 10_000);
        }
    }
}

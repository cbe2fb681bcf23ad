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

    /** The jobs with these ids that exist, by id: one query per few hundred ids, not one per job. */
    java.util.Map<Long, Job> byIds(java.util.Collection<Long> ids);

    Optional<Job> byUuid(UUID uuid);

    /**
     * When each of these jobs' definition was last written ({@code updatedAt}; a job never
     * redefined has its creation instant), for a cache to tell whether its copy is current. Jobs
     * that do not exist are absent.
     */
    java.util.Map<Long, java.time.Instant> versions(java.util.Collection<Long> ids);

    Optional<Job> bySlug(long projectId, String slug);

    /** Jobs with their state, ordered by (project, slug), filtered by every non-null field. */
    List<JobWithState> list(Filter filter);

    /**
     * Every job of a project as a status board lists it, in slug order: one query of the few
     * definition columns a board shows and the state, for boards of thousands of jobs.
     */
    List<Summary> summaries(long projectId);

    long count();

    /** How many jobs the project has. */
    long countIn(long projectId);

    record JobWithState(Job job, JobState state) {}

    /**
     * A job as lists show it. {@code name}, {@code owner} as stored (may be null or blank).
     *
     * @param managed whether Vigil runs the job itself ({@link Job#isManaged()})
     * @param state   its state; a job without a state row has {@link JobState#initial} at its creation
     */
    record Summary(long id, String slug, String name, String owner, List<String> tags, boolean managed, JobState state) {
        public Summary {
            tags = List.copyOf(tags);
        }
    }

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

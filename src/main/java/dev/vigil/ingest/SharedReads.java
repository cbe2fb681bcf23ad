package dev.vigil.ingest;

import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Run;
import dev.vigil.monitor.Expectations;
import dev.vigil.monitor.StatusRules;
import dev.vigil.store.Tx;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a writer batch reads when other servers share the store (docs/cluster.md): the state rows
 * of every job its commands are about, locked in job id order before anything else is read, so
 * that two batches touching one job apply one after the other, each on what the other committed;
 * then those jobs read afresh at once into the cache the batch reads from — states, definitions
 * (only where their version changed since this server read them) and running runs. Reading them
 * one command at a time instead would send the batch's deferred writes before each read.
 */
final class SharedReads {
    private final JobCache cache;

    SharedReads(JobCache cache) {
        this.cache = cache;
    }

    /** What {@link dev.vigil.store.JobStore#versions} says of a job: when its definition was last written. */
    static Instant version(Job job) {
        return job.updatedAt() != null ? job.updatedAt() : job.createdAt();
    }

    /**
     * Locks and reads the batch's jobs. Only ids are read before the lock: a run's job never
     * changes, nor a uuid's. A job's expectations are reused from {@code before} while its
     * definition is unchanged (compiling a schedule costs more than reading it).
     */
    void lock(Tx tx, List<Command> commands, Map<Long, JobRuntime> before) {
        Set<Long> jobs = new HashSet<>();
        Set<Long> runIds = new HashSet<>();
        for (Command given : commands) {
            Command c = given instanceof Command.Audited a ? a.change() : given;
            switch (c) {
                case Command.Report r -> jobOf(tx, r.job()).ifPresent(jobs::add);
                case Command.RunReport r -> runIds.add(r.runId());
                case Command.Cancel x -> runIds.add(x.runId());
                case Command.Tick t -> jobs.add(t.jobId());
                case Command.Fire f -> jobs.add(f.jobId());
                case Command.Pause p -> jobs.add(p.jobId());
                case Command.Resume r -> jobs.add(r.jobId());
                case Command.Delete d -> jobs.add(d.jobId());
                case Command.Trigger t -> jobs.add(t.jobId());
                case Command.Define d -> tx.jobs().bySlug(d.job().projectId(), d.job().slug()).ifPresent(j -> jobs.add(j.id()));
                case Command.Audited a -> throw new IllegalStateException("an audited command inside another; indicates a bug");
            }
        }
        if (!runIds.isEmpty()) jobs.addAll(tx.runs().jobIdsOf(runIds).values());
        if (jobs.isEmpty()) return;
        Map<Long, JobState> states = tx.states().lock(jobs);
        Map<Long, Instant> versions = tx.jobs().versions(jobs);
        Set<Long> stale = new HashSet<>();
        versions.forEach((id, version) -> {
            JobRuntime old = before.get(id);
            if (old == null || !Objects.equals(version(old.job()), version)) stale.add(id);
        });
        Map<Long, Job> fresh = stale.isEmpty() ? Map.of() : tx.jobs().byIds(stale);
        // Their running runs too: under the jobs' locks nobody else starts or ends one.
        Map<Long, List<Run>> running = tx.runs().openOf(versions.keySet());
        for (long id : versions.keySet()) {
            Job job = stale.contains(id) ? fresh.get(id) : before.get(id).job();
            if (job == null) continue; // deleted between the two reads: the commands find it gone
            Expectations ex = stale.contains(id) ? Handler.expectations(job) : before.get(id).expectations();
            JobState state = states.get(id);
            cache.put(new JobRuntime(job, ex, state != null ? state : StatusRules.created(job, ex, job.createdAt()),
                    List.copyOf(running.getOrDefault(id, List.of()))));
        }
    }

    private Optional<Long> jobOf(Tx tx, Command.JobRef ref) {
        return switch (ref) {
            case Command.ById id -> Optional.of(id.jobId());
            case Command.ByUuid u -> {
                Long id = cache.idOf(u.uuid());
                yield id != null ? Optional.of(id) : tx.jobs().byUuid(u.uuid()).map(Job::id);
            }
            case Command.BySlug s -> tx.projects().byPingKey(s.pingKey()).flatMap(p -> tx.jobs().bySlug(p.id(), s.slug())).map(Job::id);
        };
    }
}

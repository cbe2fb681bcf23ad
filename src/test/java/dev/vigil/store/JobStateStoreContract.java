package dev.vigil.store;

import static dev.vigil.store.TestJobs.aCronJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Health;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Project;
import dev.vigil.domain.Status;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public abstract class JobStateStoreContract extends StoreContract {
    private Job job;

    @BeforeEach
    void aJob() {
        job = insert(aCronJob("nightly").in(project("prod")));
    }

    private static JobState full(long jobId) {
        return new JobState(jobId, Status.RUNNING, Health.UNHEALTHY, true, T0, T0.plusMillis(1), T0.plusMillis(2),
                T0.plusMillis(3), T0.plusMillis(4), T0.plusMillis(5), 2, T0.plusMillis(6), T0.plusMillis(7), 3, 4,
                T0.plusMillis(8), true, T0.plusMillis(9));
    }

    @Test
    void a_job_has_no_state_until_one_is_put() {
        assertThat(db.read((Tx tx) -> tx.states().get(job.id()))).isEmpty();
    }

    @Test
    void locking_reads_the_states_of_the_jobs_that_have_one_and_the_definitions_versions() {
        Job other = insert(aCronJob("hourly").in(project("other")));
        db.write(tx -> { tx.states().put(full(job.id())); return null; });

        java.util.Map<Long, JobState> locked = db.write(tx -> tx.states().lock(java.util.List.of(job.id(), other.id(), 999_999L)));
        assertThat(locked).containsOnly(java.util.Map.entry(job.id(), full(job.id())));

        java.util.Map<Long, java.time.Instant> versions = db.read((Tx tx) -> tx.jobs().versions(java.util.List.of(job.id(), 999_999L)));
        assertThat(versions).containsOnly(java.util.Map.entry(job.id(),
                job.updatedAt() != null ? job.updatedAt() : job.createdAt()));
    }

    @Test
    void every_field_round_trips() {
        db.write(tx -> { tx.states().put(full(job.id())); return null; });

        assertThat(db.read((Tx tx) -> tx.states().get(job.id()))).contains(full(job.id()));
    }

    @Test
    void unset_fields_round_trip_as_null() {
        JobState initial = JobState.initial(job.id(), T0);
        db.write(tx -> { tx.states().put(initial); return null; });

        assertThat(db.read((Tx tx) -> tx.states().get(job.id()))).contains(initial);
    }

    @Test
    void put_replaces_the_previous_state() {
        db.write(tx -> { tx.states().put(full(job.id())); return null; });
        JobState.Builder next = full(job.id()).toBuilder();
        next.status = Status.UP;
        next.nextDeadline = null;
        db.write(tx -> { tx.states().put(next.build()); return null; });

        assertThat(db.read((Tx tx) -> tx.states().get(job.id()))).contains(next.build());
    }

    @Test
    void for_each_deadline_streams_every_job_with_a_deadline() {
        Project bulk = project("bulk");
        int jobs = 1_250; // more than one fetch of rows
        Map<Long, Long> expected = new HashMap<>();
        db.write(tx -> {
            for (int i = 0; i < jobs; i++) {
                Job j = tx.jobs().insert(aCronJob("job-" + i).in(bulk).build());
                JobState.Builder s = JobState.initial(j.id(), T0).toBuilder();
                if (i % 5 != 0) {
                    s.nextDeadline = T0.plusSeconds(i);
                    expected.put(j.id(), s.nextDeadline.toEpochMilli());
                }
                tx.states().put(s.build());
            }
            return null;
        });

        Map<Long, Long> seen = new HashMap<>();
        db.read(tx -> { tx.states().forEachDeadline(seen::put); return null; });

        assertThat(seen).hasSize(1_000).isEqualTo(expected);
    }

    @Test
    void the_deadline_sink_may_use_the_stores_while_streaming() {
        JobState.Builder s = JobState.initial(job.id(), T0).toBuilder();
        s.nextDeadline = T0;
        db.write(tx -> { tx.states().put(s.build()); return null; });

        Map<Long, String> slugs = new HashMap<>();
        db.read(tx -> {
            tx.states().forEachDeadline((id, at) -> slugs.put(id, tx.jobs().byId(id).orElseThrow().slug()));
            return null;
        });

        assertThat(slugs).containsExactly(Map.entry(job.id(), "nightly"));
    }
}

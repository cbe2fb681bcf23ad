package dev.vigil.store;

import static dev.vigil.store.TestJobs.aCronJob;
import static dev.vigil.store.TestJobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.Channel;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.DeliveryAttempt;
import dev.vigil.domain.Event;
import dev.vigil.domain.EventKind;
import dev.vigil.domain.Flip;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.LogChunk;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Notification;
import dev.vigil.domain.Project;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Status;
import dev.vigil.domain.Trigger;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Updating and deleting jobs; a deleted job takes everything that belongs to it, and nothing else. */
public abstract class JobChangeContract extends StoreContract {
    private Project prod;

    @BeforeEach
    void aProject() {
        prod = project("prod");
    }

    @Test
    void update_replaces_the_definition_but_keeps_identity() {
        Job stored = insert(aCronJob("nightly").in(prod).tags("a", "b"));
        Job changed = TestJobs.Builder.from(stored).slug("nightly-v2").every(Duration.ofHours(1)).tags("c")
                .uuid(UUID.randomUUID()).createdAt(T0).updatedAt(T0).owner("ops").build();

        db.write(tx -> { tx.jobs().update(changed); return null; });

        Job read = db.read(tx -> tx.jobs().byId(stored.id())).orElseThrow();
        assertThat(read.slug()).isEqualTo("nightly-v2");
        assertThat(read.schedule()).isEqualTo(changed.schedule());
        assertThat(read.tags()).containsExactly("c");
        assertThat(read.owner()).isEqualTo("ops");
        assertThat(read.updatedAt()).isEqualTo(T0);
        assertThat(read.uuid()).isEqualTo(stored.uuid());
        assertThat(read.createdAt()).isEqualTo(stored.createdAt());
    }

    @Test
    void renaming_onto_a_taken_slug_is_a_conflict() {
        insert(aCronJob("a").in(prod));
        Job b = insert(aCronJob("b").in(prod));

        assertThatThrownBy(() -> db.write(tx -> { tx.jobs().update(TestJobs.Builder.from(b).slug("a").build()); return null; }))
                .isInstanceOf(ConflictException.class)
                .hasMessage("a job with slug 'a' already exists in project 'prod'");
    }

    @Test
    void updating_a_missing_job_is_not_found() {
        Job ghost = TestJobs.Builder.from(insert(aJob("x").in(prod))).build();
        db.write(tx -> tx.jobs().delete(ghost.id()));

        assertThatThrownBy(() -> db.write(tx -> { tx.jobs().update(ghost); return null; }))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void delete_removes_the_job_and_reports_whether_it_existed() {
        Job stored = insert(aCronJob("nightly").in(prod));

        assertThat(db.write((Tx tx) -> tx.jobs().delete(stored.id()))).isTrue();
        assertThat(db.write((Tx tx) -> tx.jobs().delete(stored.id()))).isFalse();
        assertThat(db.read((Tx tx) -> tx.jobs().byId(stored.id()))).isEmpty();
    }


    private record Children(Job job, long runId, long flipId, long notificationId) {}

    private Children withChildren(Project p, Channel channel, String slug) {
        return db.write(tx -> {
            Job job = tx.jobs().insert(aCronJob(slug).in(p).tags("t").build());
            tx.states().put(JobState.initial(job.id(), T0));
            Run run = tx.runs().insert(new Run(0, job.id(), "r", Trigger.EXTERNAL, null, 1, RunState.RUNNING, T0,
                    null, null, null, null, null));
            tx.events().append(new Event(0, job.id(), run.id(), T0, EventKind.STARTED, "r", null, null, null, "ping"));
            tx.runLogs().append(new LogChunk(run.id(), 1, T0, "output of " + slug));
            Flip flip = tx.flips().insert(new Flip(0, job.id(), T0, Status.UP, Status.FAILED, null, null, true, true, "x"));
            tx.outbox().enqueue(new Notification(0, channel.id(), job.id(), flip.id(), slug + "-key", "{}",
                    Notification.State.PENDING, 0, T0, T0, null, null));
            long notificationId = tx.outbox().recent(job.id(), 1).getFirst().id();
            tx.outbox().recordAttempt(new DeliveryAttempt(0, notificationId, T0, false, 500, "boom", 10));
            return new Children(job, run.id(), flip.id(), notificationId);
        });
    }

    @Test
    void deleting_a_job_removes_its_state_events_runs_run_logs_flips_and_notifications() {
        Channel channel = db.write(tx -> tx.channels().insert(new Channel(0, prod.id(), "log", "ops", "{}", T0)));
        Children doomed = withChildren(prod, channel, "doomed");
        Children kept = withChildren(prod, channel, "kept");

        assertThat(db.write((Tx tx) -> tx.jobs().delete(doomed.job().id()))).isTrue();

        db.read(tx -> {
            long id = doomed.job().id();
            assertThat(tx.jobs().byId(id)).isEmpty();
            assertThat(tx.states().get(id)).isEmpty();
            assertThat(tx.events().byJob(id, null, 10)).isEmpty();
            assertThat(tx.runs().byId(doomed.runId())).isEmpty();
            assertThat(tx.runLogs().after(doomed.runId(), 0, 10)).isEmpty();
            assertThat(tx.runLogs().bytes(doomed.runId())).isZero();
            assertThat(tx.flips().byId(doomed.flipId())).isEmpty();
            assertThat(tx.outbox().byId(doomed.notificationId())).isEmpty();
            assertThat(tx.outbox().attempts(doomed.notificationId())).isEmpty();
            assertThat(tx.jobs().list(new JobStore.Filter(null, "t", null, null, null, 10)))
                    .extracting(j -> j.job().slug()).containsExactly("kept");

            long other = kept.job().id();
            assertThat(tx.states().get(other)).isPresent();
            assertThat(tx.events().byJob(other, null, 10)).hasSize(1);
            assertThat(tx.runs().byId(kept.runId())).isPresent();
            assertThat(tx.runLogs().after(kept.runId(), 0, 10)).hasSize(1);
            assertThat(tx.flips().byId(kept.flipId())).isPresent();
            assertThat(tx.outbox().attempts(kept.notificationId())).hasSize(1);
            return null;
        });
    }
}

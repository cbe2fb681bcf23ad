package dev.vigil.store;

import static dev.vigil.store.TestJobs.aCronJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Flip;
import dev.vigil.domain.Health;
import dev.vigil.domain.Job;
import dev.vigil.domain.Project;
import dev.vigil.domain.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public abstract class FlipStoreContract extends StoreContract {
    private Project prod;
    private Job job;

    @BeforeEach
    void aJob() {
        prod = project("prod");
        job = insert(aCronJob("nightly").in(prod));
    }

    private Flip insert(Flip flip) {
        return db.write(tx -> tx.flips().insert(flip));
    }

    @Test
    void an_inserted_flip_round_trips() {
        Flip flip = new Flip(0, job.id(), T0, Status.UP, Status.MISSED, Health.HEALTHY, Health.UNHEALTHY,
                true, true, "no start within grace");

        Flip stored = insert(flip);

        assertThat(stored).isEqualTo(new Flip(stored.id(), job.id(), T0, Status.UP, Status.MISSED, Health.HEALTHY,
                Health.UNHEALTHY, true, true, "no start within grace"));
        assertThat(db.read((Tx tx) -> tx.flips().byId(stored.id()))).contains(stored);
    }

    @Test
    void a_first_flip_may_have_no_previous_status_or_health() {
        Flip stored = insert(new Flip(0, job.id(), T0, null, Status.NEW, null, Health.HEALTHY, false, false, null));

        assertThat(db.read((Tx tx) -> tx.flips().byId(stored.id()))).contains(stored);
    }

    @Test
    void unknown_flip_is_empty() {
        assertThat(db.read((Tx tx) -> tx.flips().byId(999))).isEmpty();
    }

    @Test
    void by_job_is_newest_first_and_pages_backwards() {
        for (int i = 0; i < 3; i++) {
            insert(new Flip(0, job.id(), T0.plusSeconds(i), Status.UP, Status.FAILED, Health.HEALTHY,
                    Health.HEALTHY, false, false, "flip " + i));
        }

        List<Flip> page1 = db.read(tx -> tx.flips().byJob(job.id(), null, 2));
        List<Flip> page2 = db.read(tx -> tx.flips().byJob(job.id(), page1.getLast().id(), 2));

        assertThat(page1).extracting(Flip::reason).containsExactly("flip 2", "flip 1");
        assertThat(page2).extracting(Flip::reason).containsExactly("flip 0");
    }

    // ---- the incident loop's queue ----

    private Flip down(Job of, int second) {
        return insert(new Flip(0, of.id(), T0.plusSeconds(second), Status.UP, Status.MISSED, Health.HEALTHY,
                Health.HEALTHY, true, true, "missed " + second));
    }

    private List<Long> waitingIds(Instant now) {
        return db.read(tx -> tx.flips().waiting(now, 100)).stream().map(w -> w.flip().id()).toList();
    }

    private boolean claim(Flip flip) {
        return db.write(tx -> tx.flips().claim(flip, T0.plusSeconds(60)));
    }

    @Test
    void a_new_flip_waits_with_its_output_and_is_claimed_once() {
        Flip flip = db.write(tx -> tx.flips().insert(new Flip(0, job.id(), T0, Status.UP, Status.FAILED, Health.HEALTHY,
                Health.UNHEALTHY, true, true, "exit 1"), "error: disk full"));

        List<FlipStore.Waiting> waiting = db.read(tx -> tx.flips().waiting(T0, 10));
        assertThat(waiting).containsExactly(new FlipStore.Waiting(flip, "error: disk full", 0));
        assertThat(db.read((Tx tx) -> tx.flips().backlog())).isEqualTo(new FlipStore.Backlog(1, T0));

        assertThat(claim(flip)).isTrue();
        assertThat(claim(flip)).as("the second claim finds it handled").isFalse();
        assertThat(waitingIds(T0)).isEmpty();
        assertThat(db.read((Tx tx) -> tx.flips().backlog())).isEqualTo(new FlipStore.Backlog(0, null));
        assertThat(db.read((Tx tx) -> tx.flips().byId(flip.id()))).contains(flip);
    }

    @Test
    void recorded_flips_wait_in_the_order_recorded_with_their_output() {
        db.write(tx -> {
            tx.flips().record(new Flip(0, job.id(), T0, Status.UP, Status.RUNNING, Health.HEALTHY, Health.HEALTHY,
                    false, false, "started"), null);
            tx.flips().record(new Flip(0, job.id(), T0.plusSeconds(1), Status.RUNNING, Status.FAILED, Health.HEALTHY,
                    Health.UNHEALTHY, true, true, "exit 1"), "error: disk full");
            return null;
        });

        List<FlipStore.Waiting> waiting = db.read(tx -> tx.flips().waiting(T0.plusSeconds(1), 10));
        assertThat(waiting).extracting(w -> w.flip().toStatus()).containsExactly(Status.RUNNING, Status.FAILED);
        assertThat(waiting).extracting(FlipStore.Waiting::lastOutput).containsExactly(null, "error: disk full");
        assertThat(waiting.get(1).flip().id()).isGreaterThan(waiting.get(0).flip().id());
        assertThat(claim(waiting.get(1).flip())).as("the later flip waits for its job's earlier one").isFalse();
        assertThat(claim(waiting.get(0).flip())).isTrue();
    }

    @Test
    void flips_claimed_together_count_each_other_as_handled_but_wait_for_an_earlier_flip_outside() {
        Job other = insert(aCronJob("hourly").in(prod));
        Job third = insert(aCronJob("weekly").in(prod));
        Flip blocker = down(third, 0); // waits, and is not among those claimed
        Flip first = down(job, 1);
        Flip blocked = down(third, 2);
        Flip second = down(job, 3);
        Flip otherFirst = down(other, 4);

        boolean[] won = db.write(tx -> tx.flips().claimAll(List.of(first, blocked, second, otherFirst), T0.plusSeconds(60)));

        assertThat(won).containsExactly(true, false, true, true);
        assertThat(waitingIds(T0)).containsExactly(blocker.id(), blocked.id());
        boolean[] again = db.write(tx -> tx.flips().claimAll(List.of(first, second, blocker), T0.plusSeconds(61)));
        assertThat(again).as("handled already, except the one whose turn it is").containsExactly(false, false, true);
    }

    @Test
    void waiting_flips_come_oldest_first_and_a_job_s_later_flip_waits_for_its_earlier_one() {
        Job other = insert(aCronJob("hourly").in(prod));
        Flip first = down(job, 0);
        Flip otherFirst = down(other, 1);
        Flip second = down(job, 2);

        assertThat(waitingIds(T0)).containsExactly(first.id(), otherFirst.id(), second.id());
        assertThat(claim(second)).as("not its turn while the job's earlier flip waits").isFalse();
        assertThat(claim(otherFirst)).isTrue();
        assertThat(claim(first)).isTrue();
        assertThat(claim(second)).isTrue();
        assertThat(waitingIds(T0)).isEmpty();
    }

    @Test
    void a_flip_waiting_for_a_retry_holds_back_its_job_s_later_flips_but_no_other_job_s() {
        Job other = insert(aCronJob("hourly").in(prod));
        Flip failing = down(job, 0);
        Flip behind = down(job, 1);
        Flip unrelated = down(other, 2);

        db.write(tx -> {
            tx.flips().retryLater(failing.id(), 1, "boom", T0.plusSeconds(10));
            return null;
        });

        assertThat(waitingIds(T0.plusSeconds(9))).containsExactly(unrelated.id());
        assertThat(claim(behind)).isFalse();
        List<FlipStore.Waiting> due = db.read(tx -> tx.flips().waiting(T0.plusSeconds(10), 10));
        assertThat(due).extracting(w -> w.flip().id()).containsExactly(failing.id(), behind.id(), unrelated.id());
        assertThat(due.getFirst().attempts()).isEqualTo(1);
        assertThat(db.read((Tx tx) -> tx.flips().backlog()).waiting()).isEqualTo(3);
    }

    @Test
    void a_flip_given_up_stops_waiting_and_lets_its_job_s_later_flips_go() {
        Flip failing = down(job, 0);
        Flip behind = down(job, 1);

        db.write(tx -> {
            tx.flips().giveUp(failing.id(), 8, "boom", T0.plusSeconds(5));
            return null;
        });

        assertThat(claim(failing)).isFalse();
        assertThat(waitingIds(T0)).containsExactly(behind.id());
        assertThat(db.read((Tx tx) -> tx.flips().backlog())).isEqualTo(new FlipStore.Backlog(1, behind.at()));
        assertThat(claim(behind)).isTrue();
    }

    @Test
    void waiting_returns_at_most_the_limit() {
        for (int i = 0; i < 5; i++) down(job, i);

        assertThat(db.read((Tx tx) -> tx.flips().waiting(T0, 3))).hasSize(3);
    }
}

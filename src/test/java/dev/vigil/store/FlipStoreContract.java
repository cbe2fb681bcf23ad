package dev.vigil.store;

import static dev.vigil.store.TestJobs.aCronJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Flip;
import dev.vigil.domain.Health;
import dev.vigil.domain.Job;
import dev.vigil.domain.Status;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public abstract class FlipStoreContract extends StoreContract {
    private Job job;

    @BeforeEach
    void aJob() {
        job = insert(aCronJob("nightly").in(project("prod")));
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
}

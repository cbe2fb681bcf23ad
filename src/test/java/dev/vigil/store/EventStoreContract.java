package dev.vigil.store;

import static dev.vigil.store.TestJobs.aCronJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Event;
import dev.vigil.domain.EventKind;
import dev.vigil.domain.Job;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public abstract class EventStoreContract extends StoreContract {
    private Job job;

    @BeforeEach
    void aJob() {
        job = insert(aCronJob("nightly").in(project("prod")));
    }

    private Event event(long jobId, EventKind kind, int second) {
        return new Event(0, jobId, null, T0.plusSeconds(second), kind, null, null, null, null, "ping");
    }

    /** Appends in a transaction of its own and returns the id it got. */
    private long append(Event e) {
        db.write(tx -> {
            tx.events().append(e);
            return null;
        });
        return db.read(tx -> tx.events().byJob(e.jobId(), null, 1)).getFirst().id();
    }

    @Test
    void an_appended_event_round_trips_with_every_field() {
        Event e = new Event(0, job.id(), 7L, T0, EventKind.FAILED, "rid-1", 3, "exit 3", "{\"rows\":12}", "ping");

        long id = append(e);

        assertThat(db.read((Tx tx) -> tx.events().byJob(job.id(), null, 10)))
                .containsExactly(new Event(id, job.id(), 7L, T0, EventKind.FAILED, "rid-1", 3, "exit 3", "{\"rows\":12}", "ping"));
    }

    @Test
    void every_kind_round_trips() {
        for (EventKind kind : EventKind.values()) append(event(job.id(), kind, 0));

        List<Event> events = db.read(tx -> tx.events().byJob(job.id(), null, 100));

        assertThat(events).extracting(Event::kind).containsExactlyInAnyOrder(EventKind.values());
    }

    @Test
    void ids_grow_with_each_append() {
        long first = append(event(job.id(), EventKind.STARTED, 0));
        long second = append(event(job.id(), EventKind.SUCCEEDED, 1));

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void by_job_is_newest_first_and_pages_backwards() {
        for (int i = 0; i < 5; i++) append(event(job.id(), EventKind.LOG, i));

        List<Event> page1 = db.read(tx -> tx.events().byJob(job.id(), null, 2));
        List<Event> page2 = db.read(tx -> tx.events().byJob(job.id(), page1.getLast().id(), 2));
        List<Event> page3 = db.read(tx -> tx.events().byJob(job.id(), page2.getLast().id(), 2));

        assertThat(page1).extracting(Event::at).containsExactly(T0.plusSeconds(4), T0.plusSeconds(3));
        assertThat(page2).extracting(Event::at).containsExactly(T0.plusSeconds(2), T0.plusSeconds(1));
        assertThat(page3).extracting(Event::at).containsExactly(T0);
    }

    @Test
    void events_appended_in_one_transaction_are_all_there_in_order_and_visible_to_its_later_reads() {
        List<Event> seenInside = db.write(tx -> {
            for (int i = 0; i < 3; i++) tx.events().append(event(job.id(), EventKind.LOG, i));
            return tx.events().byJob(job.id(), null, 10);
        });

        assertThat(seenInside).extracting(Event::at).containsExactly(T0.plusSeconds(2), T0.plusSeconds(1), T0);
        assertThat(db.read((Tx tx) -> tx.events().byJob(job.id(), null, 10))).isEqualTo(seenInside);
    }

    @Test
    void a_rolled_back_transaction_leaves_no_event_behind() {
        try {
            db.write(tx -> {
                tx.events().append(event(job.id(), EventKind.LOG, 0));
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }

        assertThat(db.read((Tx tx) -> tx.events().byJob(job.id(), null, 10))).isEmpty();
    }

    @Test
    void by_job_shows_only_that_job() {
        Job other = insert(aCronJob("other").in(project("dev")));
        append(event(job.id(), EventKind.STARTED, 0));
        append(event(other.id(), EventKind.STARTED, 0));

        assertThat(db.read((Tx tx) -> tx.events().byJob(job.id(), null, 10))).extracting(Event::jobId).containsExactly(job.id());
    }
}

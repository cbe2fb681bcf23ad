package dev.vigil.store;

import static dev.vigil.store.TestJobs.aCronJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.DeliveryAttempt;
import dev.vigil.domain.Job;
import dev.vigil.domain.Notification;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbox; claiming and leases are in {@link OutboxClaimContract}. */
public abstract class OutboxStoreContract extends OutboxFixture {
    @Test
    void an_enqueued_notification_is_pending_with_no_attempts() {
        assertThat(enqueue(pending("k1", T0))).isTrue();

        Notification stored = only();
        assertThat(stored).isEqualTo(new Notification(stored.id(), channel.id(), job.id(), flip.id(), "k1",
                "{\"alert\":\"k1\"}", Notification.State.PENDING, 0, T0, T0, null, null));
        assertThat(db.read((Tx tx) -> tx.outbox().byId(stored.id()))).contains(stored);
    }

    @Test
    void enqueuing_the_same_key_twice_keeps_the_first() {
        enqueue(pending("k1", T0));

        assertThat(enqueue(pending("k1", T0.plusSeconds(60)))).isFalse();
        assertThat(db.read((Tx tx) -> tx.outbox().recent(null, 10))).singleElement()
                .extracting(Notification::nextAttemptAt).isEqualTo(T0);
    }

    @Test
    void notifications_enqueued_later_go_out_before_the_outbox_is_read_and_at_commit() {
        enqueue(pending("k0", T0));
        List<String> seenInTransaction = db.write(tx -> {
            tx.outbox().enqueueLater(pending("k1", T0));
            tx.outbox().enqueueLater(pending("k0", T0.plusSeconds(60))); // the key is taken: adds nothing
            tx.flips().backlog(); // a statement that does not read the outbox: they may wait
            List<String> keys = tx.outbox().recent(null, 10).stream().map(Notification::idempotencyKey).toList();
            tx.outbox().enqueueLater(pending("k2", T0)); // sent at commit
            return keys;
        });

        assertThat(seenInTransaction).containsExactlyInAnyOrder("k0", "k1");
        assertThat(db.read((Tx tx) -> tx.outbox().recent(null, 10))).extracting(Notification::idempotencyKey)
                .containsExactlyInAnyOrder("k0", "k1", "k2");
        assertThat(db.read((Tx tx) -> tx.outbox().recent(null, 10))).filteredOn(n -> n.idempotencyKey().equals("k0"))
                .singleElement().extracting(Notification::nextAttemptAt).isEqualTo(T0);
    }

    @Test
    void next_due_is_the_earliest_pending_attempt() {
        assertThat(db.read((Tx tx) -> tx.outbox().nextDue())).isEmpty();
        enqueue(pending("late", T0.plusSeconds(60)));
        enqueue(pending("early", T0.plusSeconds(5)));

        assertThat(db.read((Tx tx) -> tx.outbox().nextDue())).contains(T0.plusSeconds(5));
    }

    @Test
    void delivered_and_failed_notifications_are_no_longer_due() {
        enqueue(pending("a", T0));
        enqueue(pending("b", T0));
        List<Notification> both = db.read(tx -> tx.outbox().recent(null, 10));

        db.write(tx -> {
            tx.outbox().markDelivered(both.get(0).id(), 1, T0.plusSeconds(1));
            tx.outbox().markFailed(both.get(1).id(), 5, "410 gone");
            return null;
        });

        assertThat(db.read((Tx tx) -> tx.outbox().nextDue())).isEmpty();
        Notification delivered = db.read(tx -> tx.outbox().byId(both.get(0).id())).orElseThrow();
        assertThat(delivered.state()).isEqualTo(Notification.State.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(delivered.deliveredAt()).isEqualTo(T0.plusSeconds(1));
        Notification failed = db.read(tx -> tx.outbox().byId(both.get(1).id())).orElseThrow();
        assertThat(failed.state()).isEqualTo(Notification.State.FAILED);
        assertThat(failed.lastError()).isEqualTo("410 gone");
    }

    @Test
    void a_retry_stays_pending_with_a_later_attempt() {
        enqueue(pending("a", T0));
        long id = only().id();

        db.write(tx -> { tx.outbox().markRetry(id, 1, T0.plusSeconds(30), "timeout"); return null; });

        Notification n = only();
        assertThat(n.state()).isEqualTo(Notification.State.PENDING);
        assertThat(n.attempts()).isEqualTo(1);
        assertThat(n.nextAttemptAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(n.lastError()).isEqualTo("timeout");
    }

    @Test
    void attempts_are_recorded_oldest_first() {
        enqueue(pending("a", T0));
        long id = only().id();

        db.write(tx -> {
            tx.outbox().recordAttempt(new DeliveryAttempt(0, id, T0, false, 503, "unavailable", 120));
            tx.outbox().recordAttempt(new DeliveryAttempt(0, id, T0.plusSeconds(30), true, null, null, 80));
            return null;
        });

        List<DeliveryAttempt> attempts = db.read(tx -> tx.outbox().attempts(id));
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0)).isEqualTo(new DeliveryAttempt(attempts.get(0).id(), id, T0, false, 503, "unavailable", 120));
        assertThat(attempts.get(1)).isEqualTo(new DeliveryAttempt(attempts.get(1).id(), id, T0.plusSeconds(30), true, null, null, 80));
    }

    @Test
    void recent_is_newest_first_and_may_be_limited_to_a_job() {
        enqueue(pending("first", T0));
        enqueue(pending("second", T0));
        Job other = insert(aCronJob("other").in(db.read(tx -> tx.projects().bySlug("prod")).orElseThrow()));
        enqueue(new Notification(0, channel.id(), other.id(), flip.id(), "third", "{}", Notification.State.PENDING,
                0, T0, T0, null, null));

        assertThat(db.read((Tx tx) -> tx.outbox().recent(null, 10))).extracting(Notification::idempotencyKey)
                .containsExactly("third", "second", "first");
        assertThat(db.read((Tx tx) -> tx.outbox().recent(job.id(), 1))).extracting(Notification::idempotencyKey)
                .containsExactly("second");
    }

    @Test
    void recent_in_project_lists_only_that_projects_jobs() {
        enqueue(pending("mine", T0));
        var other = db.write(tx -> tx.projects().insert("elsewhere", "Elsewhere", "ping-key-elsewhere", T0));
        Job stranger = insert(aCronJob("stranger").in(other));
        enqueue(new Notification(0, channel.id(), stranger.id(), flip.id(), "theirs", "{}", Notification.State.PENDING,
                0, T0, T0, null, null));

        assertThat(db.read((Tx tx) -> tx.outbox().recentInProject(job.projectId(), 10)))
                .extracting(Notification::idempotencyKey).containsExactly("mine");
        assertThat(db.read((Tx tx) -> tx.outbox().recentInProject(other.id(), 10)))
                .extracting(Notification::idempotencyKey).containsExactly("theirs");
    }
}

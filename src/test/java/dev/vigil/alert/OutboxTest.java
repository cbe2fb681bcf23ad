package dev.vigil.alert;

import static dev.vigil.alert.Fixtures.BASE_URL;
import static dev.vigil.alert.Fixtures.JOB_UUID;
import static dev.vigil.alert.Fixtures.T0;
import static dev.vigil.alert.Fixtures.backupJob;
import static dev.vigil.alert.Fixtures.lateFlip;
import static dev.vigil.alert.Fixtures.missedFlip;
import static dev.vigil.alert.Fixtures.recoveredFlip;
import static dev.vigil.alert.Fixtures.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Channel;
import dev.vigil.domain.Notification;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private final InMemoryStore store = new InMemoryStore();
    private final Outbox outbox = new Outbox(BASE_URL);
    private final Channel first = store.channels.insert(webhook("a-hook", "{\"url\":\"http://a.example\"}"));
    private final Channel second = store.channels.insert(webhook("b-hook", "{\"url\":\"http://b.example\"}"));

    @Test
    void flip_that_opens_an_incident_enqueues_one_due_notification_per_project_channel() {
        int added = store.write(tx -> outbox.enqueueFor(tx, backupJob(), missedFlip(9), "output", T0));

        List<Notification> all = store.outbox.all();
        assertThat(added).isEqualTo(2);
        assertThat(all).extracting(Notification::channelId).containsExactly(first.id(), second.id());
        assertThat(all).extracting(Notification::idempotencyKey).containsExactly(
                "vigil-" + JOB_UUID + "-9-" + first.id(), "vigil-" + JOB_UUID + "-9-" + second.id());
        assertThat(all).allSatisfy(n -> {
            assertThat(n.state()).isEqualTo(Notification.State.PENDING);
            assertThat(n.nextAttemptAt()).isEqualTo(T0);
            assertThat(n.jobId()).isEqualTo(42);
            assertThat(n.flipId()).isEqualTo(9);
            assertThat(AlertMessage.fromJson(n.payload()))
                    .isEqualTo(AlertMessage.of(backupJob(), missedFlip(9), BASE_URL, "output"));
        });
    }

    @Test
    void flip_that_resolves_an_incident_enqueues_up_notifications_with_their_own_keys() {
        store.write(tx -> outbox.enqueueFor(tx, backupJob(), missedFlip(9), null, T0));
        store.write(tx -> outbox.enqueueFor(tx, backupJob(), recoveredFlip(10), null, T0));

        assertThat(store.outbox.all()).hasSize(4);
        assertThat(store.outbox.all()).extracting(n -> AlertMessage.fromJson(n.payload()).kind())
                .containsExactly("down", "down", "up", "up");
    }

    @Test
    void flip_that_does_not_change_alerting_enqueues_nothing() {
        int added = store.write(tx -> outbox.enqueueFor(tx, backupJob(), lateFlip(11), null, T0));

        assertThat(added).isZero();
        assertThat(store.outbox.all()).isEmpty();
    }

    @Test
    void enqueuing_the_same_flip_twice_keeps_one_notification_per_channel() {
        store.write(tx -> outbox.enqueueFor(tx, backupJob(), missedFlip(9), null, T0));
        int again = store.write(tx -> outbox.enqueueFor(tx, backupJob(), missedFlip(9), null, T0.plusSeconds(5)));

        assertThat(again).isZero();
        assertThat(store.outbox.all()).hasSize(2);
    }

    @Test
    void channels_of_other_projects_are_not_notified() {
        store.channels.insert(new Channel(0, 99, "log", "elsewhere", "{}", T0));

        store.write(tx -> outbox.enqueueFor(tx, backupJob(), missedFlip(9), null, T0));

        assertThat(store.outbox.all()).extracting(Notification::channelId).containsExactly(first.id(), second.id());
    }
}

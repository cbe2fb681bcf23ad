package dev.vigil.alert;

import dev.vigil.testing.RecordingHttpServer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Channel;
import dev.vigil.domain.Notification;
import dev.vigil.domain.Notification.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryLoopRobustnessTest {
    private final DeliveryHarness h = new DeliveryHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void notification_claimed_by_a_crashed_sender_is_delivered_exactly_once_after_its_lease_expires() {
        DeliveryLoop loop = h.loop().lease(Duration.ofSeconds(60)).build();
        long id = h.enqueue(h.webhook(), 9).id();
        Instant t0 = h.clock.instant();
        // Another sender claims it and dies before sending or recording anything.
        h.store.write(tx -> tx.outbox().claimDue(t0, t0.plusSeconds(60), 10));

        assertThat(loop.runOnce()).isZero();
        h.clock.advance(Duration.ofSeconds(59));
        assertThat(loop.runOnce()).as("still leased").isZero();
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(loop.runOnce()).isEqualTo(1);
        h.clock.advance(Duration.ofHours(1));
        loop.runOnce();

        assertThat(h.notification(id).state()).isEqualTo(State.DELIVERED);
        assertThat(h.notification(id).attempts()).isEqualTo(1);
        assertThat(h.receiver.requestCount()).isEqualTo(1);
    }

    @Test
    void the_same_incident_transition_enqueued_twice_is_delivered_once() {
        DeliveryLoop loop = h.loop().build();
        Channel channel = h.webhook();
        Notification first = h.enqueue(channel, 9);
        h.enqueue(channel, 9);

        loop.runOnce();

        assertThat(h.store.outbox.all()).hasSize(1);
        assertThat(h.receiver.requests()).singleElement().satisfies(r -> assertThat(r.header("Idempotency-Key"))
                .isEqualTo(first.idempotencyKey()));
    }

    @Test
    void a_receiver_that_hangs_does_not_hold_up_the_other_channels() throws Exception {
        try (RecordingHttpServer slow = RecordingHttpServer.start()) {
            slow.respondAlways(new RecordingHttpServer.Response(200, "", Duration.ofSeconds(8)));
            DeliveryLoop loop = h.loop().build();
            Channel hanging = h.channel("webhook", "{\"url\": \"" + slow.url("/slow") + "\", \"timeout\": \"PT15S\"}");
            Channel fast = h.webhook();
            h.enqueue(hanging, 9);
            h.enqueue(fast, 10);

            CompletableFuture<Integer> pass = CompletableFuture.supplyAsync(loop::runOnce);

            await().atMost(Duration.ofSeconds(5)).until(() -> h.receiver.requestCount() == 1);
            assertThat(pass).as("still waiting for the hanging receiver").isNotDone();
            assertThat(pass.get(30, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(slow.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void deleted_channel_fails_its_notification_with_a_clear_error() {
        DeliveryLoop loop = h.loop().build();
        Channel channel = h.webhook();
        long id = h.enqueue(channel, 9).id();
        h.store.channels.delete(channel.id());

        loop.runOnce();

        Notification n = h.notification(id);
        assertThat(n.state()).isEqualTo(State.FAILED);
        assertThat(n.lastError()).isEqualTo("channel " + channel.id() + " no longer exists (deleted)");
        assertThat(h.attempts(id)).singleElement().satisfies(a -> assertThat(a.ok()).isFalse());
        assertThat(h.receiver.requestCount()).isZero();
    }

    @Test
    void one_bad_notification_does_not_stop_the_others_in_the_pass() {
        DeliveryLoop loop = h.loop().build();
        Channel channel = h.webhook();
        long unreadable = h.enqueue(channel, 1, "{not json").id();
        long unrecordable = h.enqueue(channel, 2).id();
        long good = h.enqueue(channel, 3).id();
        h.store.outbox.failNextRecordFor.add(unrecordable);

        assertThat(loop.runOnce()).isEqualTo(3);

        assertThat(h.notification(unreadable).state()).isEqualTo(State.FAILED);
        assertThat(h.notification(unreadable).lastError()).startsWith("unreadable payload:");
        assertThat(h.notification(good).state()).isEqualTo(State.DELIVERED);
        assertThat(h.notification(unrecordable).state()).isEqualTo(State.PENDING);
        assertThat(loop.errors()).isEqualTo(1);

        // Its outcome was lost, so it comes back after the lease: at least once, with the same key.
        h.clock.advance(DeliveryLoop.DEFAULT_LEASE);
        loop.runOnce();
        assertThat(h.notification(unrecordable).state()).isEqualTo(State.DELIVERED);
        assertThat(h.receiver.requests()).extracting(r -> r.header("Idempotency-Key"))
                .containsExactly(key(channel, 2), key(channel, 3), key(channel, 2));
    }

    @Test
    void channel_that_throws_instead_of_reporting_gets_a_retry_and_does_not_stop_the_loop() {
        AlertChannel broken = new TestChannel("broken", (c, m, k) -> { throw new NullPointerException("oops"); });
        DeliveryLoop loop = h.loop(broken).build();
        long id = h.enqueue(h.channel("broken", "{}"), 9).id();

        loop.runOnce();

        Notification n = h.notification(id);
        assertThat(n.state()).isEqualTo(State.PENDING);
        assertThat(n.lastError()).contains("unexpected error in channel broken").contains("oops");
        assertThat(loop.retried()).isEqualTo(1);
    }

    @Test
    void notifications_whose_lease_is_half_over_are_handed_back_unsent_rather_than_risk_a_double_send() {
        List<String> sent = new ArrayList<>();
        AlertChannel slow = new TestChannel("slow", (c, m, k) -> {
            sent.add(k);
            h.clock.advance(Duration.ofSeconds(40));
        });
        DeliveryLoop loop = h.loop(slow).lease(Duration.ofSeconds(60)).build();
        Channel channel = h.channel("slow", "{}");
        long first = h.enqueue(channel, 1).id();
        long second = h.enqueue(channel, 2).id();

        assertThat(loop.runOnce()).isEqualTo(2);
        assertThat(sent).containsExactly(key(channel, 1));
        assertThat(h.notification(first).state()).isEqualTo(State.DELIVERED);
        Notification handedBack = h.notification(second);
        assertThat(handedBack.state()).isEqualTo(State.PENDING);
        assertThat(handedBack.attempts()).as("not an attempt").isZero();
        assertThat(handedBack.nextAttemptAt()).isEqualTo(h.clock.instant());

        loop.runOnce();
        assertThat(sent).containsExactly(key(channel, 1), key(channel, 2));
        assertThat(h.attempts(second)).hasSize(1);
    }

    private static String key(Channel channel, long flipId) {
        return "vigil-" + Fixtures.JOB_UNIQUE_KEY + "-" + flipId + "-" + channel.id();
    }
}

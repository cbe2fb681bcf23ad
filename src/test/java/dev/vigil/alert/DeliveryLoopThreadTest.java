package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.domain.Channel;
import dev.vigil.domain.Notification.State;
import dev.vigil.domain.ValidationException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The background thread around {@link DeliveryLoop#runOnce()}, its settings and its counters. */
class DeliveryLoopThreadTest {
    private final DeliveryHarness h = new DeliveryHarness();
    private DeliveryLoop loop;

    @AfterEach
    void stop() {
        if (loop != null) loop.close();
        h.close();
    }

    @Test
    void woken_loop_delivers_at_once_instead_of_waiting_out_its_idle_time() {
        loop = h.loop().maxIdle(Duration.ofMinutes(5)).build();
        Channel channel = h.webhook();
        loop.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> isParked("vigil-delivery"));

        long id = h.enqueue(channel, 9).id();
        loop.wake();

        await().atMost(Duration.ofSeconds(5)).until(() -> h.notification(id).state() == State.DELIVERED);
        assertThat(h.receiver.requestCount()).isEqualTo(1);
    }

    @Test
    void loop_keeps_going_after_a_failed_pass() {
        loop = h.loop().maxIdle(Duration.ofMillis(50)).build();
        long id = h.enqueue(h.webhook(), 9).id();
        h.store.outbox.failNextClaim.set(true);

        loop.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> h.notification(id).state() == State.DELIVERED);
        assertThat(loop.errors()).isEqualTo(1);
    }

    @Test
    void close_stops_the_thread_and_is_safe_to_repeat() {
        loop = h.loop().build();
        loop.start();

        loop.close();
        loop.close();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("vigil-delivery"));
        assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closing_a_loop_never_started_does_nothing() {
        h.loop().build().close();
    }

    @Test
    void counts_are_published_to_a_meter_registry() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        loop = h.loop().meterRegistry(meters).build();
        h.receiver.enqueue(503);
        long id = h.enqueue(h.webhook(), 9).id();

        loop.runOnce();
        h.clock.set(h.notification(id).nextAttemptAt());
        loop.runOnce();

        assertThat(count(meters, "delivered")).isEqualTo(1);
        assertThat(count(meters, "retried")).isEqualTo(1);
        assertThat(count(meters, "failed")).isZero();
    }

    @Test
    void settings_are_validated_naming_the_setting() {
        assertThatThrownBy(() -> h.loop().lease(Duration.ofMillis(10)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("lease"));
        assertThatThrownBy(() -> h.loop().batchSize(0).build()).hasMessageStartingWith("batchSize:");
        assertThatThrownBy(() -> h.loop().maxAttempts(0).build()).hasMessageStartingWith("maxAttempts:");
        assertThatThrownBy(() -> h.loop().maxIdle(Duration.ZERO).build()).hasMessageStartingWith("maxIdle:");
    }

    @Test
    void defaults_are_the_documented_policy() {
        assertThat(DeliveryLoop.DEFAULT_LEASE).isEqualTo(Duration.ofSeconds(60));
        assertThat(DeliveryLoop.DEFAULT_MAX_ATTEMPTS).isEqualTo(12);
        assertThat(Backoff.DEFAULT).isEqualTo(new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15), 0.2));
    }

    private static double count(SimpleMeterRegistry meters, String outcome) {
        return meters.get("vigil.alert.notifications").tag("outcome", outcome).functionCounter().count();
    }

    private static boolean isParked(String threadName) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(threadName) && t.getState() == Thread.State.TIMED_WAITING);
    }
}

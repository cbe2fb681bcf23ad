package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vigil.domain.DeliveryAttempt;
import dev.vigil.domain.Notification;
import dev.vigil.domain.Notification.State;
import dev.vigil.testing.RecordingHttpServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryLoopRetryTest {
    private final DeliveryHarness h = new DeliveryHarness();
    private final Backoff backoff = Backoff.DEFAULT;

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void receiver_failing_twice_then_succeeding_gets_exactly_one_delivery_after_three_attempts() {
        DeliveryLoop loop = h.loop().build();
        h.receiver.enqueue(503, 503);
        long id = h.enqueue(h.webhook(), 9).id();
        Instant t0 = h.clock.instant();

        assertThat(loop.runOnce()).isEqualTo(1);
        Notification afterFirst = h.notification(id);
        assertThat(afterFirst.state()).isEqualTo(State.PENDING);
        assertThat(afterFirst.attempts()).isEqualTo(1);
        assertThat(afterFirst.nextAttemptAt()).isBetween(t0.plus(backoff.minDelayAfter(1)), t0.plus(backoff.maxDelayAfter(1)));
        assertThat(afterFirst.lastError()).isEqualTo("127.0.0.1 answered HTTP 503");
        assertThat(loop.runOnce()).as("not due yet").isZero();

        Instant t1 = afterFirst.nextAttemptAt();
        h.clock.set(t1);
        assertThat(loop.runOnce()).isEqualTo(1);
        Notification afterSecond = h.notification(id);
        assertThat(afterSecond.attempts()).isEqualTo(2);
        assertThat(afterSecond.nextAttemptAt()).isBetween(t1.plus(backoff.minDelayAfter(2)), t1.plus(backoff.maxDelayAfter(2)));

        Instant t2 = afterSecond.nextAttemptAt();
        h.clock.set(t2);
        assertThat(loop.runOnce()).isEqualTo(1);
        Notification delivered = h.notification(id);
        assertThat(delivered.state()).isEqualTo(State.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(3);
        assertThat(delivered.deliveredAt()).isEqualTo(t2);

        assertThat(h.attempts(id)).extracting(DeliveryAttempt::at, DeliveryAttempt::ok, DeliveryAttempt::statusCode)
                .containsExactly(tuple(t0, false, 503),
                        tuple(t1, false, 503),
                        tuple(t2, true, null));
        assertThat(h.attempts(id)).allSatisfy(a -> assertThat(a.durationMs()).isNotNegative());
        assertThat(h.receiver.requests()).extracting(r -> r.header("Idempotency-Key")).containsOnly(delivered.idempotencyKey());
        assertThat(loop.delivered()).isEqualTo(1);
        assertThat(loop.retried()).isEqualTo(2);

        h.clock.advance(Duration.ofDays(1));
        loop.runOnce();
        assertThat(h.receiver.requestCount()).as("exactly one delivery, no more sends").isEqualTo(3);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 410})
    void permanent_client_error_fails_after_one_attempt_without_retries(int status) {
        DeliveryLoop loop = h.loop().build();
        h.receiver.enqueue(status);
        long id = h.enqueue(h.webhook(), 9).id();

        loop.runOnce();
        h.clock.advance(Duration.ofHours(2));
        loop.runOnce();

        Notification n = h.notification(id);
        assertThat(n.state()).isEqualTo(State.FAILED);
        assertThat(n.attempts()).isEqualTo(1);
        assertThat(n.lastError()).isEqualTo("127.0.0.1 answered HTTP " + status);
        assertThat(h.attempts(id)).singleElement().satisfies(a -> assertThat(a.statusCode()).isEqualTo(status));
        assertThat(h.receiver.requestCount()).isEqualTo(1);
        assertThat(loop.failed()).isEqualTo(1);
        assertThat(loop.retried()).isZero();
    }

    @Test
    void rate_limited_receiver_is_retried_and_then_delivered() {
        DeliveryLoop loop = h.loop().build();
        h.receiver.enqueue(429);
        long id = h.enqueue(h.webhook(), 9).id();

        loop.runOnce();
        assertThat(h.notification(id).state()).isEqualTo(State.PENDING);
        h.clock.set(h.notification(id).nextAttemptAt());
        loop.runOnce();

        assertThat(h.notification(id).state()).isEqualTo(State.DELIVERED);
        assertThat(h.receiver.requestCount()).isEqualTo(2);
    }

    @Test
    void refused_connection_is_retried_later_with_no_status_code() {
        DeliveryLoop loop = h.loop().build();
        long id = h.enqueue(h.channel("webhook", "{\"url\": \"" + RecordingHttpServer.refusingUrl("/h") + "\"}"), 9).id();

        loop.runOnce();

        Notification n = h.notification(id);
        assertThat(n.state()).isEqualTo(State.PENDING);
        assertThat(n.attempts()).isEqualTo(1);
        assertThat(n.nextAttemptAt()).isAfter(h.clock.instant());
        assertThat(n.lastError()).startsWith("cannot connect to 127.0.0.1");
        assertThat(h.attempts(id)).singleElement().satisfies(a -> {
            assertThat(a.ok()).isFalse();
            assertThat(a.statusCode()).isNull();
        });
    }

    @Test
    void receiver_that_never_recovers_is_given_up_after_max_attempts() {
        DeliveryLoop loop = h.loop().maxAttempts(3).build();
        h.receiver.respondAlways(RecordingHttpServer.Response.of(500));
        long id = h.enqueue(h.webhook(), 9).id();

        for (int i = 0; i < 3; i++) {
            h.clock.set(h.notification(id).nextAttemptAt());
            loop.runOnce();
        }
        h.clock.advance(Duration.ofDays(1));
        loop.runOnce();

        Notification n = h.notification(id);
        assertThat(n.state()).isEqualTo(State.FAILED);
        assertThat(n.attempts()).isEqualTo(3);
        assertThat(n.lastError()).isEqualTo("gave up after 3 attempts; last error: 127.0.0.1 answered HTTP 500");
        assertThat(h.receiver.requestCount()).isEqualTo(3);
        assertThat(loop.retried()).isEqualTo(2);
        assertThat(loop.failed()).isEqualTo(1);
    }
}

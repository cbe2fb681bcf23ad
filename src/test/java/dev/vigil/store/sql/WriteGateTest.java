package dev.vigil.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** SQLite's turns to write: the writer that pings wait for goes first, and nobody waits forever. */
class WriteGateTest {
    private WriteGate gate = new WriteGate();
    private final List<String> order = new CopyOnWriteArrayList<>();

    @Test
    void an_urgent_writer_goes_ahead_of_writers_that_were_waiting_before_it() throws Exception {
        gate = new WriteGate(TimeUnit.SECONDS.toNanos(30)); // nobody is passed over too long here
        gate.enter(false); // a background transaction in progress
        Thread background = Thread.ofPlatform().start(() -> turn("background", false));
        awaitWaiting(background);
        Thread writer = Thread.ofPlatform().start(() -> turn("writer", true));
        awaitWaiting(writer);

        gate.leave();
        background.join(5_000);
        writer.join(5_000);

        assertThat(order).containsExactly("writer", "background");
    }

    @Test
    void a_writer_passed_over_goes_next_after_a_while_even_if_urgent_writers_keep_coming() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.CountDownLatch going = new java.util.concurrent.CountDownLatch(20);
        // Three urgent writers taking turns, each holding the gate for a millisecond: while one holds
        // it, the others are back waiting, even on a busy machine where a thread may wait for a core.
        Runnable urgent = () -> {
            while (!stop.get()) {
                gate.enter(true);
                going.countDown();
                try {
                    TimeUnit.MILLISECONDS.sleep(1);
                } catch (InterruptedException e) {
                    return;
                } finally {
                    gate.leave();
                }
            }
        };
        Thread u1 = Thread.ofPlatform().start(urgent);
        Thread u2 = Thread.ofPlatform().start(urgent);
        Thread u3 = Thread.ofPlatform().start(urgent);
        try {
            // Only once both take turns: a background writer arriving before them would go at once.
            assertThat(going.await(5, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            Thread background = Thread.ofPlatform().start(() -> turn("background", false));

            background.join(5_000);

            assertThat(order).containsExactly("background");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(WriteGate.MAX_PASSED_OVER_NANOS / 2);
        } finally {
            stop.set(true);
            u1.join(5_000);
            u2.join(5_000);
            u3.join(5_000);
        }
    }

    private void turn(String who, boolean urgent) {
        gate.enter(urgent);
        order.add(who);
        gate.leave();
    }

    private static void awaitWaiting(Thread t) {
        await().atMost(Duration.ofSeconds(5)).until(() -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING);
    }
}

package dev.vigil.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.wire.RunEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery both kinds of agent share: in order, in batches, at least once, never lost. */
class SpooledEventsTest {
    private static final Instant AT = Instant.parse("2025-06-01T10:00:00Z");

    @TempDir
    Path dir;

    /** Remembers every batch it was handed. */
    private static final class Recorder implements SpooledEvents.Delivery {
        final List<List<RunEvent>> batches = new CopyOnWriteArrayList<>();

        @Override
        public void deliver(List<RunEvent> batch) {
            batches.add(List.copyOf(batch));
        }

        List<RunEvent> all() {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    private static List<RunEvent> run(long id, int chunks) {
        List<RunEvent> events = new ArrayList<>();
        events.add(RunEvent.started(id, AT));
        for (int i = 1; i <= chunks; i++) events.add(RunEvent.output(id, i, AT, "line " + i + "\n"));
        events.add(RunEvent.finished(id, chunks + 1, AT, "succeeded", 0, null, "tail"));
        return events;
    }

    @Test
    void what_was_appended_before_the_start_goes_in_few_batches_in_order() throws Exception {
        Recorder recorder = new Recorder();
        List<RunEvent> events = new ArrayList<>();
        for (long id = 1; id <= 30; id++) events.addAll(run(id, 8)); // 300 events
        try (SpooledEvents spooled = new SpooledEvents(dir, "test-delivery", 100, Long.MAX_VALUE, recorder)) {
            spooled.appendAll(events);
            assertThat(spooled.undeliveredFinishes()).hasSize(30);
            spooled.start();
            assertThat(spooled.awaitDelivered(Duration.ofSeconds(10))).isTrue();
            assertThat(spooled.undeliveredFinishes()).isEmpty();
        }
        assertThat(recorder.all()).isEqualTo(events);
        assertThat(recorder.batches).hasSize(3).allSatisfy(b -> assertThat(b).hasSize(100));
    }

    @Test
    void a_batch_is_bounded_by_its_size_too() throws Exception {
        Recorder recorder = new Recorder();
        String big = "x".repeat(10_000);
        try (SpooledEvents spooled = new SpooledEvents(dir, "test-delivery", 100, 50_000, recorder)) {
            for (int i = 1; i <= 10; i++) spooled.append(RunEvent.output(1, i, AT, big));
            spooled.start();
            assertThat(spooled.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(recorder.all()).hasSize(10);
        assertThat(recorder.batches).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(2));
    }

    @Test
    void undelivered_events_survive_a_restart_and_delivered_ones_do_not_come_back() throws Exception {
        Recorder first = new Recorder();
        try (SpooledEvents spooled = new SpooledEvents(dir, "test-delivery", 100, Long.MAX_VALUE, first)) {
            spooled.start();
            spooled.appendAll(run(1, 2));
            assertThat(spooled.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        }
        // Not started: what is appended now waits on disk, as when the process dies before delivering.
        try (SpooledEvents spooled = new SpooledEvents(dir, "test-delivery", 100, Long.MAX_VALUE, new Recorder())) {
            spooled.appendAll(run(2, 2));
        }
        Recorder second = new Recorder();
        try (SpooledEvents spooled = new SpooledEvents(dir, "test-delivery", 100, Long.MAX_VALUE, second)) {
            assertThat(spooled.undeliveredFinishes()).containsExactly(2L);
            spooled.start();
            assertThat(spooled.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(first.all()).isEqualTo(run(1, 2));
        assertThat(second.all()).isEqualTo(run(2, 2));
    }

    @Test
    void a_failed_delivery_is_tried_again_with_the_same_events_and_nothing_is_skipped() throws Exception {
        Recorder recorder = new Recorder();
        AtomicInteger failures = new AtomicInteger(2);
        SpooledEvents.Delivery flaky = batch -> {
            if (failures.getAndDecrement() > 0) throw new IOException("server unreachable");
            recorder.deliver(batch);
        };
        try (SpooledEvents spooled = new SpooledEvents(dir, "test-delivery", 100, Long.MAX_VALUE, flaky)) {
            spooled.appendAll(run(1, 3));
            spooled.start();
            assertThat(spooled.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(failures.get()).isNegative();
        assertThat(recorder.all()).isEqualTo(run(1, 3));
    }

    @Test
    void a_rejected_batch_is_sent_one_by_one_and_only_the_event_rejected_alone_is_dropped() throws Exception {
        Recorder recorder = new Recorder();
        RunEvent bad = RunEvent.finished(2, 1, AT, "exploded", null, null, null);
        SpooledEvents.Delivery strict = batch -> {
            if (batch.contains(bad)) throw new SpooledEvents.Rejected("events.end: must be one of …");
            recorder.deliver(batch);
        };
        List<RunEvent> events = new ArrayList<>(run(1, 1));
        events.add(bad);
        events.addAll(run(3, 1));
        try (SpooledEvents spooled = new SpooledEvents(dir, "test-delivery", 100, Long.MAX_VALUE, strict)) {
            spooled.appendAll(events);
            spooled.start();
            assertThat(spooled.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        }
        List<RunEvent> good = new ArrayList<>(events);
        good.remove(bad);
        assertThat(recorder.all()).isEqualTo(good);
    }

    @Test
    void appending_goes_on_while_a_delivery_runs_and_the_next_batch_takes_all_that_came_meanwhile() throws Exception {
        Recorder recorder = new Recorder();
        java.util.concurrent.CountDownLatch delivering = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        SpooledEvents.Delivery slow = batch -> {
            delivering.countDown();
            go.await();
            recorder.deliver(batch);
        };
        try (SpooledEvents spooled = new SpooledEvents(dir, "test-delivery", 1_000, Long.MAX_VALUE, slow)) {
            spooled.start();
            spooled.append(RunEvent.started(1, AT));
            delivering.await();
            for (long id = 2; id <= 50; id++) spooled.append(RunEvent.started(id, AT));
            go.countDown();
            assertThat(spooled.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(recorder.batches).extracting(List::size).containsExactly(1, 49);
        assertThat(recorder.all()).extracting(RunEvent::runId).isSorted();
    }
}

package dev.vigil.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.wire.RunEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSpoolTest {
    private static final Instant AT = Instant.parse("2025-06-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void undelivered_events_survive_a_restart_in_order_and_delivered_ones_do_not_come_back() throws Exception {
        try (EventSpool spool = new EventSpool(dir)) {
            spool.append(RunEvent.started(1, AT));
            spool.append(RunEvent.output(1, 1, AT, "héllo\n"));
            spool.append(RunEvent.finished(1, 2, AT, "succeeded", 0, null, "héllo\n"));
            spool.append(RunEvent.started(2, AT));
            assertThat(spool.undeliveredFinishes()).containsExactly(1L);
            spool.delivered(1);
        }
        try (EventSpool spool = new EventSpool(dir)) {
            List<RunEvent> left = spool.peek(100, 0);
            assertThat(left).extracting(RunEvent::kind)
                    .containsExactly(RunEvent.Kind.OUTPUT, RunEvent.Kind.FINISHED, RunEvent.Kind.STARTED);
            assertThat(left.getFirst().text()).isEqualTo("héllo\n");
            assertThat(spool.undeliveredFinishes()).containsExactly(1L);
            spool.delivered(2);
            assertThat(spool.undeliveredFinishes()).isEmpty();
            assertThat(spool.peek(100, 0)).extracting(RunEvent::runId).containsExactly(2L);
        }
    }

    @Test
    void events_appended_together_are_delivered_one_at_a_time_across_restarts() throws Exception {
        try (EventSpool spool = new EventSpool(dir)) {
            spool.appendAll(List.of(RunEvent.started(1, AT), RunEvent.output(1, 1, AT, "ünïcode\n"),
                    RunEvent.finished(1, 2, AT, "succeeded", 0, null, null), RunEvent.started(2, AT)));
            spool.append(RunEvent.finished(2, 1, AT, "failed", 3, null, null));
            spool.delivered(2); // a boundary inside the one write
        }
        try (EventSpool spool = new EventSpool(dir)) {
            assertThat(spool.peek(100, 0)).extracting(RunEvent::kind, RunEvent::runId).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(RunEvent.Kind.FINISHED, 1L),
                    org.assertj.core.groups.Tuple.tuple(RunEvent.Kind.STARTED, 2L),
                    org.assertj.core.groups.Tuple.tuple(RunEvent.Kind.FINISHED, 2L));
            assertThat(spool.undeliveredFinishes()).containsExactlyInAnyOrder(1L, 2L);
            spool.delivered(2);
        }
        try (EventSpool spool = new EventSpool(dir)) {
            assertThat(spool.peek(100, 0)).extracting(RunEvent::kind, RunEvent::exitCode)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(RunEvent.Kind.FINISHED, 3));
        }
    }

    @Test
    void a_line_torn_by_a_crash_is_cut_off_and_appending_goes_on_after_it() throws Exception {
        try (EventSpool spool = new EventSpool(dir)) {
            spool.append(RunEvent.started(1, AT));
        }
        Files.writeString(dir.resolve("events.jsonl"), "{\"runId\":2,\"seq\":0,\"ki", StandardOpenOption.APPEND);
        try (EventSpool spool = new EventSpool(dir)) {
            assertThat(spool.size()).isEqualTo(1);
            spool.append(RunEvent.started(3, AT));
        }
        try (EventSpool spool = new EventSpool(dir)) {
            assertThat(spool.peek(10, 0)).extracting(RunEvent::runId).containsExactly(1L, 3L);
        }
    }

    @Test
    void the_file_starts_over_once_everything_is_delivered_and_it_grew_large() throws Exception {
        String big = "x".repeat(64 * 1024);
        try (EventSpool spool = new EventSpool(dir)) {
            int n = (int) (EventSpool.COMPACT_BYTES / big.length()) + 2;
            for (int i = 1; i <= n; i++) spool.append(RunEvent.output(1, i, AT, big));
            assertThat(Files.size(dir.resolve("events.jsonl"))).isGreaterThan(EventSpool.COMPACT_BYTES);
            spool.delivered(n);
            assertThat(Files.size(dir.resolve("events.jsonl"))).isZero();
            spool.append(RunEvent.started(2, AT));
        }
        try (EventSpool spool = new EventSpool(dir)) {
            assertThat(spool.peek(10, 0)).extracting(RunEvent::runId).containsExactly(2L);
        }
    }

    @Test
    void waiting_for_empty_returns_when_the_last_event_is_delivered() throws Exception {
        try (EventSpool spool = new EventSpool(dir)) {
            spool.append(RunEvent.started(1, AT));
            assertThat(spool.awaitEmpty(10)).isFalse();
            Thread t = Thread.ofVirtual().start(() -> spool.delivered(1));
            assertThat(spool.awaitEmpty(5_000)).isTrue();
            t.join();
        }
    }
}

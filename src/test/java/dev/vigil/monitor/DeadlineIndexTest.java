package dev.vigil.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeadlineIndexTest {

    @Test
    void hands_over_due_jobs_in_deadline_order_and_keeps_later_ones() {
        var index = new DeadlineIndex();
        index.put(1, 300L);
        index.put(2, 100L);
        index.put(3, 200L);
        List<Long> due = new ArrayList<>();
        index.pollDue(250, 10, (job, d) -> due.add(job));
        assertThat(due).containsExactly(2L, 3L);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.earliest()).isEqualTo(300);
    }

    @Test
    void replacing_or_removing_a_deadline_moves_the_job() {
        var index = new DeadlineIndex();
        index.put(1, 100L);
        index.put(2, 200L);
        index.put(1, 500L);
        assertThat(index.earliest()).isEqualTo(200);
        index.put(2, null);
        assertThat(index.earliest()).isEqualTo(500);
        assertThat(index.deadlineOf(2)).isEqualTo(-1);
    }

    @Test
    void tells_the_timer_when_a_put_creates_a_new_earliest_deadline() {
        var index = new DeadlineIndex();
        var calls = new AtomicInteger();
        index.onNewEarliest(calls::incrementAndGet);
        index.put(1, 500L);
        index.put(2, 900L);
        index.put(3, 100L);
        assertThat(calls).hasValue(2);
    }

    @Test
    void agrees_with_a_reference_model_under_random_operations() {
        var index = new DeadlineIndex();
        Map<Long, Long> model = new HashMap<>();
        Random random = new Random(42);
        long now = 0;
        for (int step = 0; step < 200_000; step++) {
            long job = random.nextInt(5_000);
            int op = random.nextInt(10);
            if (op < 6) {
                long d = now + random.nextInt(10_000);
                index.put(job, d);
                model.put(job, d);
            } else if (op < 8) {
                index.remove(job);
                model.remove(job);
            } else {
                now += random.nextInt(200);
                long cutoff = now;
                List<long[]> polled = new ArrayList<>();
                index.pollDue(cutoff, Integer.MAX_VALUE, (j, d) -> polled.add(new long[] {j, d}));
                long last = Long.MIN_VALUE;
                for (long[] p : polled) {
                    assertThat(p[1]).isLessThanOrEqualTo(cutoff).isGreaterThanOrEqualTo(last);
                    assertThat(model.remove(p[0])).isEqualTo(p[1]);
                    last = p[1];
                }
                assertThat(model.values()).allMatch(d -> d > cutoff);
            }
            assertThat(index.size()).isEqualTo(model.size());
        }
    }
}

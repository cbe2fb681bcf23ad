package dev.vigil.schedule;

import static dev.vigil.schedule.CronFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Schedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EveryAndNoneTest {

    @Test
    void every_fires_one_interval_after_the_anchor_it_is_given() {
        FireTimes t = Schedules.fireTimes(Schedules.parseEvery("15m"));
        assertThat(t.next(at("2025-03-09T06:50:00Z"))).contains(at("2025-03-09T07:05:00Z"));
        assertThat(t.next(at("2025-03-09T06:50:00Z"), 3))
                .containsExactly(at("2025-03-09T07:05:00Z"), at("2025-03-09T07:20:00Z"), at("2025-03-09T07:35:00Z"));
        assertThat(t.typicalInterval()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void every_treats_the_argument_of_previous_as_the_anchor() {
        FireTimes t = Schedules.fireTimes(new Schedule.Every(Duration.ofHours(4)));
        assertThat(t.previous(at("2025-01-01T10:00:00Z"))).contains(at("2025-01-01T10:00:00Z"));
        assertThat(t.previous(t.next(at("2025-01-01T10:00:00Z")).orElseThrow())).contains(at("2025-01-01T14:00:00Z"));
    }

    @Test
    void no_schedule_never_fires() {
        FireTimes t = Schedules.fireTimes(Schedule.none());
        assertThat(t.next(at("2025-01-01T00:00:00Z"))).isEmpty();
        assertThat(t.previous(at("2025-01-01T00:00:00Z"))).isEmpty();
        assertThat(t.next(at("2025-01-01T00:00:00Z"), 10)).isEmpty();
        assertThat(t.typicalInterval()).isEqualTo(Duration.ZERO);
    }
}
